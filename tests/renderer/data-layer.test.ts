/**
 * The renderer's one way to read and one way to write, mounted in happy-dom against a cache whose core the test
 * answers: the read hook fetches, polls (on fake timers) until the answer is final and resumes when the slot comes
 * back to life; a mutation keeps its answer and refreshes the slots being read; a paged list appends and refreshes
 * what it shows; opening a transcript inline or on its own page records it as viewed.
 */
import { act, createElement } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useMutation } from '../../src/renderer/src/hooks/useMutation';
import { usePaged } from '../../src/renderer/src/hooks/usePaged';
import { useRoute } from '../../src/renderer/src/hooks/useRoute';
import { SelectedTranscript } from '../../src/renderer/src/components/RunResults';
import { TranscriptPage } from '../../src/renderer/src/pages/TranscriptPage';
import { readResource } from '../../src/renderer/src/stores/resource';
import { fakeCore, mount, probe, settle } from './harness';

describe('useRoute', () => {
  it('fetches on mount, polls until the answer is final, and polls again when the slot comes back to life', async () => {
    vi.useFakeTimers();
    let status = 'running';
    const core = fakeCore(() => ({ id: 'r1', status }));
    const read = probe(() =>
      useRoute('runs.get', { id: 'r1' }, { pollMs: 1000, pollWhile: (e) => e.data?.status !== 'completed' }),
    );
    mount(core.store, createElement(read.Probe));
    await settle();
    expect(core.count('runs.get')).toBe(1);
    expect(read.current?.data).toEqual({ id: 'r1', status: 'running' });

    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(core.count('runs.get')).toBe(2);
    status = 'completed';
    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(core.count('runs.get')).toBe(3);
    expect(read.current?.data).toMatchObject({ status: 'completed' });
    await act(async () => void vi.advanceTimersByTime(5000));
    expect(core.count('runs.get')).toBe(3);

    // "Retry failed jobs" answers with a running run: the watcher starts again.
    status = 'running';
    act(() => core.store.getState().put('runs.get', { id: 'r1' }, { id: 'r1', status: 'running' } as never));
    await settle();
    expect(core.count('runs.get')).toBe(4);
  });

  it('keeps one poll going when a change refreshes the slot between polls', async () => {
    vi.useFakeTimers();
    const core = fakeCore(() => ({ id: 'r1', status: 'running' }));
    const read = probe(() => useRoute('runs.get', { id: 'r1' }, { pollMs: 1000 }));
    mount(core.store, createElement(read.Probe));
    await settle();
    // Two refreshes in flight at once (a change's and an event's): each plans the next poll, only one timer is kept.
    await act(async () => {
      const first = core.store.getState().refresh(['runs.get']);
      await core.store.getState().refresh(['runs.get']);
      await first;
    });
    expect(core.count('runs.get')).toBe(3);
    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(core.count('runs.get')).toBe(4);
  });

  it('refreshes early on the run’s progress events, at most once a second, and reads without fetching when disabled', async () => {
    vi.useFakeTimers();
    const core = fakeCore(() => ({ id: 'r1', status: 'running' }));
    const watched = probe(() => useRoute('runs.get', { id: 'r1' }, { pollMs: 60_000, progressOf: 'r1' }));
    const passive = probe(() => useRoute('runs.get', { id: 'r1' }, { enabled: false }));
    mount(core.store, createElement('div', null, createElement(watched.Probe), createElement(passive.Probe)));
    await settle();
    expect(core.count('runs.get')).toBe(1);
    expect(passive.current?.data).toEqual({ id: 'r1', status: 'running' });
    act(() => {
      core.push('other-run');
      core.push('r1');
    });
    await settle();
    expect(core.count('runs.get')).toBe(1);
    await act(async () => void vi.advanceTimersByTime(1500));
    act(() => core.push('r1'));
    await settle();
    expect(core.count('runs.get')).toBe(2);
  });

  it('reads a settled slot again when its run’s progress event says it changed, no sooner than a second after', async () => {
    vi.useFakeTimers();
    let chunks: string[] = [];
    const core = fakeCore(() => chunks);
    const read = probe(() =>
      useRoute(
        'batches.list',
        { runId: 'r1' },
        { pollMs: 1000, pollWhile: (e) => (e.data?.length ?? 0) > 0 && false, progressOf: 'r1' },
      ),
    );
    mount(core.store, createElement(read.Probe));
    await settle();
    // The answer looked final: no more polls.
    await act(async () => void vi.advanceTimersByTime(5000));
    expect(core.count('batches.list')).toBe(1);
    // A collection pass in the core planned a chunk and said so: read once more, then settle again.
    chunks = ['bch_1'];
    act(() => core.push('r1'));
    await act(async () => void vi.advanceTimersByTime(0));
    await settle();
    expect(core.count('batches.list')).toBe(2);
    expect(read.current?.data).toEqual(['bch_1']);
    // An event right after a read waits out the second before reading again.
    act(() => core.push('r1'));
    await settle();
    expect(core.count('batches.list')).toBe(2);
    await act(async () => void vi.advanceTimersByTime(1000));
    await settle();
    expect(core.count('batches.list')).toBe(3);
    await act(async () => void vi.advanceTimersByTime(5000));
    expect(core.count('batches.list')).toBe(3);
  });
});

