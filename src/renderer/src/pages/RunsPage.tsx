/**
 * All runs, newest first, with definition (linked), status, progress, models and date; filter by status; System
 * Health's test runs are hidden unless asked for, and marked when shown. Refreshes itself while any run is still going.
 */
import { useEffect, useState } from 'react';
import { modelKey, RUN_STATUSES } from '@shared/domain';
import { EmptyState } from '../components/EmptyState';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { ProgressBar } from '../components/ProgressBar';
import { RunsFilterBar } from '../components/RunsFilterBar';
import { StatusBadge } from '../components/StatusBadge';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatCount, formatDateTime, plural, progressText, shortId, statusLabel } from '../lib/format';
import {
  canSelectForCompare,
  DEFAULT_RUN_SORT,
  filterRuns,
  sortRuns,
  type RunListFilter,
  type RunSort,
  type RunSortKey,
} from '../lib/run-filters';
import { readRunsQuery, writeRunsQuery } from '../lib/runs-query';
import { hashQuery, links, replaceHashQuery, useRouter } from '../stores/router';
import { ModelKeys } from '../components/ModelKeyText';
import { useRunList } from '../data/runs';
import { useRunFilter, type RunFilter } from '../stores/run-filter';
import { useStudyRunIds } from '../data/studies';

