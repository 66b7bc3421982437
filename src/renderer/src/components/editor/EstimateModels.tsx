/**
 * The editor's own choice of models and samples for the live job count and cost: before a definition has a run (or to
 * try other models than its last run's) the researcher picks them here; nothing is started or saved by choosing.
 */
import type { ModelRef } from '@shared/domain';
import { MAX_SAMPLES } from '@shared/domain';
import { useProviders } from '../../data/providers';
import { ModelPicker } from '../ModelPicker';

interface EstimateModelsProps {
  /** The researcher's choice; null while the preview uses its default (the last run's models, or none). */
  chosen: ModelRef[] | null;
  /** The models the preview used last (shown as the starting list when nothing was chosen yet). */
  shown: ModelRef[];
  source: 'given' | 'lastRun' | 'none' | null;
  samples: number;
  onChange(models: ModelRef[] | null, samples: number): void;
}

export function EstimateModels({ chosen, shown, source, samples, onChange }: EstimateModelsProps): React.JSX.Element {
  const providers = useProviders().data;
  const models = chosen ?? shown;
  const open = chosen !== null || source !== 'lastRun';
  return (
    <details className="estimate-models" data-testid="estimate-models" open={open}>
      <summary>
        Models for the estimate
        {source === 'lastRun' && chosen === null ? <span className="muted"> (the last run’s)</span> : null}
      </summary>
      {providers ? (
        <ModelPicker providers={providers} models={models} onChange={(next) => onChange(next, samples)} />
      ) : null}
      <div className="field-row">
        <label className="field">
          <span className="field-label">Samples per scenario</span>
          <input
            type="number"
            min={1}
            max={MAX_SAMPLES}
            step={1}
            value={samples}
            data-testid="estimate-samples"
            onChange={(e) => {
              const value = Math.trunc(Number(e.currentTarget.value));
              if (Number.isFinite(value) && value >= 1 && value <= MAX_SAMPLES) onChange(chosen, value);
            }}
          />
        </label>
        {chosen !== null ? (
          <button
            type="button"
            className="button-link"
            data-testid="estimate-models-reset"
            onClick={() => onChange(null, samples)}
          >
            Use the last run’s models
          </button>
        ) : null}
      </div>
    </details>
  );
}