describe('useMutation', () => {
  it('keeps the answer, refreshes the slots being read and drops the others; a refusal is kept as the error', async () => {
    const core = fakeCore((route, input) => {
      if (route === 'runs.pause') return { id: input.id, status: 'paused' };
      if (route === 'runs.cancel') throw Object.assign(new Error('no'), { code: 'CONFLICT' });
      return [{ id: 'r1' }];
    });
    const list = probe(() => useRoute('runs.list', {}));
    const pause = probe(() =>
      useMutation('runs.pause', {
        refreshes: ['runs.list', 'definitions.list'],
        put: (run, cache) => cache.put('runs.get', { id: run.id }, run),
      }),
    );
    const cancel = probe(() => useMutation('runs.cancel'));
    mount(
      core.store,
      createElement('div', null, createElement(list.Probe), createElement(pause.Probe), createElement(cancel.Probe)),
    );
    await act(async () => void (await core.store.getState().fetch('definitions.list', {})));
    await settle();
    expect(core.count('runs.list')).toBe(1);

    await act(async () => void (await pause.current!.run({ id: 'r1' }, 'Paused.')));
    expect(core.count('runs.list')).toBe(2);
    expect(readResource(core.store.getState(), 'runs.get', { id: 'r1' }).data).toMatchObject({ status: 'paused' });
    expect(readResource(core.store.getState(), 'definitions.list', {}).fetchedAt).toBeNull();
    expect(pause.current?.message).toBe('Paused.');

    await act(async () => void (await cancel.current!.run({ id: 'r1' })));
    expect(cancel.current?.error?.message).toBe('no');
  });
});

describe('usePaged', () => {
  it('loads a page, appends the next on "load more", and a refresh fetches again what is shown', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `t${i}` }));
    const core = fakeCore((_route, input) =>
      rows.slice(Number(input.offset), Number(input.offset) + Number(input.limit)),
    );
    const paged = probe(() => usePaged('runs.transcripts', { runId: 'r1' }, { pageSize: 2, maxLimit: 3 }));
    mount(core.store, createElement(paged.Probe));
    await settle();
    expect(paged.current?.data).toEqual({ items: rows.slice(0, 2), hasMore: true });
    await act(async () => paged.current!.loadMore());
    expect(paged.current?.data?.items).toHaveLength(4);
    await act(async () => core.store.getState().refresh(['runs.transcripts']));
    expect(core.calls.at(-1)?.input).toEqual({ runId: 'r1', offset: 0, limit: 3 });
    expect(paged.current?.data).toEqual({ items: rows.slice(0, 3), hasMore: true });
  });
});

describe('viewed', () => {
  it('is recorded when a transcript opens on its own page and when it opens inline', async () => {
    // The transcript itself is not found (the page says so): opening it is still what records the visit.
    const core = fakeCore((route) => {
      if (route === 'transcripts.viewed') return { viewed: true };
      throw new Error('No such transcript');
    });
    mount(core.store, createElement(TranscriptPage, { runId: 'r1', id: 'tr1' }));
    await settle();
    expect(core.calls.filter((c) => c.route === 'transcripts.viewed')).toEqual([
      { route: 'transcripts.viewed', input: { id: 'tr1' } },
    ]);
    const inline = mount(core.store, createElement(SelectedTranscript, { id: 'tr1', onClose: () => undefined }));
    await settle();
    expect(inline.textContent).toContain('No such transcript');
    expect(core.count('transcripts.viewed')).toBe(2);
  });
});
