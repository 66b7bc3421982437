/**
 * A run's spending cap: after the outcomes of a scheduler turn are written (and before it claims more), each run that
 * carries a cap and whose cost so far reached it pauses itself with the reason, as a full disk pauses a run.
 */
import { BUDGET_PAUSE_PREFIX, type ModelRef } from '../../../shared/domain';
import { formatUsd, type PriceBasis } from '../../../shared/prices';
import { tokenCounts } from '../store/cost';
import { runConfigOf } from '../store/run-config';
import { pauseRunsWithReason } from '../store/run-status';
import type { Sqlite } from '../store/sql';
import { runCostOf } from './cost';

/** The reason a capped run shows while it is paused. */
export function budgetReason(costUsd: number, capUsd: number): string {
  return `${BUDGET_PAUSE_PREFIX}: ${formatUsd(costUsd)} spent of the ${formatUsd(capUsd)} cap. Resume to continue past the cap (it is lifted for this run).`;
}

/**
 * Returns the check the scheduler calls inside its turn with the runs whose jobs just finished; it answers the runs it
 * paused. A run created without a cap never gets one, so it is remembered and not read again.
 */
export function createBudgetCheck(
  sqlite: Sqlite,
  basisFor: (model: ModelRef) => PriceBasis,
): (runIds: readonly string[]) => string[] {
  const uncapped = new Set<string>();
  return (runIds) => {
    const paused: string[] = [];
    for (const runId of runIds) {
      if (uncapped.has(runId)) continue;
      const config = runConfigOf(sqlite, runId);
      const cap = config?.options.maxCost ?? null;
      if (!config || cap === null) {
        uncapped.add(runId);
        continue;
      }
      const { costUsd } = runCostOf(config.models, tokenCounts(sqlite, runId), config, basisFor);
      if (costUsd >= cap && pauseRunsWithReason(sqlite, [runId], budgetReason(costUsd, cap)) > 0) paused.push(runId);
    }
    return paused;
  };
}
