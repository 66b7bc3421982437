/** The renderer's data layer: the resource store (one slot per route and input), its staleness and ordering, and the router. */
import { describe, expect, it } from 'vitest';
import type { RouteInput, RouteName, RouteOutput } from '../../src/shared/ipc';
import { ApiError } from '../../src/renderer/src/api/errors';
import {
  canSelectForCompare,
  DEFAULT_RUN_SORT,
  filterRuns,
  runFacets,
  sortRuns,
  type RunListFilter,
  type RunSort,
} from '../../src/renderer/src/lib/run-filters';
import { createResourceStore, readResource, type RouteCaller } from '../../src/renderer/src/stores/resource';
import { links, parseHash } from '../../src/renderer/src/stores/router';
import type { RunSummary } from '../../src/shared/domain';

/** A caller answering from a script of promises the test settles itself, in the order it chooses. */
function scriptedCaller() {
  const calls: { route: string; input: unknown; resolve(v: unknown): void; reject(e: unknown): void }[] = [];
  const call = (<K extends RouteName>(route: K, input: RouteInput<K>) =>
    new Promise<RouteOutput<K>>((resolve, reject) => {
      calls.push({ route, input, resolve: resolve as (v: unknown) => void, reject });
    })) as RouteCaller;
  return { call, calls };
}

describe('resource store', () => {
  it('keeps one slot per route and input, marks a failed refresh stale and keeps the data', async () => {
    const { call, calls } = scriptedCaller();
    const store = createResourceStore(call);
    const first = store.getState().fetch('definitions.samples', {});
    expect(readResource(store.getState(), 'definitions.samples', {}).loading).toBe(true);
    calls[0]!.resolve([{ name: 'a.yaml' }]);
    expect(await first).toEqual([{ name: 'a.yaml' }]);
    const loaded = readResource(store.getState(), 'definitions.samples', {});
    expect(loaded).toMatchObject({ data: [{ name: 'a.yaml' }], error: null, loading: false, stale: false });

    const second = store.getState().fetch('definitions.samples', {});
    calls[1]!.reject(new ApiError('INTERNAL', 'Cannot reach the ValueRank core', { network: true }));
    expect(await second).toBeNull();
    const stale = readResource(store.getState(), 'definitions.samples', {});
    expect(stale.data).toEqual([{ name: 'a.yaml' }]);
    expect(stale.stale).toBe(true);
    expect(stale.error?.network).toBe(true);

    // A change naming the route drops a slot nobody reads; a slot being read is fetched again by its reader.
    await store.getState().refresh(['definitions.samples']);
    expect(readResource(store.getState(), 'definitions.samples', {}).data).toBeNull();
    let refetched = 0;
    const release = store.getState().retain('definitions.samples:{}', async () => void refetched++);
    store.getState().put('definitions.samples', {}, [{ name: 'b.yaml' }]);
    await store.getState().refresh(['definitions.samples']);
    expect(refetched).toBe(1);
    expect(readResource(store.getState(), 'definitions.samples', {}).data).toEqual([{ name: 'b.yaml' }]);
    release();
    await store.getState().refresh(['definitions.samples']);
    expect(refetched).toBe(1);
    expect(readResource(store.getState(), 'definitions.samples', {}).data).toBeNull();
  });

  it('drops an answer that arrives after a newer request for the same slot', async () => {
    const { call, calls } = scriptedCaller();
    const store = createResourceStore(call);
    const older = store.getState().fetch('transcripts.get', { id: 't1' });
    const newer = store.getState().fetch('transcripts.get', { id: 't1' });
    calls[1]!.resolve({ id: 'new' });
    calls[0]!.resolve({ id: 'old' });
    expect(await newer).toEqual({ id: 'new' });
    expect(await older).toBeNull();
    expect(readResource(store.getState(), 'transcripts.get', { id: 't1' }).data).toEqual({ id: 'new' });
    expect(readResource(store.getState(), 'transcripts.get', { id: 't2' }).data).toBeNull();
  });
});

describe('router', () => {
  it('gives a transcript its own address, and reads it back', () => {
    const href = links.transcript('run_a b', 'tr_1');
    expect(href).toBe('#/runs/run_a%20b/transcripts/tr_1');
    expect(parseHash(href)).toEqual({ name: 'transcript', runId: 'run_a b', id: 'tr_1' });
    expect(parseHash('#/runs/r1/other/x')).toMatchObject({ name: 'not-found' });
    expect(parseHash('#/compare/a/b')).toEqual({ name: 'compare', a: 'a', b: 'b' });
  });
});

