/** The data folder hooks against a core the test answers: what each reads, and what each change reads again. */
import { act, createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { useBackUpData, useBackups, useMoveDataFolder, useRestoreBackup } from '../../src/renderer/src/data/backups';
import { fakeCore, mount, probe, settle } from './harness';

describe('backups', () => {
  it('lists the copies, and reads the list again after a backup and after a restore, not after a move', async () => {
    const core = fakeCore((route) => (route === 'data.backups' ? { folder: '/data/backups', backups: [] } : {}));
    const list = probe(() => useBackups());
    const backUp = probe(() => useBackUpData());
    const restore = probe(() => useRestoreBackup());
    const move = probe(() => useMoveDataFolder());
    mount(
      core.store,
      createElement(
        'div',
        null,
        createElement(list.Probe),
        createElement(backUp.Probe),
        createElement(restore.Probe),
        createElement(move.Probe),
      ),
    );
    await settle();
    expect(list.current!.data).toEqual({ folder: '/data/backups', backups: [] });
    expect(core.count('data.backups')).toBe(1);
    await act(async () => void (await backUp.current!.mutate({})));
    expect(core.count('data.backups')).toBe(2);
    await act(async () => void (await restore.current!.mutate({ file: 'manual-20261204T150000000Z.sqlite' })));
    expect(core.calls.find((c) => c.route === 'data.restore')?.input).toEqual({
      file: 'manual-20261204T150000000Z.sqlite',
    });
    expect(core.count('data.backups')).toBe(3);
    await act(async () => void (await move.current!.mutate({ destination: '/elsewhere' })));
    expect(core.count('data.backups')).toBe(3);
  });
});
