/** The data folder hooks against a core the test answers: what each reads, and what each change reads again. */
import { act, createElement } from 'react';
import { describe, expect, it } from 'vitest';
import {
  useBackUpData,
  useBackups,
  useFolderChooser,
  useMoveDataFolder,
  useRestoreBackup,
} from '../../src/renderer/src/data/backups';
import { useChecking } from '../../src/renderer/src/stores/checking';
import { useNotices } from '../../src/renderer/src/stores/notices';
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

  it('reads everything again and drops the old folder’s client state when the app already uses the moved folder', async () => {
    let switched = 'relaunch';
    const core = fakeCore((route) =>
      route === 'data.backups'
        ? { folder: '/data/backups', backups: [] }
        : route === 'data.move'
          ? { to: '/elsewhere', switched }
          : route === 'data.chooseFolder'
            ? { path: '/chosen' }
            : {},
    );
    const list = probe(() => useBackups());
    const move = probe(() => useMoveDataFolder());
    const chooser = probe(() => useFolderChooser());
    mount(
      core.store,
      createElement('div', null, createElement(list.Probe), createElement(move.Probe), createElement(chooser.Probe)),
    );
    await settle();
    useNotices.getState().imported({ definitionId: 'd1', fileName: 'a.yaml', alreadyImported: false });
    useChecking.setState({ checking: ['openai'] });
    // The desktop app restarts on the new folder: nothing to read again here.
    await act(async () => void (await move.current!.mutate({ destination: '/elsewhere' })));
    expect(core.count('data.backups')).toBe(1);
    expect(useNotices.getState().lastImport).not.toBeNull();
    switched = 'now';
    await act(async () => void (await move.current!.mutate({ destination: '/elsewhere' })));
    await settle();
    expect(core.count('data.backups')).toBe(2);
    expect(useNotices.getState().lastImport).toBeNull();
    expect(useChecking.getState().checking).toEqual([]);
    // No bridge here (browser mode): no chooser is offered, though the route is reachable.
    expect(chooser.current!.available).toBe(false);
    await act(async () => void (await chooser.current!.mutate({ title: 'Move data folder to…' })));
    expect(core.calls.find((c) => c.route === 'data.chooseFolder')?.input).toEqual({ title: 'Move data folder to…' });
  });
});
