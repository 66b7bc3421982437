/**
 * The start form's cost: the core's estimate for the chosen models and options (tokens and cost per model), the
 * confirmation threshold from Settings, and a confirmation dialog when starting would pass it.
 */
import { useCallback, useRef, useState } from 'react';
import type { ModelRef, RunOptions } from '@shared/domain';
import type { RunEstimate } from '@shared/prices';
import { useRunPreview } from '../../data/runs';
import { usePreferences } from '../../data/settings';
import { useResourceStore } from '../../hooks/useResourceStore';
import { CostConfirmDialog } from './CostConfirmDialog';
import { CostEstimate } from './CostEstimate';

interface RunCostInput {
  definitionId: string;
  models: ModelRef[];
  /** Null while the options do not parse: no estimate then. */
  options: RunOptions | null;
  /** Batch: the estimate at batch prices. */
  mode?: 'batch';
}

export interface RunCost {
  /** The estimate table (nothing until models are chosen). */
  panel: React.JSX.Element | null;
  /** The confirmation dialog while it is open. */
  dialog: React.JSX.Element | null;
  /** Resolves true when the run may start: under the threshold, no threshold, or the person confirmed. */
  confirm(): Promise<boolean>;
}

function previewInput({ definitionId, models, options, mode }: RunCostInput) {
  return {
    definitionId,
    models,
    ...(mode ? { mode } : {}),
    samplePercentage: options?.samplePercentage ?? 100,
    samples: options?.samples ?? 1,
    sampleSeed: options?.sampleSeed ?? null,
    maxTokens: options?.maxTokens ?? null,
  };
}

export function useRunCost(input: RunCostInput): RunCost {
  const store = useResourceStore();
  const [asking, setAsking] = useState<{ estimate: RunEstimate; threshold: number } | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const ready = input.options !== null && input.models.length > 0;
  const key = JSON.stringify(previewInput(input));
  const preview = useRunPreview(ready ? previewInput(input) : null);
  const preferences = usePreferences();
  // Unknown while Settings are on their way; none (never ask) when they could not be read.
  const threshold = preferences.data ? preferences.data.costConfirmThresholdUsd : preferences.error ? null : undefined;
  const current: RunEstimate | null = preview?.estimate ?? null;

  const confirm = useCallback(async (): Promise<boolean> => {
    // The figures for exactly what is being started (asked again when the shown ones are not for these choices yet).
    const core = store.getState();
    const estimate = preview
      ? preview.estimate
      : (await core.call('runs.preview', JSON.parse(key) as ReturnType<typeof previewInput>)).estimate;
    const limit =
      threshold === undefined ? (await core.call('preferences.get', {})).costConfirmThresholdUsd : threshold;
    if (!estimate || limit === null || estimate.costUsd <= limit) return true;
    resolver.current?.(false);
    setAsking({ estimate, threshold: limit });
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, [store, preview, key, threshold]);

  const close = (ok: boolean): void => {
    resolver.current?.(ok);
    resolver.current = null;
    setAsking(null);
  };

  return {
    panel: ready ? <CostEstimate estimate={current} threshold={threshold ?? null} /> : null,
    dialog: asking ? (
      <CostConfirmDialog
        estimate={asking.estimate}
        threshold={asking.threshold}
        onConfirm={() => close(true)}
        onCancel={() => close(false)}
      />
    ) : null,
    confirm,
  };
}
