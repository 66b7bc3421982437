/**
 * Run creation: validate before anything is queued, then write the run, its snapshot and its jobs: in one transaction,
 * or for a large run its first chunk now and the rest in chunks off the request path (runs/chunked.ts).
 */
import { createHash } from 'node:crypto';
import type { ParsedInput, RunPreview } from '../../../shared/ipc';
import {
  isLargeRun,
  MAX_RUN_JOBS,
  modelKey,
  tooManyJobsMessage,
  type ModelRef,
  type ProviderId,
  type RunOptions,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { DefinitionService } from '../definitions/service';
import { canonicalJson } from '../definitions/expand';
import type { ProviderSettingsService } from '../providers/settings';
import { formatUsd, type PriceBasis } from '../../../shared/prices';
import { batchBasis, batchUnsupportedReason } from '../../../shared/batch';
import { batchOptionRefusals, type BatchRequestOptions } from '../../../shared/batch-options';
import { readPreferences } from '../store/preferences';
import { promptLengths } from '../store/cost';
import { scenarioIds as scenarioIdsOf } from '../store/definitions';
import { serializeRunConfig } from '../store/run-config';
import { insertRun, type NewJob, type NewRun } from '../store/run-create';
import { preparingReason } from '../store/run-prepare';
import { runExists, runIdForRequest } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { newId, nowIso } from '../util/ids';
import { thisProcess } from '../util/process-owner';
import type { ChunkedRunWork } from './chunked';
import { estimateRun, promptTokensOf, runPricesOf } from './cost';

export interface CreateRunDeps {
  sqlite: Sqlite;
  definitions: DefinitionService;
  providers: ProviderSettingsService;
  /**
   * Throws PROVIDER_UNHEALTHY when a provider's last health check rejected its key or could not reach its server
   * (skipped when the input asks to ignore health).
   */
  assertProvidersUsable?: (providerIds: ProviderId[]) => void;
  /** Throws when no worker can run jobs (Python missing): the run is refused before it starts. */
  assertWorkerAvailable: () => void;
  maxAttempts: number;
  /** Writes a large run's jobs in chunks after the first (without it, every job is written in one transaction). */
  chunked?: ChunkedRunWork;
  /** Each model's price now: recorded into the run's config so its cost never changes with a later price edit. */
  basisFor?: (model: ModelRef) => PriceBasis;
  /** True for a local server (its models answer at once: no batch mode). */
  isLocal?: (providerId: ProviderId) => boolean;
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

/**
 * The size of a run before it exists: the same sampling as createRun, so the numbers shown are the numbers run; with
 * models, its estimated tokens and cost from one pass over the prompts' lengths (the prompts themselves are not read).
 */
export function previewRun(
  sqlite: Sqlite,
  definitions: DefinitionService,
  input: ParsedInput<'runs.preview'>,
  basisFor: (model: ModelRef) => PriceBasis = () => ({ kind: 'none' }),
  /** Only these scenarios (a run restricted to some), before sampling. */
  only?: string[],
): RunPreview {
  const { row, content } = definitions.content(input.definitionId);
  if (input.mode === 'batch') basisFor = batchPricesOf(basisFor);
  const restrict = only ? new Set(only) : null;
  const lengths = promptLengths(sqlite, row.id).filter((l) => !restrict || restrict.has(l.id));
  const kept = new Set(
    sampleScenarioIds(
      lengths.map((l) => l.id),
      input.samplePercentage,
      input.sampleSeed ?? 0,
    ),
  );
  const models = dedupe(input.models);
  const estimate =
    models.length === 0
      ? null
      : estimateRun({
          models,
          scenarios: kept.size,
          samples: input.samples,
          promptTokens: promptTokensOf(
            lengths.filter((l) => kept.has(l.id)).map((l) => l.chars),
            content.preamble,
          ),
          maxTokens: input.maxTokens,
          basisFor,
        });
  return {
    scenarios: kept.size,
    samples: input.samples,
    requestsPerModel: kept.size * input.samples,
    large: isLargeRun(kept.size, input.samples),
    estimate,
  };
}

export function createRun(deps: CreateRunDeps, input: ParsedInput<'runs.create'>): string {
  const { sqlite } = deps;
  if (input.requestId) {
    const existing = runIdForRequest(sqlite, input.requestId);
    if (existing) return existing;
  }
  const { row, content } = deps.definitions.content(input.definitionId);
  const models = dedupe(input.models);
  if (input.mode === 'batch') assertBatchable(deps, models, input.options);
  for (const model of models) deps.providers.resolve(model.providerId);
  // Every provider of the run, not only the first: one that is known to fail would fail all of its jobs.
  if (!input.ignoreHealth) deps.assertProvidersUsable?.([...new Set(models.map((model) => model.providerId))]);
  deps.assertWorkerAvailable();
  if (input.parentRunId && !runExists(sqlite, input.parentRunId)) {
    throw new AppError('NOT_FOUND', `No parent run with id ${input.parentRunId}`);
  }
  if (!input.costConfirmed) assertUnderThreshold(deps, input, models);
  const basisFor = input.mode === 'batch' ? batchPricesOf(deps.basisFor) : deps.basisFor;

  const allIds = scenarioIdsOf(sqlite, row.id);
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

  const samples = options.samples;
  const perSample = scenarioIds.length * models.length;
  if (perSample * samples > MAX_RUN_JOBS) throw new AppError('VALIDATION', tooManyJobsMessage(perSample * samples));
  // Generated as they are inserted, so a run of a million jobs never holds them all in memory. Sample-major ordinals:
  // every scenario × model is asked once before any is asked a second time, so a run paused, cancelled or cut short
  // still covers every scenario, and the repetitions of one prompt are spread over the run rather than back to back.
  function* jobs(): Generator<NewJob> {
    for (let sample = 1; sample <= samples; sample += 1) {
      for (const [s, scenarioId] of scenarioIds.entries()) {
        for (const [m, model] of models.entries()) {
          yield {
            id: newId('job_'),
            scenarioId,
            modelKey: modelKey(model),
            providerId: model.providerId,
            modelId: model.modelId,
            modelVersion: model.modelVersion,
            sample,
            ordinal: (sample - 1) * perSample + s * models.length + m,
            maxAttempts: deps.maxAttempts,
          };
        }
      }
    }
  }
  const run: NewRun = {
    id: runId,
    definitionId: row.id,
    parentRunId: input.parentRunId,
    requestId: input.requestId ?? null,
    runType,
    snapshotHash,
    snapshotJson,
    configJson: serializeRunConfig({
      models,
      options,
      prices: runPricesOf(models, basisFor ?? (() => ({ kind: 'none' }))),
      ...(input.mode === 'batch'
        ? { mode: 'batch' as const, realtimePrices: runPricesOf(models, deps.basisFor ?? (() => ({ kind: 'none' }))) }
        : {}),
    }),
    total: perSample * samples,
    createdAt: now,
  };
  const pending = jobs();
  const chunk = deps.chunked?.chunkJobs ?? Number.POSITIVE_INFINITY;
  if (deps.chunked && run.total > chunk) {
    // A large run: its row and first chunk now, paused while the rest are written off the request path.
    const owner = thisProcess();
    const queued = insertRun(sqlite, run, pending, chunk, preparingReason(chunk, run.total, owner));
    deps.chunked.queueRest({ id: runId, createdAt: now, total: run.total, owner }, queued, pending);
  } else insertRun(sqlite, run, pending);
  deps.definitions.touch(row.id);
  return runId;
}

/** Refuses (COST_NOT_CONFIRMED) a run whose estimated cost passes the threshold in Settings. */
function assertUnderThreshold(deps: CreateRunDeps, input: ParsedInput<'runs.create'>, models: ModelRef[]): void {
  const threshold = readPreferences(deps.sqlite).costConfirmThresholdUsd;
  if (threshold === null) return;
  const { options } = input;
  const { estimate } = previewRun(
    deps.sqlite,
    deps.definitions,
    { definitionId: input.definitionId, models, ...options, mode: input.mode },
    deps.basisFor,
    input.scenarioIds,
  );
  if (!estimate || estimate.costUsd <= threshold) return;
  throw new AppError(
    'COST_NOT_CONFIRMED',
    `The estimated cost ${formatUsd(estimate.costUsd)} is over the confirmation threshold of ${formatUsd(threshold)} ` +
      `(Settings): confirm the cost to start this run, or take a smaller sample.`,
    { costUsd: estimate.costUsd, thresholdUsd: threshold },
  );
}

/** Batch prices: the run's price basis at the batch tier. */
function batchPricesOf(basisFor: ((model: ModelRef) => PriceBasis) | undefined): (model: ModelRef) => PriceBasis {
  return (model) => batchBasis(basisFor ? basisFor(model) : { kind: 'none' });
}

/**
 * Validate before submit: a model whose provider runs no batches here, or whose batch endpoint would refuse the run's
 * options (shared/batch-options.ts), is refused before anything is queued or sent, each model with its reason.
 */
function assertBatchable(deps: CreateRunDeps, models: ModelRef[], options: BatchRequestOptions): void {
  const unsupported = models.flatMap((model) => {
    const reason = batchUnsupportedReason(model.providerId, deps.isLocal?.(model.providerId) ?? false);
    return reason ? [`${modelKey(model)}: ${reason}`] : [];
  });
  if (unsupported.length > 0)
    throw new AppError('VALIDATION', `Batch mode is not available for ${unsupported.join('; ')}`, {
      refused: unsupported,
    });
  const refused = batchOptionRefusals(models, options);
  if (refused.length > 0)
    throw new AppError('VALIDATION', `The providers' batch endpoints would refuse: ${refused.join('; ')}`, {
      refused,
    });
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
