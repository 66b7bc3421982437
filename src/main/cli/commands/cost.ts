/**
 * Cost in the CLI: `run` refuses a run whose estimated cost passes the threshold set in Settings unless `--yes` is
 * given, and `status` adds the tokens and cost so far to its lines.
 */
import type { ModelRef, RunDetail, RunOptions } from '../../../shared/domain';
import { describeBasis, formatUsd, type RunEstimate } from '../../../shared/prices';
import { type Core, callRoute } from '../../core';
import { EXIT } from '../data-access';

interface CostIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export const YES_FLAG = 'yes';

/** The estimate's lines: per model, then the total, each model without a price named. */
export function estimateLines(estimate: RunEstimate): string[] {
  const lines = estimate.perModel.map(
    (m) =>
      `  ${m.modelKey}: ~${m.inputTokens.toLocaleString('en-US')} input + ~${m.outputTokens.toLocaleString('en-US')} output tokens, ${m.costUsd === null ? 'no price' : `${formatUsd(m.costUsd)} (${describeBasis(m.basis)})`}`,
  );
  lines.push(
    `  estimated total: ${formatUsd(estimate.costUsd)}${estimate.unpriced.length > 0 ? ` + unknown for ${estimate.unpriced.join(', ')} (no price)` : ''}`,
  );
  return lines;
}

/**
 * Estimates the run and, when its cost passes the threshold and `--yes` was not given, says so and answers the exit
 * code to stop with (EXIT.COST_NOT_CONFIRMED); null means go ahead.
 */
export async function confirmCost(
  core: Core,
  input: { definitionId: string; models: ModelRef[]; options: RunOptions; yes: boolean; mode?: 'batch' },
  io: CostIo,
): Promise<number | null> {
  const preview = await callRoute(core.dispatch, 'runs.preview', {
    definitionId: input.definitionId,
    samplePercentage: input.options.samplePercentage,
    sampleSeed: input.options.sampleSeed,
    samples: input.options.samples,
    maxTokens: input.options.maxTokens,
    models: input.models,
    ...(input.mode ? { mode: input.mode } : {}),
  });
  const estimate = preview.estimate;
  if (!estimate) return null;
  const { costConfirmThresholdUsd: threshold } = await callRoute(core.dispatch, 'preferences.get', {});
  const tier = input.mode === 'batch' ? ', at batch prices' : '';
  io.err(`Estimate (prompt tokens ≈ characters ÷ 4; ${estimate.outputTokensPerJob} output tokens per answer${tier}):`);
  for (const line of estimateLines(estimate)) io.err(line);
  if (threshold === null || estimate.costUsd <= threshold || input.yes) return null;
  io.err(
    `error: the estimated cost ${formatUsd(estimate.costUsd)} is over the confirmation threshold of ${formatUsd(threshold)} (Settings). ` +
      `Run again with --yes to start it anyway, or take a sample with --sample PCT.`,
  );
  return EXIT.COST_NOT_CONFIRMED;
}

/** `status`'s cost of one model, appended to its progress line: tokens reported and cost at the recorded price. */
export function modelCostText(run: RunDetail, modelKey: string): string {
  const m = run.cost.perModel.find((entry) => entry.modelKey === modelKey);
  if (!m) return '';
  // A model without a price says so once ("no price"), not "no price (no price)".
  const cost = m.costUsd === null ? 'no price' : `${formatUsd(m.costUsd)} (${describeBasis(m.basis)})`;
  return `; ${m.inputTokens.toLocaleString('en-US')} input + ${m.outputTokens.toLocaleString('en-US')} output tokens, ${cost}`;
}

/** `status`'s total cost, appended to the run's line (the prices recorded at the run's start, or today's). */
export function totalCostText(run: RunDetail): string {
  const { cost } = run;
  const unknown = cost.unpriced.length > 0 ? ` + unknown for ${cost.unpriced.join(', ')} (no price)` : '';
  const prices = cost.pricesFrom === 'run-start' ? 'prices recorded at the run’s start' : 'today’s prices';
  const tiers = cost.tiers
    ? `; batch ${formatUsd(cost.tiers.batch.costUsd)} + real time ${formatUsd(cost.tiers.realtime.costUsd)}`
    : '';
  return `, cost so far ${formatUsd(cost.costUsd)}${unknown} (${prices}${tiers})`;
}
