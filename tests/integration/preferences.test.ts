/**
 * The app's own Settings over a real SQLite file: defaults for what was never saved, a save changes only the fields it
 * names and survives a restart, bad input is refused with a sentence, a value a later build cannot parse reads as its
 * default, and the core tells its front doors what changed.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { DEFAULT_PREFERENCES, type Preferences } from '../../src/shared/preferences';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

/**
 * A Python that runs, by its full path (a saved path must be the absolute path of a file, and is checked first); the
 * path-specific cases are in python-setting.test.ts and python-path-guard.test.ts.
 */
const PYTHON = execFileSync(
  process.platform === 'win32' ? 'python' : 'python3',
  ['-c', 'import sys; print(sys.executable)'],
  {
    encoding: 'utf8',
  },
).trim();

describe('preferences', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  const open = (): Promise<Core> =>
    createCore({ dataDir, env: {}, startScheduler: false, logger: createMemoryLogger(() => []).logger });
  afterAll(() => temp.cleanup());

  it('reads defaults, saves a patch, keeps it across a restart and announces it', async () => {
    let core = await open();
    expect(await callRoute(core.dispatch, 'preferences.get', {})).toEqual(DEFAULT_PREFERENCES);

    const announced: Preferences[] = [];
    const off = core.events.on('preferences.changed', (p) => announced.push(p));
    const saved = await callRoute(core.dispatch, 'preferences.save', {
      preventSleep: false,
      pythonPath: PYTHON,
    });
    expect(saved).toEqual({ ...DEFAULT_PREFERENCES, preventSleep: false, pythonPath: PYTHON });
    expect(announced).toEqual([saved]);
    off();
    await callRoute(core.dispatch, 'preferences.save', { costConfirmThresholdUsd: null });
    expect(announced).toHaveLength(1);
    await core.close();

    core = await open();
    expect(await callRoute(core.dispatch, 'preferences.get', {})).toEqual({
      preventSleep: false,
      pythonPath: PYTHON,
      costConfirmThresholdUsd: null,
    });
    // Clearing the path returns to discovery.
    expect((await callRoute(core.dispatch, 'preferences.save', { pythonPath: null })).pythonPath).toBeNull();
    await core.close();
  });

  it('refuses bad input with a sentence and an unknown field, and changes nothing', async () => {
    const core = await open();
    try {
      const before = await callRoute(core.dispatch, 'preferences.get', {});
      await expect(callRoute(core.dispatch, 'preferences.save', { costConfirmThresholdUsd: -1 })).rejects.toThrow(
        /cost threshold must be 0 or more/,
      );
      await expect(callRoute(core.dispatch, 'preferences.save', { pythonPath: '   ' })).rejects.toThrow(
        /must not be empty/,
      );
      await expect(
        callRoute(core.dispatch, 'preferences.save', { preventSleeep: false } as unknown as { preventSleep: boolean }),
      ).rejects.toThrow(/preventSleeep/);
      expect(await callRoute(core.dispatch, 'preferences.get', {})).toEqual(before);
    } finally {
      await core.close();
    }
  });

  it('reads a stored value this build cannot parse as its default', async () => {
    const core = await open();
    try {
      const { sqlite } = core.internals.database;
      sqlite
        .prepare(`INSERT OR REPLACE INTO app_preferences (key, value_json, updated_at) VALUES (?, ?, ?)`)
        .run('preventSleep', '"sometimes"', 'x');
      sqlite
        .prepare(`INSERT OR REPLACE INTO app_preferences (key, value_json, updated_at) VALUES (?, ?, ?)`)
        .run('costConfirmThresholdUsd', '{not json', 'x');
      sqlite
        .prepare(`INSERT OR REPLACE INTO app_preferences (key, value_json, updated_at) VALUES (?, ?, ?)`)
        .run('retiredSetting', 'true', 'x');
      const read = await callRoute(core.dispatch, 'preferences.get', {});
      expect(read.preventSleep).toBe(DEFAULT_PREFERENCES.preventSleep);
      expect(read.costConfirmThresholdUsd).toBe(DEFAULT_PREFERENCES.costConfirmThresholdUsd);
      expect(Object.keys(read).sort()).toEqual(Object.keys(DEFAULT_PREFERENCES).sort());
    } finally {
      await core.close();
    }
  });
});
