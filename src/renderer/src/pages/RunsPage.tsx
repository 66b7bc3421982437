/** All runs, newest first, with status, progress and models; refreshes itself while any run is still going. */
import { useEffect } from 'react';
import { isTerminalRunStatus, modelKey, RUN_STATUSES } from '@shared/domain';
import { EmptyState } from '../components/EmptyState';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { ProgressBar } from '../components/ProgressBar';
import { StatusBadge } from '../components/StatusBadge';
import { RUN_POLL_INTERVAL_MS } from '../hooks/useRunPolling';
import { formatDateTime, plural, progressText, statusLabel } from '../lib/format';
import { links, useRouter } from '../stores/router';
import { useRuns, type RunFilter } from '../stores/runs';

export function RunsPage(): React.JSX.Element {
  const list = useRuns((state) => state.list);
  const filter = useRuns((state) => state.filter);
  const setFilter = useRuns((state) => state.setFilter);
  const loadList = useRuns((state) => state.loadList);
  const navigate = useRouter((state) => state.navigate);
  const runs = list?.data ?? null;
  const anyActive = runs?.some((run) => !isTerminalRunStatus(run.status)) ?? false;

  useEffect(() => {
    void loadList();
  }, [loadList]);

  useEffect(() => {
    if (!anyActive && !list?.stale) return;
    const timer = window.setInterval(() => void loadList(), RUN_POLL_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [anyActive, list?.stale, loadList]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="page-lede">Every evaluation you have started, newest first.</p>
        </div>
        <label className="field field-inline">
          <span className="field-label">Status</span>
          <select
            value={filter}
            data-testid="run-filter"
            onChange={(event) => setFilter(event.currentTarget.value as RunFilter)}
          >
            <option value="all">All</option>
            {RUN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </label>
      </header>

      {list?.stale ? (
        <span className="stale" data-testid="stale">
          stale — reconnecting…
        </span>
      ) : null}
      {list?.error && !list.stale ? (
        <ErrorBox error={list.error} title="Could not load runs" testId="list-error" />
      ) : null}

      {runs === null ? (
        list?.error ? null : (
          <Loading />
        )
      ) : runs.length === 0 ? (
        filter === 'all' ? (
          <EmptyState
            title="No runs yet"
            action={
              <a className="button button-primary" href={links.definitions()}>
                Choose a definition
              </a>
            }
          >
            <p>A run sends every scenario of a definition to the models you choose and records each answer.</p>
            <p>Open a definition, add one or more models under “Start a run”, and its progress will appear here.</p>
          </EmptyState>
        ) : (
          <p className="empty-inline">No runs with status “{statusLabel(filter)}”.</p>
        )
      ) : (
        <table className="table table-clickable" data-testid="runs-table">
          <thead>
            <tr>
              <th>Definition</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Models</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row" onClick={() => navigate(links.run(run.id))}>
                <td>
                  <a href={links.run(run.id)} onClick={(event) => event.stopPropagation()}>
                    {run.definitionName}
                  </a>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="progress-cell">
                  <span>{progressText(run.progress)}</span>
                  {run.progress.failed > 0 ? (
                    <span className="count-failed"> · {run.progress.failed} failed</span>
                  ) : null}
                  <ProgressBar progress={run.progress} compact />
                </td>
                <td className="mono small">{run.models.map(modelKey).join(', ')}</td>
                <td title={run.createdAt}>{formatDateTime(run.createdAt)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5} className="muted">
                {plural(runs.length, 'run')}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
