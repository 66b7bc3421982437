/**
 * Pause, resume and cancel (with confirmation) for an active run; a finished run with failed jobs offers "Retry failed
 * jobs", any other finished run shows no controls. Keyboard focus
 * stays on the Pause/Resume control across the change, and the cancel confirmation takes focus and closes with Escape.
 */
import { useEffect, useRef, useState } from 'react';
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import { useAction } from '../hooks/useAction';
import { plural } from '../lib/format';
import { useRunControl } from '../data/runs';
import { ErrorBox } from './ErrorBox';

type Action = 'pause' | 'resume' | 'cancel' | 'retryFailed';

interface RunControlsBarProps {
  run: RunDetail;
  /** The page shows last-known figures while it reconnects: pausing or cancelling them would act blind. */
  stale?: boolean;
}

export function RunControlsBar({ run, stale = false }: RunControlsBarProps): React.JSX.Element | null {
  const controlRun = useRunControl();
  const action = useAction();
  const [pending, setPending] = useState<Action | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirmCancel) keepRef.current?.focus();
  }, [confirmCancel]);

  if (isTerminalRunStatus(run.status)) {
    const retryable = (run.status === 'completed_with_errors' || run.status === 'failed') && run.progress.failed > 0;
    if (!retryable) return null;
    return (
      <div className="run-controls" data-testid="run-controls">
        <button
          type="button"
          className="button"
          data-testid="retry-failed"
          disabled={action.busy || stale}
          title="The failed jobs (not the cancelled ones) run again with fresh attempts; their errors stay in history"
          onClick={() => void act('retryFailed')}
        >
          {pending === 'retryFailed' ? 'Retrying…' : `Retry failed jobs (${run.progress.failed})`}
        </button>
        {action.error ? <ErrorBox error={action.error} title="The failed jobs could not be retried" /> : null}
      </div>
    );
  }

  async function act(next: Action): Promise<void> {
    setPending(next);
    const done = await action.run(() => controlRun(run.id, next));
    setPending(null);
    if (done && next === 'cancel') setConfirmCancel(false);
    // Pause and Resume are one control whose label changes: give it its focus back after the round trip.
    if (next === 'pause' || next === 'resume') toggleRef.current?.focus();
  }

  function closeConfirm(): void {
    setConfirmCancel(false);
    // The Cancel… button is rendered again on the next paint; focus it then.
    requestAnimationFrame(() => cancelRef.current?.focus());
  }

  const paused = run.status === 'paused';
  const remaining = run.progress.pending + run.progress.running;
  return (
    <div className="run-controls" data-testid="run-controls">
      <button
        ref={toggleRef}
        type="button"
        className={paused ? 'button button-primary' : 'button'}
        data-testid={paused ? 'resume-run' : 'pause-run'}
        aria-disabled={action.busy || stale}
        title={stale ? 'Reconnecting: the run’s state is not known right now' : undefined}
        onClick={() => {
          if (!action.busy && !stale) void act(paused ? 'resume' : 'pause');
        }}
      >
        {pending === 'resume' ? 'Resuming…' : pending === 'pause' ? 'Pausing…' : paused ? 'Resume' : 'Pause'}
      </button>
      {confirmCancel ? (
        <span
          className="confirm"
          role="alertdialog"
          aria-label="Confirm cancel"
          aria-describedby="confirm-cancel-text"
          data-testid="confirm-cancel"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              closeConfirm();
            }
          }}
        >
          <span id="confirm-cancel-text">
            Cancel this run? {plural(run.progress.pending, 'pending job')} will be removed; results so far are kept.
          </span>{' '}
          <button
            type="button"
            className="button danger"
            data-testid="confirm-cancel-run"
            disabled={action.busy || stale}
            onClick={() => void act('cancel')}
          >
            {pending === 'cancel' ? 'Cancelling…' : 'Cancel run'}
          </button>{' '}
          <button ref={keepRef} type="button" className="button-link" data-testid="keep-run" onClick={closeConfirm}>
            Keep running
          </button>
        </span>
      ) : (
        <button
          ref={cancelRef}
          type="button"
          className="button danger"
          data-testid="cancel-run"
          disabled={action.busy || stale || remaining === 0}
          onClick={() => setConfirmCancel(true)}
        >
          Cancel…
        </button>
      )}
      {paused && run.progress.running > 0 ? (
        <span className="muted" data-testid="pause-draining">
          Paused: {plural(run.progress.running, 'job')} already in flight will finish.
        </span>
      ) : null}
      {action.error ? <ErrorBox error={action.error} title="The run could not be changed" /> : null}
    </div>
  );
}
