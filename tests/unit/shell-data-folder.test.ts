/**
 * The desktop shell's part of "Move data folder…", in Node: the native chooser is asked for a folder it may create
 * (the dialog injected, as Electron cannot run here), and a move or restore that answered relaunches the app, with
 * writes refused while the copy is made and until the relaunch.
 */
import type { OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { afterRoute, folderChooser, MoveGate, type ShowOpenDialog } from '../../src/main/electron/data-folder';
import type { Envelope } from '../../src/shared/errors';
import type { MoveResult } from '../../src/shared/ipc/data';

const moved: MoveResult = {
  from: '/home/ada/.config/ValueRank Desktop',
  to: '/mnt/big/valuerank',
  counts: { definitions: 2, runs: 1, jobs: 4, transcripts: 4 },
  pointer: '/home/ada/.config/ValueRank Desktop/data-folder.json',
  switched: 'next-start',
  note: 'The app opens /mnt/big/valuerank from its next start.',
};

describe('the folder chooser', () => {
  it('opens a directory dialog that can create the folder, and answers the folder chosen', async () => {
    const asked: OpenDialogOptions[] = [];
    const show: ShowOpenDialog = async (options) => {
      asked.push(options);
      return { canceled: false, filePaths: ['/mnt/big/valuerank'] };
    };
    expect(await folderChooser(show, '/home/ada')({ title: 'Move data folder to…' })).toBe('/mnt/big/valuerank');
    expect(asked).toEqual([
      {
        title: 'Move data folder to…',
        defaultPath: '/home/ada',
        buttonLabel: 'Choose',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      },
    ]);
  });

  it('answers null when cancelled or when nothing was chosen', async () => {
    const cancelled = folderChooser(async () => ({ canceled: true, filePaths: ['/ignored'] }), '/home/ada');
    expect(await cancelled({ title: 'x' })).toBeNull();
    const empty = folderChooser(async () => ({ canceled: false, filePaths: [] }), '/home/ada');
    expect(await empty({ title: 'x' })).toBeNull();
  });
});

describe('after a route answers', () => {
  it('relaunches after a move the pointer records, and says so', () => {
    const answered = afterRoute('data.move', { ok: true, value: moved });
    expect(answered.relaunch).toBe(true);
    const value = answered.result.ok ? (answered.result.value as MoveResult) : null;
    expect(value?.switched).toBe('relaunch');
    expect(value?.note).toBe(
      'ValueRank Desktop restarts in a moment and opens /mnt/big/valuerank. The old folder ' +
        '/home/ada/.config/ValueRank Desktop was not changed: its data stays there until you delete it yourself.',
    );
  });

  it('does not relaunch when VALUERANK_DATA_DIR chose the folder, nor after a refusal or another route', () => {
    const manual = afterRoute('data.move', { ok: true, value: { ...moved, pointer: null } });
    expect(manual.relaunch).toBe(false);
    const refusal = { ok: false as const, error: { code: 'VALIDATION' as const, message: 'not empty' } };
    expect(afterRoute('data.move', refusal)).toEqual({ result: refusal, relaunch: false });
    expect(afterRoute('runs.list', { ok: true, value: [] }).relaunch).toBe(false);
    expect(afterRoute('data.restore', { ok: true, value: {} }).relaunch).toBe(true);
  });

  it('refuses writes (and a second move) while the copy is made and until the relaunch; reads go on', async () => {
    const gate = new MoveGate();
    let answer: (result: Envelope<unknown>) => void = () => undefined;
    const moving = gate.call('data.move', () => new Promise((resolve) => (answer = resolve)));
    expect(gate.refusal('definitions.import')).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/being copied to its new place: nothing can be changed/) },
    });
    expect(gate.refusal('data.move')).toMatchObject({
      error: { message: expect.stringMatching(/already being moved/) },
    });
    expect(gate.refusal('definitions.list')).toBeNull();
    answer({ ok: true, value: moved });
    expect((await moving).relaunch).toBe(true);
    const refused = await gate.call('runs.create', async () => ({ ok: true, value: 'never asked' }));
    expect(refused).toMatchObject({
      relaunch: false,
      result: { ok: false, error: { message: expect.stringMatching(/restarting to open the moved data folder/) } },
    });
    expect((await gate.call('runs.list', async () => ({ ok: true, value: [] }))).result).toEqual({
      ok: true,
      value: [],
    });
  });

  it('lets everything through again after a move that was refused', async () => {
    const gate = new MoveGate();
    const refusal = { ok: false as const, error: { code: 'VALIDATION' as const, message: 'not empty' } };
    expect(await gate.call('data.move', async () => refusal)).toEqual({ result: refusal, relaunch: false });
    expect(gate.refusal('definitions.import')).toBeNull();
  });

  it("holds the menu's Import and Export to the same refusals while the copy is made", async () => {
    const gate = new MoveGate();
    const asked: string[] = [];
    const menu = gate.gate(async (route) => {
      asked.push(route);
      return { ok: true, value: route };
    });
    let answer: (result: Envelope<unknown>) => void = () => undefined;
    const moving = gate.call('data.move', () => new Promise((resolve) => (answer = resolve)));
    expect(await menu('definitions.import', { fileName: 'd.yaml', text: '' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/being copied to its new place/) },
    });
    expect(await menu('runs.get', { id: 'r' })).toEqual({ ok: true, value: 'runs.get' });
    expect(asked).toEqual(['runs.get']);
    answer({ ok: false, error: { code: 'VALIDATION', message: 'not empty' } });
    await moving;
    expect(await menu('definitions.import', { fileName: 'd.yaml', text: '' })).toEqual({
      ok: true,
      value: 'definitions.import',
    });
  });
});
