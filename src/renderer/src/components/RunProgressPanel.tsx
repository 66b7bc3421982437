/** A run's progress: completed/total with percentage, failures counted apart, a bar, and one row per model. */
import type { RunDetail } from '@shared/domain';
import { formatCount, formatNumber, plural, progressText } from '../lib/format';
import { errorFix, fixIsInSettings } from '../lib/fixes';
import { retriedErrors } from '../lib/run-state';
import { links } from '../stores/router';
import { ProgressBar } from './ProgressBar';

export function RunProgressPanel({ run }: { run: RunDetail }): React.JSX.Element {
  const { progress } = run;
  const retried = retriedErrors(run.activity.attemptErrors);
  return (
    <section className="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <div className="progress-headline">
        <span className="progress-figure" data-testid="run-progress">
          {progressText(progress)}
        </span>
        <span className="progress-counts">
          <span className={progress.failed > 0 ? 'count count-failed' : 'count'} data-testid="run-failed">
            {formatCount(progress.failed)} failed
          </span>
          <span className="count">{formatCount(progress.running)} running</span>
          <span className="count">{formatCount(progress.pending)} pending</span>
          {progress.cancelled > 0 ? <span className="count">{formatCount(progress.cancelled)} cancelled</span> : null}
          {run.activity.retrying > 0 ? (
            <span className="count count-warn" data-testid="run-retrying">
              {run.activity.retrying} retrying
            </span>
          ) : null}
          {run.activity.timedOut > 0 ? (
            <span className="count count-warn" data-testid="run-timed-out">
              {run.activity.timedOut} timed out
            </span>
          ) : null}
        </span>
        {run.activity.waitingOn > 0 ? (
          <span className="progress-eta" data-testid="run-waiting-on">
            waiting on {run.activity.waitingOn} {run.activity.waitingOn === 1 ? 'request' : 'requests'}
          </span>
        ) : run.activity.etaMs !== null ? (
          <span
            className="progress-eta"
            data-testid="run-eta"
            title={`${formatNumber(run.activity.ratePerMinute, 1)} jobs per minute`}
          >
            about {formatEta(run.activity.etaMs)} left
          </span>
        ) : null}
        {run.activity.oldestInFlightMs !== null && run.activity.oldestInFlightMs >= 10_000 ? (
          <span className="count count-warn" data-testid="run-oldest-in-flight">
            oldest request waiting {formatEta(run.activity.oldestInFlightMs)}
          </span>
        ) : null}
      </div>
      <ProgressBar progress={progress} />
      {run.status === 'paused' && run.pauseReason ? (
        <p className="notice" role="status" data-testid="run-pause-reason">
          Paused by itself — {run.pauseReason}
        </p>
      ) : null}

      {run.perModel.length > 0 ? (
        <table className="table table-compact per-model" data-testid="per-model-progress">
          <thead>
            <tr>
              <th>Model</th>
              <th>Completed</th>
              <th className="num">Failed</th>
              <th className="num">Remaining</th>
              <th className="bar-cell" aria-label="Progress bar" />
            </tr>
          </thead>
          <tbody>
            {run.perModel.map((model) => (
              <tr key={model.modelKey} data-testid="model-progress-row">
                <td className="mono model-key">{model.modelKey}</td>
                <td className="nowrap">{progressText(model)}</td>
                <td className="num">{formatCount(model.failed)}</td>
                <td className="num">{formatCount(model.pending + model.running)}</td>
                <td className="bar-cell">
                  <ProgressBar progress={model} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {retried.length > 0 ? (
        <p className="muted small" data-testid="attempt-errors">
          Retried along the way: {retried.map((entry) => `${entry.code} ×${formatCount(entry.count)}`).join(', ')}
        </p>
      ) : null}

      {run.errorSummary.length > 0 ? (
        <div className="error-summary" data-testid="error-summary">
          <h3>Errors</h3>
          <ul className="plain-list">
            {run.errorSummary.map((entry) => (
              <li key={`${entry.code}|${entry.modelKey}`}>
                <span className="notice-code">{entry.code}</span> ·{' '}
                <span className="mono model-key">{entry.modelKey}</span> — {plural(entry.count, 'job')}
                {entry.example ? (
                  <>
                    {' '}
                    — <span className="error-example">{entry.example}</span>
                  </>
                ) : null}
                <ErrorFix code={entry.code} providerId={entry.modelKey.split(':')[0] ?? ''} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** "40 s", "3 min", "2 h 5 min": an estimate, so coarse on purpose. */
function formatEta(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** The fix for an error code under its summary line, with the way to the provider's card in Settings. */
function ErrorFix({ code, providerId }: { code: string; providerId: string }): React.JSX.Element | null {
  const fix = errorFix(code);
  if (!fix) return null;
  return (
    <div className="error-fix small" data-testid="error-fix">
      {fix}
      {fixIsInSettings(code) ? (
        <>
          {' '}
          <a href={links.settings(providerId || undefined)} data-testid="open-provider-settings">
            Open Settings
          </a>
        </>
      ) : null}
    </div>
  );
}
