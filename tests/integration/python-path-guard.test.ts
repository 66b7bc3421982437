/**
 * The Python interpreter chosen in Settings is run (even to probe it) only when it is the absolute path of an existing
 * regular file without NUL characters: a bare command (`bash`), a relative path, a directory or a NUL byte is refused
 * before anything is executed.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { settingsPathProblem } from '../../src/main/core/python/interpreter';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

describe('the Python path from Settings', () => {
  let h: CoreHarness | null = null;
  const temp = makeTempDir();
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('refuses bare commands, relative paths, directories and NUL bytes without running them', async () => {
    h = await startHarness({ startScheduler: false });
    const marker = join(temp.dir, 'ran');
    const script = join(temp.dir, 'pretend-python');
    writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(script, 0o755);
    mkdirSync(join(temp.dir, 'a-dir'));
    const attempts = [
      ['bash', /not the full path of a file/],
      [relative(process.cwd(), script), /not the full path of a file/],
      [join(temp.dir, 'a-dir'), /There is no file at/],
      [`${script}\0--version`, /NUL character/],
    ] as const;
    for (const [pythonPath, message] of attempts) {
      await expect(callRoute(h.core.dispatch, 'preferences.save', { pythonPath })).rejects.toThrow(message);
    }
    expect(existsSync(marker)).toBe(false);
    expect((await callRoute(h.core.dispatch, 'preferences.get', {})).pythonPath).toBeNull();
    // The same file by its full path is run (and refused for not being Python): the rule is about the path's form.
    await expect(callRoute(h.core.dispatch, 'preferences.save', { pythonPath: script })).rejects.toThrow(
      /did not run as Python/,
    );
    expect(existsSync(marker)).toBe(true);
    temp.cleanup();
  });

  it('names the problem for each form', () => {
    expect(settingsPathProblem('/usr/bin/python3', () => true)).toBeNull();
    expect(settingsPathProblem('python3', () => true)).toMatch(/not the full path/);
    expect(settingsPathProblem('/x/python3', () => false)).toMatch(/There is no file at \/x\/python3/);
    expect(settingsPathProblem('/x/py\0thon', () => true)).toMatch(/NUL/);
  });
});
