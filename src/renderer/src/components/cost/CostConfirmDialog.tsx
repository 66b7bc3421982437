/** Asks before a run whose estimated cost passes the threshold set in Settings: start anyway, or go back. */
import { useEffect, useRef } from 'react';
import { formatUsd, type RunEstimate } from '@shared/prices';

interface CostConfirmDialogProps {
  estimate: RunEstimate;
  threshold: number;
  onConfirm(): void;
  onCancel(): void;
}

export function CostConfirmDialog({
  estimate,
  threshold,
  onConfirm,
  onCancel,
}: CostConfirmDialogProps): React.JSX.Element {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="card cost-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="cost-dialog-heading"
        aria-describedby="cost-dialog-body"
        data-testid="cost-confirm-dialog"
        onKeyDown={(event) => (event.key === 'Escape' ? onCancel() : undefined)}
      >
        <h3 id="cost-dialog-heading">Start a run estimated at {formatUsd(estimate.costUsd)}?</h3>
        <p id="cost-dialog-body">
          That is more than your limit of {formatUsd(threshold)} (Settings → Cost).
          {estimate.unpriced.length > 0
            ? ` Models with no price are not counted: ${estimate.unpriced.join(', ')}.`
            : ''}{' '}
          A sample under Options costs less.
        </p>
        <div className="actions">
          <button type="button" className="button button-primary" data-testid="cost-confirm-start" onClick={onConfirm}>
            Start anyway
          </button>
          <button type="button" className="button" ref={cancel} data-testid="cost-confirm-cancel" onClick={onCancel}>
            Go back
          </button>
        </div>
      </div>
    </div>
  );
}
