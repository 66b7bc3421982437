/**
 * "Restore…" beside one backup in Settings → "Your data". A confirmation says what is replaced (the whole database:
 * definitions, runs, transcripts) and that the data as it is now is kept first as a "before a restore" copy. The core
 * stages the backup; it goes in place at the next start (the desktop app restarts itself).
 */
import { useState } from 'react';
import type { BackupInfo } from '@shared/ipc/data';
import { useRestoreBackup } from '../../data/backups';
import { plural } from '../../lib/format';
import { ErrorBox } from '../ErrorBox';

export function BackupRestore({ file }: { file: BackupInfo }): React.JSX.Element {
  const restore = useRestoreBackup();
  const [confirming, setConfirming] = useState(false);
  const when = new Date(file.createdAt).toLocaleString();
  if (restore.message) {
    return (
      <p className="success-text" data-testid="restore-done">
        {restore.message}
      </p>
    );
  }
  return (
    <span data-testid="backup-restore">
      {confirming ? (
        <span role="group" aria-label="Confirm restore" data-testid="restore-confirm">
          <span className="small">
            Replace all current data (definitions, runs, transcripts) with the copy from {when}? The data as it is now
            is first kept in backups/ as a “before a restore” copy, and the app restarts to finish.
          </span>{' '}
          <button
            type="button"
            className="button danger"
            disabled={restore.busy}
            data-testid="restore-confirm-button"
            onClick={() =>
              void restore.run(
                { file: file.path },
                (asked) =>
                  `Restore of ${plural(asked.counts.definitions, 'definition')}, ${plural(asked.counts.runs, 'run')}, ${plural(asked.counts.transcripts, 'transcript')} staged. ${asked.note}`,
              )
            }
          >
            {restore.busy ? 'Keeping a safety copy…' : 'Restore and restart'}
          </button>{' '}
          <button
            type="button"
            className="button"
            disabled={restore.busy}
            data-testid="restore-cancel"
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="button" data-testid="restore-button" onClick={() => setConfirming(true)}>
          Restore…
        </button>
      )}
      {restore.error ? <ErrorBox error={restore.error} title="Not restored" testId="restore-error" /> : null}
    </span>
  );
}
