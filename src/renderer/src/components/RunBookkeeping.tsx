/**
 * A run's name and notes (editable), Archive/Unarchive, and Delete for an ended run: the confirmation says what goes
 * (transcripts and jobs; exports are files and stay) before anything is removed.
 */
import { useState } from 'react';
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import { useArchiveRun, useDeleteRun, useRunDeletion, useUpdateRun } from '../data/run-bookkeeping';
import { plural } from '../lib/format';
import { links, useRouter } from '../stores/router';
import { ErrorBox } from './ErrorBox';

export function RunBookkeeping({ run }: { run: RunDetail }): React.JSX.Element {
  const [name, setName] = useState(run.name ?? '');
  const [notes, setNotes] = useState(run.notes);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateRun();
  const archive = useArchiveRun();
  const remove = useDeleteRun();
  const deletion = useRunDeletion(run.id, confirming);
  const navigate = useRouter((state) => state.navigate);
  const changed = name.trim() !== (run.name ?? '') || notes !== run.notes;

  async function deleteRun(): Promise<void> {
    const deleted = await remove.run({ id: run.id });
    if (deleted) navigate(links.runs());
  }

  return (
    <section className="panel run-bookkeeping" data-testid="run-bookkeeping">
      <label>
        Name{' '}
        <input
          data-testid="run-name"
          value={name}
          maxLength={200}
          placeholder={run.definitionName}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        Notes <textarea data-testid="run-notes" value={notes} rows={2} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="run-controls">
        <button
          type="button"
          className="button"
          data-testid="run-save"
          disabled={!changed || update.busy}
          onClick={() => void update.run({ id: run.id, name, notes }, 'Saved')}
        >
          Save
        </button>
        <button
          type="button"
          className="button"
          data-testid="run-archive"
          disabled={archive.busy}
          onClick={() => void archive.run({ id: run.id, archived: run.archivedAt === null })}
        >
          {run.archivedAt === null ? 'Archive' : 'Unarchive'}
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="run-delete"
          disabled={!isTerminalRunStatus(run.status)}
          title={isTerminalRunStatus(run.status) ? undefined : 'Cancel the run before deleting it'}
          onClick={() => setConfirming(true)}
        >
          Delete…
        </button>
      </div>
      {run.archivedAt ? (
        <p className="muted">Archived: hidden from the Runs list unless archived runs are shown.</p>
      ) : null}
      {update.message ? <p className="muted">{update.message}</p> : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" data-testid="run-delete-confirm">
          <p>
            {deletion.data
              ? `Delete this run with its ${plural(deletion.data.transcripts, 'transcript')} and ${plural(deletion.data.jobs, 'job')}? Exports are files and stay.`
              : 'Counting what this removes…'}
          </p>
          <button
            type="button"
            className="button button-danger"
            data-testid="run-delete-confirm-yes"
            disabled={!deletion.data || remove.busy}
            onClick={() => void deleteRun()}
          >
            Delete run
          </button>{' '}
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : null}
      {update.error ? <ErrorBox error={update.error} title="Could not save" /> : null}
      {archive.error ? <ErrorBox error={archive.error} title="Could not change the archive" /> : null}
      {remove.error ? <ErrorBox error={remove.error} title="Could not delete the run" /> : null}
    </section>
  );
}
