/**
 * Settings → "Your data" → "Move data folder…": the folder is typed (browser mode has no folder chooser), the core
 * copies the database, keys, exports and backups there, checks the copy (integrity and row counts), and points the app
 * at it from its next start. The old folder is left untouched. A non-empty target, the same folder, a folder inside
 * the current one, or one without room is refused with the core's sentence.
 */
import { useState } from 'react';
import { useMoveDataFolder } from '../../data/backups';
import { plural } from '../../lib/format';
import { ErrorBox } from '../ErrorBox';

export function DataMove(): React.JSX.Element {
  const move = useMoveDataFolder();
  const [destination, setDestination] = useState('');
  const target = destination.trim();
  return (
    <div data-testid="data-move">
      <h3>Move data folder</h3>
      <p className="muted small">
        Copies everything to an empty or new folder, checks the copy, and uses it from the next start of the app. The
        current folder is not changed: delete it yourself afterwards.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void move.run(
            { destination: target },
            (moved) =>
              `Copied and checked in ${moved.to}: ${plural(moved.counts.definitions, 'definition')}, ${plural(moved.counts.runs, 'run')}, ${plural(moved.counts.transcripts, 'transcript')}. ${moved.note}`,
          );
        }}
      >
        <label>
          New folder{' '}
          <input
            type="text"
            className="mono"
            value={destination}
            placeholder="/path/to/an/empty/folder"
            data-testid="data-move-destination"
            onChange={(event) => setDestination(event.target.value)}
          />
        </label>{' '}
        <button type="submit" className="button" disabled={move.busy || target === ''} data-testid="data-move-button">
          {move.busy ? 'Copying and checking…' : 'Move data folder…'}
        </button>
      </form>
      {move.message ? (
        <p className="success-text" data-testid="data-move-done">
          {move.message}
        </p>
      ) : null}
      {move.error ? <ErrorBox error={move.error} title="Not moved" testId="data-move-error" /> : null}
    </div>
  );
}
