/** The runs of one definition, newest first, each linked (runs.list, polled while one of them is going). */
import { modelKey } from '@shared/domain';
import { useDefinitionRuns } from '../data/runs';
import { formatDateTime, plural, progressText, shortId } from '../lib/format';
import { links } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { StatusBadge } from './StatusBadge';

export function DefinitionRuns({ definitionId }: { definitionId: string }): React.JSX.Element {
  const list = useDefinitionRuns(definitionId);
  const runs = list.data ?? [];
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
