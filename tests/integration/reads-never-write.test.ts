/**
 * "Reads never write", enforced: every route the contract classifies as a read (src/shared/ipc/effects.ts) is called
 * against a real database holding finished runs, and a second connection to the same file watches for any commit
 * (`PRAGMA data_version` changes when another connection commits). A write route is the control: it must be seen.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { ROUTE_EFFECTS, type ReadRoute, type RouteInput } from '../../src/shared/ipc';
import { startHarness, type CoreHarness } from '../helpers/core';

describe('reads never write', () => {
  let h: CoreHarness;
  let watcher: Database.Database;
  let inputs: { [K in ReadRoute]: RouteInput<K> };

  const dataVersion = (): number => watcher.pragma('data_version', { simple: true }) as number;

  beforeAll(async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    const models = [{ providerId: 'openai' as const, modelId: 'gpt-4o-mini' }];
    const runA = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models });
    await h.waitForRun(runA.id);
    const runB = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models, parentRunId: runA.id });
    await h.waitForRun(runB.id);
    const study = await callRoute(h.core.dispatch, 'studies.create', { name: 'Reads', runIds: [runA.id, runB.id] });
    // Nothing runs in the background while the reads are watched.
    await h.core.internals.scheduler.stop();
    const definition = await callRoute(h.core.dispatch, 'definitions.get', { id: definitionId });
    const [dimensionA, dimensionB] = definition.content.dimensions.map((d) => d.name);
    const [transcript] = await callRoute(h.core.dispatch, 'runs.transcripts', { runId: runA.id });
    const runId = runA.id;
    inputs = {
      'definitions.list': {},
      'definitions.get': { id: definitionId },
      'definitions.samples': {},
      'definitions.scenarios': { definitionId },
      'definitions.source': { id: definitionId },
      'definitions.validate': { text: 'name: x\ntemplate: y\n' },
      'definitions.versions': { familyId: definition.familyId },
      'definitions.diff': { fromId: definitionId, toId: definitionId },
      'definitions.preview': { text: 'name: x\ntemplate: y\n', definitionId },
      'providers.list': {},
      'runs.preview': { definitionId, models },
      'runs.list': {},
      'runs.get': { id: runId },
      'runs.deletion': { id: runId },
      'runs.transcripts': { runId, text: 'rating' },
      'runs.related': { id: runId },
      'transcripts.get': { id: transcript!.id },
      'transcripts.count': { runId, outcome: 'answer', text: 'rating' },
      'transcripts.levels': { runId, model: 'x', scenario: ['s1'] },
      'results.summary': { runId },
      'results.scenarios': { runId },
      'results.compare': { runA: runA.id, runB: runB.id },
      'results.effects': { runId },
      'results.interaction': { runId, dimensionA: dimensionA!, dimensionB: dimensionB! },
      'results.agreement': { runId },
      'results.compareEffects': { runA: runA.id, runB: runB.id },
      'export.progress': { runId },
      'system.worker': {},
      'system.python': {},
      'system.paths': {},
      'preferences.get': {},
      'prices.list': {},
      'studies.list': {},
      'studies.get': { id: study.id },
      'studies.ranking': { id: study.id },
      'results.values': { runIds: [runA.id, runB.id] },
      'batches.list': { runId },
      'data.backups': {},
    };
    watcher = new Database(join(h.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  }, 60_000);

  afterAll(async () => {
    watcher?.close();
    await h?.stop();
  });

  it('lists an input for every read route of the contract', () => {
    const reads = Object.entries(ROUTE_EFFECTS)
      .filter(([, effect]) => effect === 'read')
      .map(([route]) => route);
    expect(Object.keys(inputs).sort()).toEqual(reads.sort());
  });

  it('calls every read route, each answering, without a single commit to the database', async () => {
    const before = dataVersion();
    const failures: string[] = [];
    for (const [route, input] of Object.entries(inputs)) {
      const envelope = await h.core.dispatch(route, input);
      if (!envelope.ok) failures.push(`${route}: ${envelope.error.code} ${envelope.error.message}`);
      if (dataVersion() !== before) failures.push(`${route} wrote to the database`);
    }
    expect(failures).toEqual([]);
  });

  it('sees a write route commit (the watch can fail)', async () => {
    const before = dataVersion();
    await callRoute(h.core.dispatch, 'runs.viewed', { id: inputs['runs.get'].id });
    expect(dataVersion()).not.toBe(before);
  });
});