export function RunsPage(): React.JSX.Element {
  usePageTitle('Runs');
  const list = useRunList();
  const filter = useRunFilter((state) => state.filter);
  const setFilter = useRunFilter((state) => state.setFilter);
  const navigate = useRouter((state) => state.navigate);
  // The filters live in the address (bookmarkable, kept across a reload); a status there wins over the remembered one.
  const [initial] = useState(() => readRunsQuery(hashQuery(), filter));
  const [showTests, setShowTests] = useState(initial.showTests);
  const [listFilter, setListFilter] = useState<RunListFilter>(initial.list);
  useEffect(() => {
    if (initial.status !== useRunFilter.getState().filter) setFilter(initial.status);
  }, [initial, setFilter]);
  useEffect(() => {
    replaceHashQuery(writeRunsQuery({ status: filter, showTests, list: listFilter }));
  }, [filter, showTests, listFilter]);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [sort, setSort] = useState<RunSort>(DEFAULT_RUN_SORT);
  const allRuns = list.data;
  const visible = allRuns?.filter((run) => showTests || run.runType !== 'test') ?? null;
  const studyRuns = useStudyRunIds(listFilter.studyId);
  const runs = visible ? sortRuns(filterRuns(visible, listFilter, studyRuns), sort) : null;
  const header = (key: RunSortKey, label: string): React.JSX.Element => (
    <th aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined}>
      <button
        type="button"
        className="button-link"
        data-testid={`sort-${key}`}
        onClick={() => setSort({ key, descending: sort.key === key ? !sort.descending : key === 'created' })}
      >
        {label}
        {sort.key === key ? (sort.descending ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  // In the order they were ticked: the first is A of the comparison.
  const selected = selectedIds.flatMap((id) => allRuns?.filter((run) => run.id === id) ?? []);
  // Only the test runs the checkbox hides count as hidden (not the runs the definition and model filters leave out).
  const hiddenTests = showTests ? 0 : (allRuns?.filter((run) => run.runType === 'test').length ?? 0);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="page-lede">Every evaluation you have started, newest first.</p>
        </div>
        {/* The list's controls sit together at the header's right, one row, centred on each other. */}
        <div className="page-header-controls" data-testid="runs-header-controls">
          <label className="field field-inline">
            <input
              type="checkbox"
              checked={showTests}
              data-testid="show-test-runs"
              onChange={(event) => setShowTests(event.currentTarget.checked)}
            />
            <span className="field-label">Show test runs</span>
          </label>
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
        </div>
      </header>

      {list?.stale ? (
        <span className="stale" data-testid="stale">
          stale — reconnecting…
        </span>
      ) : null}
      {list?.error && !list.stale ? (
        <ErrorBox error={list.error} title="Could not load runs" testId="list-error" />
      ) : null}

      {visible && visible.length > 0 ? (
        <RunsFilterBar
          runs={visible}
          filter={listFilter}
          onFilter={setListFilter}
          selected={selected}
          onClearSelection={() => setSelectedIds([])}
        />
      ) : null}

      {runs === null ? (
        list?.error ? null : (
          <Loading />
        )
      ) : runs.length === 0 && (visible?.length ?? 0) === 0 && hiddenTests > 0 ? (
        <p className="empty-inline" data-testid="only-test-runs">
          Only test runs here ({plural(hiddenTests, 'test run')} hidden). Tick “Show test runs” to see them.
        </p>
      ) : runs.length === 0 && (visible?.length ?? 0) > 0 ? (
        <p className="empty-inline" data-testid="no-filtered-runs">
          No runs match the chosen filters.
        </p>
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
              <th>
                <span className="visually-hidden">Compare</span>
              </th>
              {header('run', 'Run')}
              {header('definition', 'Definition')}
              {header('status', 'Status')}
              {header('progress', 'Progress')}
              {header('models', 'Models')}
              {header('created', 'Created')}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row" onClick={() => navigate(links.run(run.id))}>
                <td onClick={(event) => event.stopPropagation()}>
                  <input
                    type="checkbox"
                    aria-label={`Select run ${shortId(run.id)} to compare`}
                    data-testid="compare-checkbox"
                    checked={selectedIds.includes(run.id)}
                    disabled={!canSelectForCompare(run, selected)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setSelectedIds((ids) => (checked ? [...ids, run.id] : ids.filter((id) => id !== run.id)));
                    }}
                  />
                </td>
                <td className="nowrap">
                  <a href={links.run(run.id)} className="mono small" onClick={(event) => event.stopPropagation()}>
                    {shortId(run.id)}
                  </a>
                  {run.name ? (
                    <span className="run-name" data-testid="run-name-cell">
                      {' '}
                      {run.name}
                    </span>
                  ) : null}
                  {run.archivedAt ? (
                    <span className="tag" data-testid="archived-run-tag">
                      archived
                    </span>
                  ) : null}
                  {run.runType === 'test' ? (
                    <span className="tag tag-test" data-testid="test-run-tag">
                      test
                    </span>
                  ) : run.runType === 'rerun' ? (
                    <span className="tag">re-run</span>
                  ) : run.runType === 'sample' ? (
                    <span className="tag" data-testid="sample-run-tag">
                      sample
                    </span>
                  ) : null}
                </td>
                <td>
                  <a
                    href={links.definition(run.definitionId)}
                    data-testid="run-definition"
                    onClick={(event) => event.stopPropagation()}
                  >
                    {run.definitionName}
                  </a>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="progress-cell">
                  <span>{progressText(run.progress)}</span>
                  {run.progress.failed > 0 ? (
                    <span className="count-failed"> · {formatCount(run.progress.failed)} failed</span>
                  ) : null}
                  <ProgressBar progress={run.progress} compact />
                </td>
                <td className="mono small model-key model-key-words">
                  <ModelKeys keys={run.models.map(modelKey)} />
                </td>
                <td className="created-cell" title={run.createdAt}>
                  <DateTimeLines value={formatDateTime(run.createdAt)} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={7} className="muted">
                {plural(runs.length, 'run')}
                {hiddenTests > 0 ? ` · ${plural(hiddenTests, 'test run')} hidden` : ''}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}

/** "Dec 4, 2026, 8:58 AM" as at most two lines (date, then time), never broken inside either. */
function DateTimeLines({ value }: { value: string }): React.JSX.Element {
  const at = value.lastIndexOf(', ');
  if (at < 0) return <span className="nowrap">{value}</span>;
  return (
    <>
      <span className="nowrap">{value.slice(0, at + 1)}</span> <span className="nowrap">{value.slice(at + 2)}</span>
    </>
  );
}
