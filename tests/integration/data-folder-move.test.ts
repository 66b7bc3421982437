/**
 * "Move data folder…" with real folders through the CLI (in-process): the copy is checked and becomes the data folder
 * of the next start through the pointer in the home folder, the old folder is left as it was; a non-empty, unwritable,
 * nested or same (through a symlink) destination, a disk without room, or a queued run is refused with nothing copied,
 * and a copy failing midway removes what it created.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { defaultDataDir, MOVED_POINTER_FILE } from '../../src/main/core/paths';
import { SAMPLE_YAML } from '../helpers/db';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';
import { makeUnwritable } from '../helpers/unwritable';

describe('moving the data folder', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  // The home data folder lives under XDG_CONFIG_HOME: the pointer is written there, never in the real home.
  const env = { XDG_CONFIG_HOME: join(temp.dir, 'config'), INIT_CWD: temp.dir, OPENAI_API_KEY: 'test-key' };
  const home = defaultDataDir(env, 'linux');
  const cli = cliRunner(() => env);

  it('refuses a destination that is not empty, cannot be written, is inside the folder, or while a run is queued', async () => {
    writeFileSync(join(temp.dir, 'def.yaml'), SAMPLE_YAML);
    const imported = await cli('definitions', 'import', 'def.yaml');
    expect(imported.code).toBe(0);
    const full = join(temp.dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'thesis.docx'), 'mine');
    const notEmpty = await cli('data-folder', 'move', full);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.err.join('\n')).toMatch(/full is not empty: choose an empty or new folder/);
    expect(readdirSync(full)).toEqual(['thesis.docx']);

    mkdirSync(join(temp.dir, 'locked'));
    const unlock = makeUnwritable(join(temp.dir, 'locked'));
    if (unlock) {
      const locked = await cli('data-folder', 'move', join(temp.dir, 'locked', 'data'));
      expect(locked.err.join('\n')).toMatch(/locked\/data cannot be created: .*locked cannot be written by you/);
      unlock();
    }
    const nested = await cli('data-folder', 'move', join(home, 'inside'));
    expect(nested.err.join('\n')).toMatch(/inside the data folder in use/);
    symlinkSync(home, join(temp.dir, 'home-link'));
    const same = await cli('data-folder', 'move', join(temp.dir, 'home-link') + '/');
    expect(same.err.join('\n')).toMatch(/home-link is the data folder in use: choose another folder/);

    const smallErr: string[] = [];
    const small = await runCli(['data-folder', 'move', join(temp.dir, 'small')], {
      out: () => undefined,
      err: (line) => smallErr.push(line),
      env,
      coreOptions: { workerCount: 1, freeBytes: () => 10 * 1024 * 1024 },
    });
    expect(small).toBe(1);
    expect(smallErr.join('\n')).toMatch(
      /has 10\.0 MB free; the data needs 64\.\d MB .*Free some space or choose another disk/,
    );
    expect(existsSync(join(temp.dir, 'small'))).toBe(false);

    const queued = await cli('run', imported.out.at(-1)!, '--model', 'openai:gpt-4o-mini', '--ignore-health');
    const runId = queued.out.at(-1)!;
    const busy = await cli('data-folder', 'move', join(temp.dir, 'elsewhere'));
    expect(busy.err.join('\n')).toMatch(/1 run is queued or executing/);
    expect(existsSync(join(temp.dir, 'elsewhere'))).toBe(false);
    expect((await cli('cancel', runId)).code).toBe(0);
    expect(existsSync(join(home, MOVED_POINTER_FILE))).toBe(false);
  });

  it('removes what it created when the copy fails midway, and keeps the old folder in use', async () => {
    // A named pipe in exports/ cannot be copied: the database is already copied when the move fails.
    mkdirSync(join(home, 'exports'), { recursive: true });
    execFileSync('mkfifo', [join(home, 'exports', 'pipe')]);
    try {
      const failed = await cli('data-folder', 'move', join(temp.dir, 'new', 'nested', 'data'));
      expect(failed.code).not.toBe(0);
      expect(failed.err.join('\n')).toMatch(/fifo/i);
      expect(existsSync(join(temp.dir, 'new'))).toBe(false);
      expect(existsSync(join(home, MOVED_POINTER_FILE))).toBe(false);
      expect(defaultDataDir(env, 'linux')).toBe(home);
    } finally {
      rmSync(join(home, 'exports', 'pipe'));
    }
  });

  it('copies, checks and switches; the next start opens the new folder and the old one is untouched', async () => {
    const dest = join(temp.dir, 'new place');
    const before = readdirSync(home).sort();
    const moved = await cli('data-folder', 'move', dest);
    expect(moved.code).toBe(0);
    expect(moved.out.at(-1)).toBe(dest);
    expect(moved.err.join('\n')).toMatch(/Copied and checked: 1 definitions, 1 runs, 4 jobs, 0 transcripts/);
    expect(moved.err.join('\n')).toMatch(/old folder .* was not changed/);
    expect(JSON.parse(readFileSync(join(home, MOVED_POINTER_FILE), 'utf8'))).toMatchObject({ dataDir: dest });
    expect(defaultDataDir(env, 'linux')).toBe(dest);
    expect(readdirSync(home).sort()).toEqual([...before, MOVED_POINTER_FILE].sort());

    // The next command opens the moved folder: a definition imported now lands there, not in the old one.
    writeFileSync(join(temp.dir, 'second.yaml'), SAMPLE_YAML.replace(/^name: .*$/m, 'name: Second definition'));
    expect((await cli('definitions', 'import', 'second.yaml')).code).toBe(0);
    expect((await cli('definitions', 'list')).out).toHaveLength(2);
    expect((await cli('--data-dir', home, 'definitions', 'list')).out).toHaveLength(1);
  });

  it('refuses to start when the moved folder holds no data now (an unplugged drive), creating nothing', async () => {
    const dest = join(temp.dir, 'new place');
    // The drive is "unplugged": the folder the pointer names is gone.
    renameSync(dest, join(temp.dir, 'unplugged'));
    const refused = await cli('definitions', 'list');
    expect(refused.code).toBe(4);
    expect(refused.err.join('\n')).toMatch(
      /DATA_FOLDER_MISSING: The data folder was moved to .*new place, but no ValueRank data is there now .*delete .*data-folder\.json/,
    );
    expect(existsSync(dest)).toBe(false);
    // --data-dir still opens any folder; the drive back, the moved data is used again.
    expect((await cli('--data-dir', home, 'definitions', 'list')).out).toHaveLength(1);
    renameSync(join(temp.dir, 'unplugged'), dest);
    expect((await cli('definitions', 'list')).out).toHaveLength(2);
  });
});
