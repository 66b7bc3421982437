/** Run creation: validate before anything is queued, then write the run, its snapshot and every job in one transaction. */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ParsedInput, RunPreview } from '../../../shared/ipc';
import { LARGE_RUN_SCENARIOS, modelKey, type ModelRef, type RunOptions } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/open';
import { definitionSnapshots, jobs, runs, scenarios } from '../db/schema';
import type { DefinitionService } from '../definitions/service';
import { canonicalJson } from '../definitions/expand';
import type { ProviderSettingsService } from '../providers/settings';
import { newId, nowIso } from '../util/ids';
import { serializeRunConfig } from './config';

export interface CreateRunDeps {
  db: Db;
  definitions: DefinitionService;
  providers: ProviderSettingsService;
  /** Throws when no worker can run jobs (Python missing): the run is refused before it starts. */
  assertWorkerAvailable: () => void;
  maxAttempts: number;
}

/**
 * Deterministic sample of exactly round(N × percentage) scenarios (at least one): scenarios are ranked by the hash of
 * (seed, id) and the first ones kept, in their original order. The same seed always picks the same scenarios, and a
 * larger percentage with the same seed keeps every scenario a smaller one picked.
 */
export function sampleScenarioIds(ids: string[], percentage: number, seed: number): string[] {
  if (percentage >= 100) return ids;
  const count = Math.max(1, Math.min(ids.length, Math.round((ids.length * percentage) / 100)));
  const rank = (id: string): string => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  const keep = new Set(
    ids
      .map((id) => ({ id, key: rank(id) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, count)
      .map((entry) => entry.id),
  );
  return ids.filter((id) => keep.has(id));
}

/** The size of a run before it exists: the same sampling as createRun, so the numbers shown are the numbers run. */
export function previewRun(db: Db, definitions: DefinitionService, input: ParsedInput<'runs.preview'>): RunPreview {
  const { row } = definitions.content(input.definitionId);
  const ids = scenarioIdsOf(db, row.id);
  const kept = sampleScenarioIds(ids, input.samplePercentage, input.sampleSeed ?? 0).length;
  return { scenarios: kept, large: kept > LARGE_RUN_SCENARIOS };
}

function scenarioIdsOf(db: Db, definitionId: string): string[] {
  return db
    .select({ id: scenarios.id })
    .from(scenarios)
    .where(eq(scenarios.definitionId, definitionId))
    .orderBy(scenarios.ordinal)
    .all()
    .map((s) => s.id);
}

export function createRun(deps: CreateRunDeps, input: ParsedInput<'runs.create'>): string {
  const { db } = deps;
  if (input.requestId) {
    const existing = db.select({ id: runs.id }).from(runs).where(eq(runs.requestId, input.requestId)).get();
    if (existing) return existing.id;
  }
  const { row, content } = deps.definitions.content(input.definitionId);
  const models = dedupe(input.models);
  for (const model of models) deps.providers.resolve(model.providerId);
  deps.assertWorkerAvailable();
  if (input.parentRunId && !db.select({ id: runs.id }).from(runs).where(eq(runs.id, input.parentRunId)).get()) {
    throw new AppError('NOT_FOUND', `No parent run with id ${input.parentRunId}`);
  }

  const allIds = scenarioIdsOf(db, row.id);
  const seed = input.options.sampleSeed ?? 0;
  const chosen = restrictTo(allIds, input.scenarioIds);
  const scenarioIds = sampleScenarioIds(chosen, input.options.samplePercentage, seed);
  const options: RunOptions = {
    ...input.options,
    sampleSeed: input.options.samplePercentage < 100 ? seed : input.options.sampleSeed,
  };
  const snapshotJson = canonicalJson(content);
  const snapshotHash = createHash('sha256').update(snapshotJson).digest('hex');
  const runId = newId('run_');
  const now = nowIso();
  const runType = input.test
    ? 'test'
    : input.parentRunId
      ? 'rerun'
      : input.options.samplePercentage < 100 || input.scenarioIds
        ? 'sample'
        : 'full';

  db.transaction((tx) => {
    tx.insert(definitionSnapshots)
      .values({ hash: snapshotHash, contentJson: snapshotJson, createdAt: now })
      .onConflictDoNothing()
      .run();
    tx.insert(runs)
      .values({
        id: runId,
        definitionId: row.id,
        parentRunId: input.parentRunId,
        requestId: input.requestId ?? null,
        status: 'pending',
        runType,
        snapshotHash,
        configJson: serializeRunConfig({ models, options }),
        total: scenarioIds.length * models.length,
        createdAt: now,
        queuedAt: now,
      })
      .run();
    let batch: (typeof jobs.$inferInsert)[] = [];
    scenarioIds.forEach((scenarioId, s) => {
      models.forEach((model, m) => {
        batch.push({
          id: newId('job_'),
          runId,
          scenarioId,
          modelKey: modelKey(model),
          providerId: model.providerId,
          modelId: model.modelId,
          modelVersion: model.modelVersion,
          ordinal: s * models.length + m,
          maxAttempts: deps.maxAttempts,
          createdAt: now,
          updatedAt: now,
        });
        if (batch.length >= 500) {
          tx.insert(jobs).values(batch).run();
          batch = [];
        }
      });
    });
    if (batch.length > 0) tx.insert(jobs).values(batch).run();
  });
  deps.definitions.touch(row.id);
  return runId;
}

function restrictTo(allIds: string[], wanted: string[] | undefined): string[] {
  if (!wanted) return allIds;
  const known = new Set(allIds);
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length > 0)
    throw new AppError('VALIDATION', `Unknown scenario id(s) for this definition: ${missing.slice(0, 5).join(', ')}`);
  const keep = new Set(wanted);
  return allIds.filter((id) => keep.has(id));
}

function dedupe(models: ModelRef[]): ModelRef[] {
  const seen = new Map<string, ModelRef>();
  for (const model of models) seen.set(modelKey(model), model);
  return [...seen.values()];
}
