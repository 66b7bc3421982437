/**
 * Settings → "Your data" → "Move data folder…": the folder is chosen with the desktop app's folder chooser, or typed
 * (browser mode has no chooser); the core copies the database, keys, exports and backups there, checks the copy
 * (integrity and row counts), and points the app at it. Browser mode then uses it at once (every page reads again);
 * the desktop app restarts on it. The old folder is left untouched. A non-empty target, the same folder, a folder
 * inside the current one, one that cannot be written or a disk without room is refused with the core's sentence.
 */
import { useState } from 'react';
import { useFolderChooser, useMoveDataFolder } from '../../data/backups';
import { plural } from '../../lib/format';
import { ErrorBox } from '../ErrorBox';

export function DataMove(): React.JSX.Element {
  const move = useMoveDataFolder();
  const chooser = useFolderChooser();
  const [destination, setDestination] = useState('');
  const target = destination.trim();
  const busy = move.busy || chooser.busy;
  return (
    <div data-testid="data-move">
      <h3>Move data folder</h3>
      <p className="muted small">
        Copies everything to an empty or new folder, checks the copy, and switches to it (the desktop app restarts to do
        so). The current folder is not changed: delete it yourself afterwards. Runs must be paused or finished first.
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
        {chooser.available ? (
          <>
            <button
              type="button"
              className="button"
              disabled={busy}
              data-testid="data-move-choose"
              onClick={() =>
                void chooser.run({ title: 'Move data folder to…' }).then((chosen) => {
                  if (chosen?.path) setDestination(chosen.path);
                })
              }
            >
              Choose…
            </button>{' '}
          </>
        ) : null}
        <button type="submit" className="button" disabled={busy || target === ''} data-testid="data-move-button">
          {move.busy ? 'Copying and checking…' : 'Move data folder…'}
        </button>
      </form>
      {move.message ? (
        <p className="success-text" data-testid="data-move-done">
          {move.message}
        </p>
      ) : null}
      {chooser.error ? (
        <ErrorBox error={chooser.error} title="No folder chosen" testId="data-move-choose-error" />
      ) : null}
      {move.error ? <ErrorBox error={move.error} title="Not moved" testId="data-move-error" /> : null}
    </div>
  );
}