function run(id: string, definitionId: string, models: string[]): RunSummary {
  return {
    id,
    definitionId,
    definitionName: `def ${definitionId}`,
    models: models.map((m) => {
      const [providerId, modelId] = m.split(':') as [RunSummary['models'][number]['providerId'], string];
      return { providerId, modelId, modelVersion: null };
    }),
  } as RunSummary;
}

describe('run filters', () => {
  const runs = [
    run('r1', 'd1', ['openai:gpt-4o']),
    run('r2', 'd1', ['openai:gpt-4o-mini']),
    run('r3', 'd2', ['openai:gpt-4o']),
  ];

  it('filters by definition and by model, and lists both once', () => {
    expect(filterRuns(runs, { definitionId: 'd1', model: '' }).map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(filterRuns(runs, { definitionId: '', model: 'openai:gpt-4o' }).map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(filterRuns(runs, { definitionId: 'd2', model: 'openai:gpt-4o-mini' })).toEqual([]);
    expect(runFacets(runs)).toEqual({
      definitions: [
        { id: 'd1', name: 'def d1' },
        { id: 'd2', name: 'def d2' },
      ],
      models: ['openai:gpt-4o', 'openai:gpt-4o-mini'],
    });
  });

  it('hides archived runs unless asked and searches names, notes, definitions and models', () => {
    const named = [
      { ...runs[0]!, name: 'Pilot A', notes: '', archivedAt: null },
      { ...runs[1]!, name: null, notes: 'Temperature sweep', archivedAt: '2026-01-01T00:00:00.000Z' },
      { ...runs[2]!, name: null, notes: '', archivedAt: null },
    ];
    const ids = (filter: Partial<RunListFilter>): string[] =>
      filterRuns(named, { definitionId: '', model: '', ...filter }).map((r) => r.id);
    expect(ids({})).toEqual(['r1', 'r3']);
    expect(ids({ archived: true })).toEqual(['r1', 'r2', 'r3']);
    expect(ids({ search: 'pilot' })).toEqual(['r1']);
    expect(ids({ search: 'SWEEP' })).toEqual([]);
    expect(ids({ search: 'SWEEP', archived: true })).toEqual(['r2']);
    expect(ids({ search: 'def d2' })).toEqual(['r3']);
    expect(ids({ search: 'gpt-4o-mini', archived: true })).toEqual(['r2']);
  });

  it('sorts by any column, either way, ties newest first', () => {
    const dated = runs.map((r, i) => ({
      ...r,
      name: i === 1 ? 'Alpha' : null,
      createdAt: `2026-01-0${i + 1}T00:00:00.000Z`,
      status: i === 0 ? 'failed' : 'completed',
      progress: { total: 4, completed: i, failed: 0, cancelled: 0, pending: 0, running: 0 },
    })) as RunSummary[];
    const ids = (sort: RunSort): string[] => sortRuns(dated, sort).map((r) => r.id);
    expect(ids(DEFAULT_RUN_SORT)).toEqual(['r3', 'r2', 'r1']);
    expect(ids({ key: 'created', descending: false })).toEqual(['r1', 'r2', 'r3']);
    expect(ids({ key: 'run', descending: false })).toEqual(['r2', 'r1', 'r3']);
    expect(ids({ key: 'definition', descending: true })).toEqual(['r3', 'r2', 'r1']);
    expect(ids({ key: 'status', descending: false })).toEqual(['r3', 'r2', 'r1']);
    expect(ids({ key: 'progress', descending: true })).toEqual(['r3', 'r2', 'r1']);
    expect(ids({ key: 'models', descending: false })).toEqual(['r3', 'r1', 'r2']);
  });

  it('selects at most two runs, of one definition', () => {
    expect(canSelectForCompare(runs[1]!, [runs[0]!])).toBe(true);
    expect(canSelectForCompare(runs[2]!, [runs[0]!])).toBe(false);
    expect(canSelectForCompare(runs[2]!, [runs[0]!, runs[1]!])).toBe(false);
    expect(canSelectForCompare(runs[0]!, [runs[0]!, runs[1]!])).toBe(true);
  });
});

describe('empty slots', () => {
  it('are one stable idle value, so a selector over an empty slot does not re-render for ever', () => {
    const store = createResourceStore(scriptedCaller().call);
    const a = readResource(store.getState(), 'definitions.samples', {});
    const b = readResource(store.getState(), 'definitions.samples', {});
    expect(a).toBe(b);
    expect(a).toMatchObject({ data: null, loading: false });
  });
});
