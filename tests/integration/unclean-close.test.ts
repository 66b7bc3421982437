/**
 * After an unclean close (a marker left by a process that is gone), the database gets SQLite's quick_check before
 * anything reads it: pages damaged in the middle of the file are reported with the path and the way back, and a clean
 * close leaves no marker, so an ordinary start pays nothing.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

describe('start-up after an unclean close', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  const dataDir = join(temp.dir, 'data');
  const open = () => createCore({ dataDir, env: {}, startScheduler: false, logger: createMemoryLogger().logger });
  const markers = () => readdirSync(dataDir).filter((name) => name.includes('.sqlite.open-'));

  it('leaves no marker after a clean close, and finds damaged pages after an unclean one', async () => {
    const core = await open();
    expect(markers()).toEqual([`valuerank.sqlite.open-${process.pid}`]);
    for (let i = 0; i < 20; i += 1)
      await callRoute(core.dispatch, 'definitions.import', {
        fileName: `d${i}.yaml`,
        text: SAMPLE_YAML.replace(
          'What should the council do?',
          `What should the council do ${i}? ${'x'.repeat(3000)}`,
        ),
      });
    await core.close();
    expect(markers()).toEqual([]);

    // Pages in the middle overwritten: an ordinary start (clean close last time) does not look, and opens.
    const file = openSync(join(dataDir, 'valuerank.sqlite'), 'r+');
    const middle = Math.floor(statSync(join(dataDir, 'valuerank.sqlite')).size / 4096 / 2) * 4096;
    writeSync(file, Buffer.alloc(4096 * 2, 0x5a), 0, 4096 * 2, middle);
    closeSync(file);
    await (await open()).close();
    // A process that died with the database open (its pid is gone): this start checks first, and refuses.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    closeSync(openSync(join(dataDir, `valuerank.sqlite.open-${dead}`), 'a'));

    const failed = await open().then(
      (c) => c.close().then(() => null),
      (error: unknown) => error,
    );
    expect(failed, String(failed)).toMatchObject({
      code: 'DATABASE_CORRUPT',
      message: expect.stringMatching(/valuerank\.sqlite is damaged \(the last close was not clean.*restore a backup/s),
    });
  });
});
