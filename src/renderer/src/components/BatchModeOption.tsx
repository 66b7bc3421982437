/**
 * "Batch: half price, results within 24 h", in the start form and the re-run dialog alike: offered when every chosen model's provider runs batches
 * here; otherwise the checkbox is off and each provider that cannot says why.
 */
import { batchUnsupportedReason, BATCH_RUN_SENTENCE } from '@shared/batch';
import type { ModelRef } from '@shared/domain';
import { batchOptionRefusals, type BatchRequestOptions } from '@shared/batch-options';

/**
 * Why batch mode is not offered: each provider without batches here, then (with the run's options) each model whose
 * batch endpoint would refuse them (validate before submit, the same table as runs.create).
 */
export function batchRefusals(models: readonly ModelRef[], options?: BatchRequestOptions | null): string[] {
  const seen = new Set<string>();
  const providers = models.flatMap((m) => {
    const reason = batchUnsupportedReason(m.providerId, false);
    if (!reason || seen.has(m.providerId)) return [];
    seen.add(m.providerId);
    return [`${m.providerId}: ${reason}`];
  });
  return providers.length > 0 || !options ? providers : batchOptionRefusals(models, options);
}

export function BatchModeOption(props: {
  models: readonly ModelRef[];
  /** The run's options as they stand (null while they are not valid). */
  options?: BatchRequestOptions | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}): React.JSX.Element {
  const refusals = batchRefusals(props.models, props.options);
  return (
    <div className="field" data-testid="batch-mode">
      <label>
        <input
          type="checkbox"
          checked={props.checked && refusals.length === 0}
          disabled={props.disabled || refusals.length > 0}
          onChange={(e) => props.onChange(e.target.checked)}
        />{' '}
        Batch: half price, results within 24 h
      </label>
      {refusals.length > 0 ? (
        <p className="muted">Not for this choice of models: {refusals.join('; ')}.</p>
      ) : props.checked ? (
        <p className="muted">{BATCH_RUN_SENTENCE}</p>
      ) : null}
    </div>
  );
}
