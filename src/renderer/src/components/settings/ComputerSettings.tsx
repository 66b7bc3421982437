/**
 * Settings → "This computer": whether the desktop app keeps the laptop awake while a run executes, and which Python
 * interpreter runs the worker (a path chosen here, else automatic discovery), with the interpreter found, its version
 * and, inline, why a path was refused.
 */
import { useState } from 'react';
import type { PythonInUse } from '@shared/preferences';
import { isDesktop } from '../../data/export';
import { usePreferences, usePythonInUse, useSavePreferences } from '../../data/settings';
import { ErrorBox } from '../ErrorBox';
import { Loading } from '../Loading';

export const DISCOVERY_ORDER =
  'Without a path here, the desktop app looks for a bundled runtime, VALUERANK_PYTHON, py -3 (Windows), python3 or ' +
  'python on PATH, then the usual install locations (Homebrew, pyenv, conda, python.org, Microsoft Store); browser ' +
  'mode and the CLI use VALUERANK_PYTHON, else python3 on PATH. Python 3.10 or newer is required.';

export function ComputerSettings(): React.JSX.Element {
  const stored = usePreferences();
  const pythonRead = usePythonInUse();
  const preferences = stored.data;
  const python = pythonRead.data;
  const loadError = (!preferences && stored.error) || (!python && pythonRead.error) || null;
  const [draftPath, setDraftPath] = useState<string | null>(null);
  // Saving refreshes the Python in use (the path just chosen, or discovery's answer).
  const sleep = useSavePreferences();
  const path = useSavePreferences();
  const desktop = isDesktop;

  async function savePython(next: string | null, done: string): Promise<void> {
    const saved = await path.run({ pythonPath: next }, done);
    if (saved) setDraftPath(null);
  }

  const pathText = draftPath ?? preferences?.pythonPath ?? '';
  const pathChanged = draftPath !== null && draftPath.trim() !== (preferences?.pythonPath ?? '');

  return (
    <section className="card" data-testid="computer-settings" aria-labelledby="computer-heading">
      <h2 id="computer-heading">This computer</h2>
      {loadError ? <ErrorBox error={loadError} title="Could not load these settings" testId="computer-error" /> : null}
      {!preferences && !loadError ? <Loading lines={2} /> : null}
      {preferences ? (
        <>
          <label className="field-inline">
            <input
              type="checkbox"
              data-testid="prevent-sleep"
              checked={preferences.preventSleep}
              disabled={sleep.busy}
              onChange={(event) => {
                const preventSleep = event.currentTarget.checked;
                void sleep.run({ preventSleep }, preventSleep ? 'On.' : 'Off.');
              }}
            />{' '}
            Keep the computer awake while a run is executing
          </label>
          <p className="muted small" data-testid="prevent-sleep-note">
            {desktop
              ? 'Only while a run is executing (a paused run lets it sleep); applied at once. The environment ' +
                'variable VALUERANK_PREVENT_SLEEP=0 or 1, when set, overrides this switch.'
              : 'Applies only in the desktop app: in browser mode the computer’s own power settings decide.'}
          </p>
          {sleep.error ? <ErrorBox error={sleep.error} title="Not saved" testId="prevent-sleep-error" /> : null}

          <h3>Python interpreter</h3>
          <PythonInUseLine python={python} />
          <form
            className="field-row"
            onSubmit={(event) => {
              event.preventDefault();
              if (!path.busy && pathChanged && pathText.trim()) void savePython(pathText.trim(), 'Saved: in use now.');
            }}
          >
            <label className="field field-grow">
              <span className="field-label">Path to python3 (python.exe on Windows)</span>
              <input
                type="text"
                value={pathText}
                spellCheck={false}
                disabled={path.busy}
                placeholder="automatic discovery"
                aria-invalid={path.error !== null}
                data-testid="python-path"
                onChange={(event) => {
                  setDraftPath(event.currentTarget.value);
                  path.clear();
                }}
              />
              {path.error ? (
                <span className="field-error" data-testid="python-path-error">
                  {path.error.message}
                </span>
              ) : null}
            </label>
            <button
              type="submit"
              className="button button-primary"
              disabled={path.busy || !pathChanged || !pathText.trim()}
              data-testid="python-path-save"
            >
              {path.busy ? 'Checking…' : 'Save'}
            </button>
            <button
              type="button"
              className="button"
              disabled={path.busy || preferences.pythonPath === null}
              data-testid="python-path-discover"
              onClick={() => void savePython(null, 'Automatic discovery is used.')}
            >
              Use automatic discovery
            </button>
          </form>
          {path.message ? (
            <p className="success-text" data-testid="python-path-saved">
              {path.message}
            </p>
          ) : null}
          <p className="muted small">{DISCOVERY_ORDER}</p>
        </>
      ) : null}
    </section>
  );
}

function PythonInUseLine({ python }: { python: PythonInUse | null }): React.JSX.Element {
  if (!python) return <Loading lines={1} />;
  return (
    <>
      <p data-testid="python-in-use">
        In use: <span className="mono">{python.command}</span> (from {python.source})
        {python.version && !python.problem ? ` · Python ${python.version}` : ''}
        {python.executable && python.executable !== python.command ? (
          <span className="muted small"> · {python.executable}</span>
        ) : null}
      </p>
      {python.problem ? (
        <p className="warning-text" data-testid="python-problem">
          {python.problem}
        </p>
      ) : null}
      {python.settingsProblem ? (
        <p className="warning-text" data-testid="python-settings-problem">
          {python.settingsProblem}
        </p>
      ) : null}
    </>
  );
}
