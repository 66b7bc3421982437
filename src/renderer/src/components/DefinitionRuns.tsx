/** The runs of one definition, newest first, each linked; read through useRoute over runs.list (filtered here). */
import { isTerminalRunStatus, modelKey } from '@shared/domain';
import { useRoute } from '../hooks/useRoute';
import { RUN_POLL_INTERVAL_MS } from '../hooks/useRunWatcher';
import { formatDateTime, plural, progressText, shortId } from '../lib/format';
import { readResource, useResources } from '../stores/resource';
import { links } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { StatusBadge } from './StatusBadge';

export function DefinitionRuns({ definitionId }: { definitionId: string }): React.JSX.Element {
  const known = useResources((state) => readResource(state, 'runs.list', {}).data);
  const active = known?.some((run) => run.definitionId === definitionId && !isTerminalRunStatus(run.status));
  // Keep the statuses fresh while one of this definition's runs is still going.
  const list = useRoute('runs.list', {}, { pollMs: active ? RUN_POLL_INTERVAL_MS : undefined });
  const runs = (list.data ?? [])
    .filter((run) => run.definitionId === definitionId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="section" aria-labelledby="definition-runs-heading" data-testid="definition-runs">
      <h2 id="definition-runs-heading">
        Runs <span className="muted">({runs.length.toLocaleString()})</span>
      </h2>
      {list.error ? <ErrorBox error={list.error} title="Could not load the runs" /> : null}
      {runs.length === 0 ? (
        <p className="muted">No runs of this definition yet: start one above.</p>
      ) : (
        <ul className="plain-list definition-run-list">
          {runs.map((run) => (
            <li key={run.id} data-testid="definition-run">
              <StatusBadge status={run.status} />{' '}
              <a href={links.run(run.id)} className="mono">
                {shortId(run.id)}
              </a>{' '}
              · {progressText(run.progress)} · {plural(run.models.length, 'model')}{' '}
              <span className="muted small mono">({run.models.map(modelKey).join(', ')})</span> ·{' '}
              {formatDateTime(run.createdAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
