/** Pause, resume and cancel (with confirmation) for an active run; a finished run shows no controls. */
import { useState } from 'react';
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import type { ApiError } from '../api/errors';
import { plural } from '../lib/format';
import { useRuns } from '../stores/runs';
import { ErrorBox } from './ErrorBox';

type Action = 'pause' | 'resume' | 'cancel';

export function RunControlsBar({ run }: { run: RunDetail }): React.JSX.Element | null {
  const controlRun = useRuns((state) => state.controlRun);
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  if (isTerminalRunStatus(run.status)) return null;

  async function act(action: Action): Promise<void> {
    setBusy(action);
    setError(null);
    try {
      await controlRun(run.id, action);
      setConfirmCancel(false);
    } catch (caught) {
      setError(caught as ApiError);
    } finally {
      setBusy(null);
    }
  }

  const remaining = run.progress.pending + run.progress.running;
  return (
    <div className="run-controls" data-testid="run-controls">
      {run.status === 'paused' ? (
        <button
          type="button"
          className="button button-primary"
          data-testid="resume-run"
          disabled={busy !== null}
          onClick={() => void act('resume')}
        >
          {busy === 'resume' ? 'Resuming…' : 'Resume'}
        </button>
      ) : (
        <button
          type="button"
          className="button"
          data-testid="pause-run"
          disabled={busy !== null}
          onClick={() => void act('pause')}
        >
          {busy === 'pause' ? 'Pausing…' : 'Pause'}
        </button>
      )}
      {confirmCancel ? (
        <span className="confirm" role="alertdialog" aria-label="Confirm cancel">
          Cancel this run? {plural(run.progress.pending, 'pending job')} will be removed; results so far are kept.{' '}
          <button
            type="button"
            className="button danger"
            data-testid="confirm-cancel-run"
            disabled={busy !== null}
            onClick={() => void act('cancel')}
          >
            {busy === 'cancel' ? 'Cancelling…' : 'Cancel run'}
          </button>{' '}
          <button type="button" className="button-link" data-testid="keep-run" onClick={() => setConfirmCancel(false)}>
            Keep running
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="button danger"
          data-testid="cancel-run"
          disabled={busy !== null || remaining === 0}
          onClick={() => setConfirmCancel(true)}
        >
          Cancel…
        </button>
      )}
      {run.status === 'paused' && run.progress.running > 0 ? (
        <span className="muted" data-testid="pause-draining">
          Paused: {run.progress.running} job{run.progress.running === 1 ? '' : 's'} already in flight will finish.
        </span>
      ) : null}
      {error ? <ErrorBox error={error} title="The run could not be changed" /> : null}
    </div>
  );
}
