/**
 * A run's actions, in its page header where they are found without scrolling: Pause/Resume and Cancel (or Retry failed
 * jobs), Re-run…, Compare with the run it re-ran or its latest re-run, and Export… (which takes the keyboard to the
 * export options in Results). While the page is stale the controls that change the run are disabled.
 */
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import { useRelatedRuns } from '../data/results';
import { links } from '../stores/router';
import { RunControlsBar } from './RunControlsBar';

interface RunActionsProps {
  run: RunDetail;
  /** The page shows last-known figures (the core is unreachable): nothing that changes the run is offered. */
  stale: boolean;
  rerunOpen: boolean;
  onRerun(): void;
}

/** The comparison a run's header offers: with the run it re-ran, else with its newest re-run; null for neither. */
export function compareTarget(
  runId: string,
  related: { parent: { id: string } | null; children: readonly { id: string }[] } | null,
): string | null {
  if (!related) return null;
  if (related.parent) return links.compare(related.parent.id, runId);
  const newest = related.children.at(-1);
  return newest ? links.compare(runId, newest.id) : null;
}

export function RunActions({ run, stale, rerunOpen, onRerun }: RunActionsProps): React.JSX.Element {
  const related = useRelatedRuns(run.id, run.status).data;
  const compareHref = compareTarget(run.id, related);
  return (
    <div className="page-actions" data-testid="run-actions">
      <RunControlsBar run={run} stale={stale} />
      {isTerminalRunStatus(run.status) ? (
        <button
          type="button"
          className="button"
          data-testid="rerun-button"
          onClick={onRerun}
          disabled={rerunOpen || stale}
        >
          Re-run…
        </button>
      ) : null}
      {compareHref ? (
        <a className="button" href={compareHref} data-testid="header-compare">
          Compare
        </a>
      ) : null}
      <button type="button" className="button" data-testid="goto-export" onClick={goToExport}>
        Export…
      </button>
    </div>
  );
}

/** Brings the export options (in Results) into view and puts the keyboard on their first control. */
function goToExport(): void {
  const panel = document.querySelector<HTMLElement>('[data-testid="export"]');
  panel?.scrollIntoView({ block: 'center' });
  panel?.querySelector<HTMLElement>('button, select, input')?.focus();
}
