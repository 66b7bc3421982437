/** The results part of a run page: export, a per-model summary, the transcripts table and the transcript opened from it. */
import { useEffect, useRef, useState } from 'react';
import type { RunDetail } from '@shared/domain';
import { useRuns } from '../stores/runs';
import { ErrorBox } from './ErrorBox';
import { ExportButton } from './ExportButton';
import { Loading } from './Loading';
import { ResultsSummary } from './ResultsSummary';
import { TranscriptTable } from './TranscriptTable';
import { TranscriptView } from './TranscriptView';

export function RunResults({ run, terminal }: { run: RunDetail; terminal: boolean }): React.JSX.Element {
  const page = useRuns((state) => state.transcripts[run.id]);
  const loadTranscripts = useRuns((state) => state.loadTranscripts);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const transcripts = page?.data?.items ?? null;
  const hasResults = run.progress.completed > 0 || (transcripts?.length ?? 0) > 0;

  return (
    <section className="section" aria-labelledby="results-heading">
      <div className="section-header">
        <h2 id="results-heading">Results</h2>
        <ExportButton runId={run.id} hasResults={hasResults} partial={!terminal} />
      </div>

      {page?.error && !page.stale ? (
        <ErrorBox error={page.error} title="Could not load results" testId="results-error" />
      ) : null}

      {transcripts === null ? (
        page?.error ? null : (
          <Loading />
        )
      ) : transcripts.length === 0 ? (
        <p className="empty-inline" data-testid="no-results">
          No results yet{terminal ? '.' : ' — they appear here as jobs finish.'}
        </p>
      ) : (
        <>
          <ResultsSummary transcripts={transcripts} partial={!terminal || (page?.data?.hasMore ?? false)} />
          <TranscriptTable transcripts={transcripts} selectedId={selectedId} onSelect={setSelectedId} />
          {page?.data?.hasMore ? (
            <div className="actions">
              <span className="muted">Showing {transcripts.length.toLocaleString()} results.</span>
              <button
                type="button"
                className="button"
                disabled={page.loading}
                onClick={() => void loadTranscripts(run.id, true)}
              >
                {page.loading ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
          {selectedId ? <SelectedTranscript id={selectedId} onClose={() => setSelectedId(null)} /> : null}
        </>
      )}
    </section>
  );
}

function SelectedTranscript({ id, onClose }: { id: string; onClose(): void }): React.JSX.Element {
  const entry = useRuns((state) => state.transcriptDetails[id]);
  const loadTranscript = useRuns((state) => state.loadTranscript);
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    void loadTranscript(id);
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, [id, loadTranscript]);

  return (
    <section ref={ref} className="card transcript-card" aria-labelledby="transcript-heading">
      <div className="section-header">
        <h2 id="transcript-heading">Transcript</h2>
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
