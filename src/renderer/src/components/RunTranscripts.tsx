/**
 * A run's transcripts on its page: the filter bar (kept in the address), the matching transcripts a page at a time,
 * and what to do when none match.
 */
import { useEffect, useMemo, useState } from 'react';
import type { RunDetail } from '@shared/domain';
import type { ResultsSummary } from '@shared/results';
import { useTranscriptCount, useTranscriptLevels, useTranscripts } from '../data/runs';
import { useDebounced } from '../hooks/useDebounced';
import { plural } from '../lib/format';
import {
  isFiltered,
  NO_TRANSCRIPT_FILTER,
  readTranscriptQuery,
  transcriptFilterOf,
  writeTranscriptQuery,
} from '../lib/transcript-query';
import { hashQuery, replaceHashQuery } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { TranscriptFilterBar } from './TranscriptFilterBar';
import { TranscriptTable } from './TranscriptTable';

/** How long typing must pause before the core is asked (each keystroke would be a search otherwise). */
const SEARCH_DELAY_MS = 250;

interface RunTranscriptsProps {
  run: RunDetail;
  summary: ResultsSummary;
  selectedId: string | null;
  onSelect(id: string): void;
}

export function RunTranscripts({ run, summary, selectedId, onSelect }: RunTranscriptsProps): React.JSX.Element | null {
  const [fields, setFields] = useState(() => readTranscriptQuery(hashQuery()));
  const text = useDebounced(fields.text, SEARCH_DELAY_MS);
  const { model, decision, source, sample, scenarios, levels } = fields;
  const filter = useMemo(
    () => transcriptFilterOf({ model, decision, source, sample, text, scenarios, levels }),
    [model, decision, source, sample, text, scenarios, levels],
  );
  useEffect(() => {
    replaceHashQuery(writeTranscriptQuery(hashQuery(), fields));
  }, [fields]);
  // A link to this same page with other filters (a results cell's `?model=…&scenario=…`) changes only the address:
  // follow it. The page's own writes replace the address without a hashchange, so this never echoes them.
  useEffect(() => {
    const page = `#/runs/${encodeURIComponent(run.id)}`;
    const follow = (): void => {
      if (window.location.hash.split('?')[0] !== page) return;
      const next = readTranscriptQuery(hashQuery());
      setFields((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [run.id]);
  const page = useTranscripts(run.id, filter);
  const count = useTranscriptCount(run.id, filter);
  const levelCounts = useTranscriptLevels(run.id, filter);
  const transcripts = page.data?.items ?? null;
  const total = count.data?.total ?? transcripts?.length ?? 0;
  if (total === 0 && !isFiltered(fields)) return null;

  return (
    <details className="all-transcripts" open>
      <summary>
        <h3>All transcripts</h3>
      </summary>
      <TranscriptFilterBar
        models={run.perModel.map((m) => m.modelKey)}
        results={summary.models}
        samples={run.options.samples}
        dimensions={levelCounts.data ?? []}
        fields={fields}
        onChange={setFields}
        count={count.data ?? null}
      />
      {page.error && !page.stale ? (
        <ErrorBox error={page.error} title="Could not load the transcripts" testId="transcripts-error" />
      ) : null}
      {transcripts && transcripts.length > 0 ? (
        <TranscriptTable runId={run.id} transcripts={transcripts} selectedId={selectedId} onSelect={onSelect} />
      ) : transcripts ? (
        <p className="empty-inline" data-testid="transcripts-none-match">
          No transcript matches these filters.{' '}
          <button type="button" className="button-link" onClick={() => setFields(NO_TRANSCRIPT_FILTER)}>
            Clear filters
          </button>
        </p>
      ) : null}
      {page.data?.hasMore && transcripts ? (
        <div className="actions">
          <span className="muted">Showing {plural(transcripts.length, 'result')}.</span>
          <button type="button" className="button" disabled={page.loading} onClick={() => void page.loadMore()}>
            {page.loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </details>
  );
}
