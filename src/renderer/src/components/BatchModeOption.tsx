/**
 * "Batch: half price, results within 24 h", in the start form and the re-run dialog alike: offered when every chosen model's provider runs batches
 * here; otherwise the checkbox is off and each provider that cannot says why.
 */
import { batchUnsupportedReason, BATCH_RUN_SENTENCE } from '@shared/batch';
import type { ModelRef } from '@shared/domain';

export function batchRefusals(models: readonly ModelRef[]): string[] {
  const seen = new Set<string>();
  return models.flatMap((m) => {
    const reason = batchUnsupportedReason(m.providerId, false);
    if (!reason || seen.has(m.providerId)) return [];
    seen.add(m.providerId);
    return [`${m.providerId}: ${reason}`];
  });
}

export function BatchModeOption(props: {
  models: readonly ModelRef[];
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}): React.JSX.Element {
  const refusals = batchRefusals(props.models);
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
