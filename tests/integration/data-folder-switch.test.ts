/**
 * Browser mode's switch to a moved data folder without a restart, over real cores on real folders: writes are refused
 * while the copy is made (reads go on), the new folder is in use as soon as the move answers (events follow it), the
 * old folder keeps its data as it was, and a new folder that cannot be opened sends the app back to the old one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { inspectDatabaseFile } from '../../src/main/core/db/backup';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { defaultDataDir, homeDataDir, MOVED_POINTER_FILE } from '../../src/main/core/paths';
import { switchableCore, type SwitchableCore } from '../../src/main/front-door/switchable-core';
import type { Preferences } from '../../src/shared/preferences';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';

describe('switching to a moved data folder in-process', () => {
  const temp = makeTempDir('vr-switch-');
  const env = { XDG_CONFIG_HOME: join(temp.dir, 'config'), OPENAI_API_KEY: 'test-key' };
  const home = homeDataDir(env, 'linux');
  const { logger, lines } = createMemoryLogger(() => ['test-key']);
  const refuseOpening = new Set<string>();
  const open = (dataDir: string): Promise<Core> =>
    refuseOpening.has(dataDir)
      ? Promise.reject(new Error('the disk was unplugged'))
      : createCore({ dataDir, env, workerCount: 1, logger });
  let core: SwitchableCore;
  const changed: Preferences[] = [];
  const importSample = (name: string): Promise<unknown> =>
    callRoute(core.dispatch, 'definitions.import', {
      fileName: `${name}.yaml`,
      text: SAMPLE_YAML.replace(/^name: .*$/m, `name: ${name}`),
    });

  beforeAll(async () => {
    core = switchableCore({ first: await open(home), dataDir: home, open, logger });
    core.events.on('preferences.changed', (saved) => changed.push(saved));
    await importSample('Before the move');
  }, 60_000);

  afterAll(async () => {
    await core?.close();
    temp.cleanup();
  });

  it('refuses writes while the copy is made, lets reads through, and uses the new folder once it answers', async () => {
    const dest = join(temp.dir, 'moved', 'data');
    const moving = core.dispatch('data.move', { destination: dest });
    // Asked in the same turn as the move: the copy has begun, nothing has been written to the new folder yet.
    const write = core.dispatch('definitions.import', { fileName: 'x.yaml', text: SAMPLE_YAML });
    const read = core.dispatch('definitions.list', {});
    const again = core.dispatch('data.move', { destination: join(temp.dir, 'twice') });
    const refused = await write;
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/being copied to its new place: nothing can be changed/);
    expect((await read).ok).toBe(true);
    const twice = await again;
    expect(!twice.ok && twice.error.message).toMatch(/already being moved/);
    const moved = await moving;
    expect(moved.ok).toBe(true);
    const value = moved.ok ? (moved.value as { switched: string; note: string; to: string }) : null;
    expect(value?.switched).toBe('now');
    expect(value?.note).toContain(`ValueRank Desktop now uses ${dest}.`);
    expect(value?.note).toContain(`The old folder ${home} was not changed`);
    expect(core.dataDir()).toBe(dest);
    expect(defaultDataDir(env, 'linux')).toBe(dest);
    expect(existsSync(join(temp.dir, 'twice'))).toBe(false);

    // Writes now land in the new folder; the old one keeps what it had at the move.
    await importSample('After the move');
    expect(await callRoute(core.dispatch, 'definitions.list', {})).toHaveLength(2);
    expect(inspectDatabaseFile(join(home, DATABASE_FILE)).counts.definitions).toBe(1);
    expect(inspectDatabaseFile(join(dest, DATABASE_FILE)).counts.definitions).toBe(2);
    expect(core.internals.database.path).toBe(join(dest, DATABASE_FILE));

    // A listener subscribed before the move hears the new core.
    await callRoute(core.dispatch, 'preferences.save', { preventSleep: false });
    expect(changed.map((saved) => saved.preventSleep)).toEqual([false]);
  }, 60_000);

  it('goes back to the old folder, and the pointer with it, when the new one cannot be opened', async () => {
    const from = core.dataDir();
    const dest = join(temp.dir, 'unplugged');
    refuseOpening.add(dest);
    const moved = await core.dispatch('data.move', { destination: dest });
    expect(moved.ok).toBe(false);
    expect(!moved.ok && moved.error.message).toBe(
      `The copy in ${dest} was checked, but could not be opened (the disk was unplugged): ` +
        `the app goes on using ${from}, which was not changed. The copy is left as it is: delete it if you do not need it.`,
    );
    expect(core.dataDir()).toBe(from);
    expect(JSON.parse(readFileSync(join(home, MOVED_POINTER_FILE), 'utf8'))).toMatchObject({ dataDir: from });
    expect(await callRoute(core.dispatch, 'definitions.list', {})).toHaveLength(2);
    expect(lines.join('\n')).toMatch(/could not be opened: going back to the old one/);
  }, 60_000);

  it('answers the desktop folder chooser through the contract, checked; without one it says to type the path', async () => {
    const answers: (string | null)[] = ['/mnt/big/valuerank', null, 'relative/path'];
    const titles: string[] = [];
    const chooser = await createCore({
      dataDir: join(temp.dir, 'chooser'),
      env,
      workerCount: 1,
      logger,
      startScheduler: false,
      chooseFolder: async ({ title }) => {
        titles.push(title);
        return answers.shift() ?? null;
      },
    });
    try {
      expect(await callRoute(chooser.dispatch, 'data.chooseFolder', { title: 'Move data folder to…' })).toEqual({
        path: '/mnt/big/valuerank',
      });
      expect(await callRoute(chooser.dispatch, 'data.chooseFolder', {})).toEqual({ path: null });
      const relative = await chooser.dispatch('data.chooseFolder', {});
      expect(!relative.ok && relative.error.code).toBe('VALIDATION');
      expect(titles).toEqual(['Move data folder to…', 'Choose a folder', 'Choose a folder']);
    } finally {
      await chooser.close();
    }
    const none = await core.dispatch('data.chooseFolder', {});
    expect(!none.ok && none.error).toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/type the/) });
  }, 60_000);
});
