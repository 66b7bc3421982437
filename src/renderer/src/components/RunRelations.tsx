/** A run's family on its page: the run it re-ran (parent), its re-runs (children) and comparisons (Re-run… is in the header). */
import type { RunDetail, RunSummary } from '@shared/domain';
import { isTerminalRunStatus, modelKey } from '@shared/domain';
import { formatDateTime, shortId } from '../lib/format';
import { useRelatedRuns } from '../data/results';
import { links } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { StatusBadge } from './StatusBadge';

export function RunRelations({ run }: { run: RunDetail }): React.JSX.Element {
  const entry = useRelatedRuns(run.id, run.status);
  const terminal = isTerminalRunStatus(run.status);

  const related = entry.data;
  const hasFamily = related !== null && (related.parent !== null || related.children.length > 0);
  return (
    <section className="section run-relations" aria-labelledby="related-heading">
      <div className="section-header">
        <h2 id="related-heading">Related runs</h2>
      </div>
      {entry?.error && !entry.stale ? <ErrorBox error={entry.error} title="Could not load related runs" /> : null}
      {related === null ? null : !hasFamily ? (
        <p className="muted small" data-testid="no-related">
          No related runs.{' '}
          {terminal ? 'Re-run this one (Re-run… above) against another model version to compare them.' : ''}
        </p>
      ) : (
        <ul className="related-list" data-testid="related-runs">
          {related.parent ? (
            <RelatedItem
              relation="parent"
              other={related.parent}
              compareHref={links.compare(related.parent.id, run.id)}
            />
          ) : null}
          {related.children.map((child) => (
            <RelatedItem key={child.id} relation="re-run" other={child} compareHref={links.compare(run.id, child.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RelatedItem({
  relation,
  other,
  compareHref,
}: {
  relation: 'parent' | 're-run';
  other: RunSummary;
  compareHref: string;
}): React.JSX.Element {
  return (
    <li data-testid={relation === 'parent' ? 'related-parent' : 'related-child'}>
      <span className="related-kind">{relation === 'parent' ? 'Re-run of' : 'Re-run'}</span>{' '}
      <a href={links.run(other.id)} className="mono">
        {shortId(other.id)}
      </a>{' '}
      <StatusBadge status={other.status} />{' '}
      <span className="mono small model-key">{other.models.map(modelKey).join(', ')}</span>{' '}
      <span className="muted small">{formatDateTime(other.createdAt)}</span>{' '}
      <a href={compareHref} className="button-link" data-testid="compare-link">
        Compare
      </a>
    </li>
  );
}
