/**
 * A run's cost: the estimate before it starts (prompt tokens from the expanded prompts' lengths, output tokens from
 * max tokens or a default, times each model's price), the prices recorded into its config at creation, and the cost
 * so far from the tokens the providers reported.
 */
import { modelKey, type ModelRef } from '../../../shared/domain';
import {
  cleanUsd,
  costOf,
  DEFAULT_OUTPUT_TOKENS,
  estimatePromptTokens,
  type ModelCostEstimate,
  type ModelUsage,
  type PriceBasis,
  type RunCost,
  type RunEstimate,
  type RunPrice,
  type TierTotals,
  type TierUsage,
} from '../../../shared/prices';
import { batchBasis, realtimeFromBatchBasis, type RunMode } from '../../../shared/batch';
import type { TokenCountRow } from '../store/cost';

export interface EstimateInput {
  models: ModelRef[];
  /** Scenarios the run will have and the sum of their prompts' estimated tokens (system prompt included). */
  scenarios: number;
  promptTokens: number;
  maxTokens: number | null;
  /** Times each scenario is asked per model (repeated samples); 1 without them. */
  samples?: number;
  basisFor: (model: ModelRef) => PriceBasis;
}

/** Tokens for a run's prompts: each prompt's characters plus the system prompt's, ÷ 4, rounded up per prompt. */
export function promptTokensOf(promptChars: Iterable<number>, systemPrompt: string): number {
  const system = systemPrompt.trim().length;
  let total = 0;
  for (const chars of promptChars) total += estimatePromptTokens(chars + system);
  return total;
}

/** A run's totals over its models; a model without a price is named in `unpriced` and left out of the cost, never 0. */
function totalsOf<M extends { modelKey: string; inputTokens: number; outputTokens: number; costUsd: number | null }>(
  perModel: M[],
) {
  return {
    perModel,
    inputTokens: perModel.reduce((sum, m) => sum + m.inputTokens, 0),
    outputTokens: perModel.reduce((sum, m) => sum + m.outputTokens, 0),
    costUsd: cleanUsd(perModel.reduce((sum, m) => sum + (m.costUsd ?? 0), 0)),
    unpriced: perModel.filter((m) => m.costUsd === null).map((m) => m.modelKey),
  };
}

export function estimateRun(input: EstimateInput): RunEstimate {
  const samples = input.samples ?? 1;
  const outputTokensPerJob = input.maxTokens ?? DEFAULT_OUTPUT_TOKENS;
  const perModel: ModelCostEstimate[] = input.models.map((model) => {
    const jobs = input.scenarios * samples;
    const inputTokens = input.promptTokens * samples;
    const outputTokens = jobs * outputTokensPerJob;
    const basis = input.basisFor(model);
    return {
      modelKey: modelKey(model),
      model,
      jobs,
      inputTokens,
      outputTokens,
      basis,
      costUsd: costOf(inputTokens, outputTokens, basis),
    };
  });
  return {
    ...totalsOf(perModel),
    outputTokensPerJob,
    outputSource: input.maxTokens === null ? 'default' : 'maxTokens',
  };
}

/** The prices to record into a new run's config: the history rule (a later price edit never rewrites a run's cost). */
export function runPricesOf(models: ModelRef[], basisFor: (model: ModelRef) => PriceBasis): RunPrice[] {
  return models.map((model) => ({ modelKey: modelKey(model), basis: basisFor(model) }));
}

/** What a run's cost is priced with: its config's recorded prices (both tiers for a batch run) and its mode. */
export interface RunPricing {
  /** The prices recorded at creation: the batch tier for a batch run. */
  prices?: RunPrice[];
  /** A batch run's real-time prices (recorded since both tiers are; derived from `prices` for older batch runs). */
  realtimePrices?: RunPrice[];
  mode?: RunMode;
}

const NONE: PriceBasis = { kind: 'none' };

function tierOf(inputTokens: number, outputTokens: number, basis: PriceBasis): TierUsage {
  return { inputTokens, outputTokens, basis, costUsd: costOf(inputTokens, outputTokens, basis) };
}

/**
 * A batch run's model split by tier: the batch tier is what its chunks returned (`batch_chunks` tokens, duplicates
 * included), priced at the batch price; the rest of its reported tokens were answered in real time (a remainder
 * finished in real time) and are priced at the real-time price.
 */
function tiersOf(
  row: TokenCountRow | undefined,
  batchBasis: PriceBasis,
  realtimeBasis: PriceBasis,
): { batch: TierUsage; realtime: TierUsage } {
  const inputTokens = row?.inputTokens ?? 0;
  const outputTokens = row?.outputTokens ?? 0;
  const batchIn = Math.min(row?.batchInputTokens ?? 0, inputTokens);
  const batchOut = Math.min(row?.batchOutputTokens ?? 0, outputTokens);
  return {
    batch: tierOf(batchIn, batchOut, batchBasis),
    realtime: tierOf(inputTokens - batchIn, outputTokens - batchOut, realtimeBasis),
  };
}

function tierTotals(perModel: ModelUsage[], tier: 'batch' | 'realtime'): TierTotals {
  const tiers = perModel.flatMap((m) => (m.tiers ? [m.tiers[tier]] : []));
  return {
    inputTokens: tiers.reduce((sum, t) => sum + t.inputTokens, 0),
    outputTokens: tiers.reduce((sum, t) => sum + t.outputTokens, 0),
    costUsd: cleanUsd(tiers.reduce((sum, t) => sum + (t.costUsd ?? 0), 0)),
  };
}

/**
 * Cost so far from the token counters, with the prices recorded at the run's start; a run created before prices were
 * recorded is priced with today's table when one is given (and says so), else has no price. A batch run's tokens are
 * priced per tier (see tiersOf).
 */
export function runCostOf(
  models: ModelRef[],
  counts: TokenCountRow[],
  pricing: RunPricing,
  basisFor?: (model: ModelRef) => PriceBasis,
): RunCost {
  const recorded = pricing.prices;
  const batch = pricing.mode === 'batch';
  const perModel = models.map((model): ModelUsage => {
    const key = modelKey(model);
    const row = counts.find((c) => c.modelKey === key);
    const current = basisFor ? basisFor(model) : NONE;
    const fromRecord = recorded?.find((p) => p.modelKey === key)?.basis ?? NONE;
    const basis = recorded ? fromRecord : batch ? batchBasis(current) : current;
    const inputTokens = row?.inputTokens ?? 0;
    const outputTokens = row?.outputTokens ?? 0;
    const usage = {
      modelKey: key,
      inputTokens,
      outputTokens,
      transcripts: row?.transcripts ?? 0,
      reported: row?.reported ?? 0,
      basis,
    };
    if (!batch) return { ...usage, costUsd: costOf(inputTokens, outputTokens, basis) };
    const realtimeBasis = !recorded
      ? current
      : pricing.realtimePrices
        ? (pricing.realtimePrices.find((p) => p.modelKey === key)?.basis ?? NONE)
        : realtimeFromBatchBasis(fromRecord);
    const tiers = tiersOf(row, basis, realtimeBasis);
    const costUsd =
      tiers.batch.costUsd === null || tiers.realtime.costUsd === null
        ? null
        : cleanUsd(tiers.batch.costUsd + tiers.realtime.costUsd);
    return { ...usage, costUsd, tiers };
  });
  return {
    ...totalsOf(perModel),
    pricesFrom: recorded ? 'run-start' : basisFor ? 'current' : 'not-recorded',
    ...(batch ? { tiers: { batch: tierTotals(perModel, 'batch'), realtime: tierTotals(perModel, 'realtime') } } : {}),
  };
}
