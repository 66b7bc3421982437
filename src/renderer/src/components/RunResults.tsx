/**
 * The results part of a run page: export, the per-model summary the core aggregates (refreshed as jobs finish), every
 * transcript in a filtered, paged table (RunTranscripts), and the transcript opened from either (in a drawer, see TranscriptDrawer).
 */
import { useEffect, useRef, useState } from 'react';
import type { RunDetail } from '@shared/domain';
import { plural } from '../lib/format';
import { useSummary } from '../data/results';
import { useTranscript } from '../data/runs';
import { ErrorBox } from './ErrorBox';
import { ExportButton } from './ExportButton';
import { Loading } from './Loading';
import { ResultsSummary } from './ResultsSummary';
import { DimensionEffects } from './analysis/DimensionEffects';
import { TranscriptDrawer } from './TranscriptDrawer';
import { RunTranscripts } from './RunTranscripts';
import { TranscriptView } from './TranscriptView';

export function RunResults({ run, terminal }: { run: RunDetail; terminal: boolean }): React.JSX.Element {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The control that opened the drawer (a row or a sample chip), to give focus back to when it closes.
  const openerRef = useRef<HTMLElement | null>(null);
  const select = (id: string): void => {
    if (document.activeElement instanceof HTMLElement && !document.activeElement.closest('.transcript-drawer'))
      openerRef.current = document.activeElement;
    setSelectedId(id);
  };
  const close = (): void => {
    const closedId = selectedId;
    setSelectedId(null);
    const opener = openerRef.current?.isConnected
      ? openerRef.current
      : document.querySelector<HTMLElement>(`[data-transcript-id="${closedId ?? ''}"]`);
    opener?.focus();
  };
  const finished = run.progress.completed + run.progress.failed;
  // Re-aggregated whenever the polled run reports more finished jobs (and once more when it ends).
  const summaryEntry = useSummary(run.id, `${finished}:${terminal}`);
  const summary = summaryEntry.data;

  const decided = summary ? summary.totalDecisions : run.progress.completed;
  const anyFailed = summary ? summary.models.some((m) => m.failed > 0) : run.progress.failed > 0;
  const hasResults = decided > 0 || run.progress.completed > 0;

  return (
    <section className="section" aria-labelledby="results-heading">
      <div className="section-header">
        <h2 id="results-heading">Results</h2>
        <ExportButton
          runId={run.id}
          hasResults={hasResults}
          failedJobs={run.progress.failed + run.progress.cancelled}
          partial={!terminal}
        />
      </div>

      {summaryEntry?.error && !summaryEntry.stale ? (
        <ErrorBox error={summaryEntry.error} title="Could not load results" testId="results-error" />
      ) : null}

      {summary === null ? (
        summaryEntry?.error ? null : (
          <Loading />
        )
      ) : decided === 0 && !anyFailed ? (
        <p className="empty-inline" data-testid="no-results">
          No results yet{terminal ? '.' : ' — they appear here as jobs finish.'}
        </p>
      ) : (
        <>
          {!terminal ? (
            <p className="muted small" data-testid="results-partial">
              Partial results: {plural(run.progress.pending + run.progress.running, 'job')} still to finish.
            </p>
          ) : null}
          <ResultsSummary summary={summary} selectedId={selectedId} onSelectTranscript={select} />
          {selectedId ? <TranscriptDrawer id={selectedId} onClose={close} /> : null}
          <DimensionEffects runId={run.id} finished={finished} />
          <RunTranscripts run={run} summary={summary} selectedId={selectedId} onSelect={select} />
        </>
      )}
    </section>
  );
}

/** The transcript opened from the summary or the table; opening it stamps its lastAccessedAt in the core. */
interface SelectedTranscriptProps {
  id: string;
  onClose(): void;
  title?: string;
}

export function SelectedTranscript({ id, onClose, title = 'Transcript' }: SelectedTranscriptProps): React.JSX.Element {
  const entry = useTranscript(id);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  return (
    <section ref={ref} className="card transcript-card" aria-labelledby={`transcript-heading-${id}`}>
      <div className="section-header">
        <h2 id={`transcript-heading-${id}`}>{title}</h2>
        <button type="button" className="button-link" onClick={onClose}>
          Close
        </button>
      </div>
      {entry?.data ? (
        <TranscriptView transcript={entry.data} />
      ) : entry?.error ? (
        <ErrorBox error={entry.error} title="Could not load this transcript" testId="transcript-error" />
      ) : (
        <Loading />
      )}
    </section>
  );
}
