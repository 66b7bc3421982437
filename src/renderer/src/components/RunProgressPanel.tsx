/** A run's progress: completed/total with percentage, failures counted apart, a bar, and one row per model. */
import type { RunDetail } from '@shared/domain';
import { plural, progressText } from '../lib/format';
import { ProgressBar } from './ProgressBar';

export function RunProgressPanel({ run }: { run: RunDetail }): React.JSX.Element {
  const { progress } = run;
  return (
    <section className="card" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <div className="progress-headline">
        <span className="progress-figure" data-testid="run-progress">
          {progressText(progress)}
        </span>
        <span className="progress-counts">
          <span className={progress.failed > 0 ? 'count count-failed' : 'count'} data-testid="run-failed">
            {progress.failed} failed
          </span>
          <span className="count">{progress.running} running</span>
          <span className="count">{progress.pending} pending</span>
          {progress.cancelled > 0 ? <span className="count">{progress.cancelled} cancelled</span> : null}
        </span>
      </div>
      <ProgressBar progress={progress} />

      {run.perModel.length > 0 ? (
        <table className="table table-compact per-model" data-testid="per-model-progress">
          <thead>
            <tr>
              <th>Model</th>
              <th>Completed</th>
              <th className="num">Failed</th>
              <th className="bar-cell" aria-label="Progress bar" />
            </tr>
          </thead>
          <tbody>
            {run.perModel.map((model) => (
              <tr key={model.modelKey} data-testid="model-progress-row">
                <td className="mono">{model.modelKey}</td>
                <td>{progressText(model)}</td>
                <td className="num">{model.failed}</td>
                <td className="bar-cell">
                  <ProgressBar progress={model} compact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {run.errorSummary.length > 0 ? (
        <div className="error-summary" data-testid="error-summary">
          <h3>Errors</h3>
          <ul className="plain-list">
            {run.errorSummary.map((entry) => (
              <li key={entry.code}>
                <span className="notice-code">{entry.code}</span> {plural(entry.count, 'job')} —{' '}
                <span>{entry.example}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
