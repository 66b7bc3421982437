/**
 * Settings → "Your data": "Back up data…" makes a checked copy of the database now (runs may keep executing) into the
 * data folder's backups/, beside the copies made before each upgrade; the last 5 of each kind are kept. "Restore…"
 * beside a copy puts it back from the next start (BackupRestore); with the app closed, the CLI's `restore FILE` does.
 */
import type { BackupInfo } from '@shared/ipc/data';
import { useBackUpData, useBackups } from '../../data/backups';
import { ErrorBox } from '../ErrorBox';
import { Loading } from '../Loading';
import { BackupRestore } from './BackupRestore';
import { DataMove } from './DataMove';

const KIND_LABEL: Record<BackupInfo['kind'], string> = {
  manual: 'asked for',
  'before-migration': 'before an upgrade',
  'before-restore': 'before a restore',
};

export function DataBackups(): React.JSX.Element {
  const backups = useBackups();
  const backUp = useBackUpData();
  const list = backups.data;
  return (
    <section className="card" data-testid="data-backups" aria-labelledby="data-backups-heading">
      <h2 id="data-backups-heading">Your data</h2>
      <p className="muted small">
        A copy of the database (definitions, runs, transcripts) is made before every upgrade of the app; make one
        yourself before a big change. Copies are checked by SQLite before they are listed.
      </p>
      <button
        type="button"
        className="button"
        disabled={backUp.busy}
        data-testid="back-up-data"
        onClick={() => void backUp.run({}, (made) => `Backed up to ${made.path}`)}
      >
        {backUp.busy ? 'Backing up…' : 'Back up data…'}
      </button>
      {backUp.message ? (
        <p className="success-text" data-testid="back-up-done">
          {backUp.message}
        </p>
      ) : null}
      {backUp.error ? <ErrorBox error={backUp.error} title="Not backed up" testId="back-up-error" /> : null}
      {backups.error && !list ? (
        <ErrorBox error={backups.error} title="Could not list the backups" testId="backups-error" />
      ) : null}
      {!list && !backups.error ? <Loading lines={1} /> : null}
      {list ? (
        <>
          <p className="muted small">
            Kept in <span className="mono">{list.folder}</span>. Restore… puts a copy back when the app restarts; with
            the app closed, <span className="mono">npm run cli -- restore FILE</span> does the same. Either way the
            database it replaces is kept too.
          </p>
          {list.backups.length === 0 ? (
            <p className="muted small" data-testid="backups-empty">
              No copies yet.
            </p>
          ) : (
            <ul className="plain-list" data-testid="backups-list">
              {list.backups.map((file) => (
                <li key={file.path}>
                  {new Date(file.createdAt).toLocaleString()} · {KIND_LABEL[file.kind]} ·{' '}
                  {(file.bytes / 1024 / 1024).toFixed(1)} MB · <span className="mono small">{file.path}</span>{' '}
                  <BackupRestore file={file} />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <DataMove />
    </section>
  );
}
