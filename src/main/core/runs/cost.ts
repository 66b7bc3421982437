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
  type PriceBasis,
  type RunCost,
  type RunEstimate,
  type RunPrice,
} from '../../../shared/prices';
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

/**
 * Cost so far from the token counters, with the prices recorded at the run's start; a run created before prices were
 * recorded is priced with today's table when one is given (and says so), else has no price.
 */
export function runCostOf(
  models: ModelRef[],
  counts: TokenCountRow[],
  recorded: RunPrice[] | undefined,
  basisFor?: (model: ModelRef) => PriceBasis,
): RunCost {
  const perModel = models.map((model) => {
    const key = modelKey(model);
    const row = counts.find((c) => c.modelKey === key);
    const none: PriceBasis = { kind: 'none' };
    const basis = recorded
      ? (recorded.find((p) => p.modelKey === key)?.basis ?? none)
      : basisFor
        ? basisFor(model)
        : none;
    const inputTokens = row?.inputTokens ?? 0;
    const outputTokens = row?.outputTokens ?? 0;
    return {
      modelKey: key,
      inputTokens,
      outputTokens,
      transcripts: row?.transcripts ?? 0,
      reported: row?.reported ?? 0,
      basis,
      costUsd: costOf(inputTokens, outputTokens, basis),
    };
  });
  return {
    ...totalsOf(perModel),
    pricesFrom: recorded ? 'run-start' : basisFor ? 'current' : 'not-recorded',
  };
}
