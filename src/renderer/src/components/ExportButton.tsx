/**
 * "Export CSV" for a run: CSV or JSON Lines, optionally with failed jobs, saved through a native Save-As in Electron
 * (then draggable out of the window) or downloaded in browser mode; a large export shows its rows as they are written.
 */
import { useState } from 'react';
import type { ExportFormat, ExportProgress } from '@shared/export';
import { toApiError, type ApiError } from '../api/errors';
import { useExportRun, type ExportOutcome } from '../data/export';
import { useRoute } from '../hooks/useRoute';
import { plural } from '../lib/format';
import { ErrorBox } from './ErrorBox';
import { ExportOutcomeNotice } from './ExportOutcomeNotice';

interface ExportButtonProps {
  runId: string;
  /** At least one completed transcript exists. */
  hasResults: boolean;
  /** Jobs that failed or were cancelled: exportable as rows when "Include failed jobs" is ticked. */
  failedJobs: number;
  /** The run is still going, so the file will hold only what has finished. */
  partial: boolean;
}

const POLL_MS = 300;

/** Polls the core for rows written while an export runs; null when none is running or nothing was reported yet. */
function useExportProgress(runId: string, busy: boolean): ExportProgress | null {
  // A failed poll shows nothing: the export's own call reports failures.
  const progress = useRoute('export.progress', { runId }, { enabled: busy, pollMs: POLL_MS });
  return busy && progress.data?.active ? progress.data : null;
}

export function ExportButton({ runId, hasResults, failedJobs, partial }: ExportButtonProps): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [includeFailures, setIncludeFailures] = useState(false);
  const [raw, setRaw] = useState(false);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const progress = useExportProgress(runId, busy);
  const exportRun = useExportRun();

  async function runExport(): Promise<void> {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await exportRun(runId, { format, includeFailures, raw }));
    } catch (thrown) {
      setError(toApiError(thrown));
    } finally {
      setBusy(false);
    }
  }

  // A finished run can always be exported: with no answers the file is the header row alone (as the CLI writes it).
  const headerOnly = !hasResults && !partial && !(includeFailures && failedJobs > 0);
  const canExport = hasResults || !partial || (includeFailures && failedJobs > 0);
  const label = `Export ${format === 'csv' ? 'CSV' : 'JSONL'}${partial ? ' (partial)' : ''}`;
  return (
    <div className="export" data-testid="export">
      <div className="actions">
        <button
          type="button"
          className="button"
          data-testid="export-csv"
          disabled={!canExport || busy}
          onClick={() => void runExport()}
          title={
            canExport
              ? format === 'csv'
                ? 'One row per answer, for pandas, R or Excel'
                : 'One JSON object per answer with the full transcript'
              : failedJobs > 0
                ? 'Tick “Include failed jobs” to export the failed jobs'
                : 'Available once a job has completed'
          }
        >
          {busy ? 'Exporting…' : label}
        </button>
        <select
          aria-label="Export format"
          data-testid="export-format"
          value={format}
          disabled={busy}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
        >
          <option value="csv">CSV</option>
          <option value="jsonl">JSON Lines (full transcripts)</option>
        </select>
        <label className="muted nowrap">
          <input
            type="checkbox"
            data-testid="export-include-failures"
            checked={includeFailures}
            disabled={busy}
            onChange={(e) => setIncludeFailures(e.target.checked)}
          />{' '}
          Include failed jobs
        </label>
        {format === 'csv' ? (
          <label
            className="muted nowrap"
            title="By default, text a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe"
          >
            <input
              type="checkbox"
              data-testid="export-raw"
              checked={raw}
              disabled={busy}
              onChange={(e) => setRaw(e.target.checked)}
            />{' '}
            Raw (no spreadsheet guard)
          </label>
        ) : null}
      </div>
      {!canExport ? (
        <p className="muted" data-testid="export-disabled-reason">
          {failedJobs > 0
            ? `Nothing to export yet: no job has completed. Tick “Include failed jobs” to export the ${plural(failedJobs, 'failed job')}.`
            : 'Nothing to export yet: the file holds finished answers, and no job has completed.'}
        </p>
      ) : headerOnly ? (
        <p className="muted" data-testid="export-header-only-note">
          No job completed, so the file holds only the header row.
          {failedJobs > 0
            ? ` Tick “Include failed jobs” to add a row for each of the ${plural(failedJobs, 'failed job')}.`
            : ''}
        </p>
      ) : partial ? (
        <p className="muted" data-testid="export-partial-note">
          The run is still in progress: an export now holds only the results finished so far.
        </p>
      ) : null}
      {busy && progress ? (
        <p className="muted" data-testid="export-progress">
          <progress max={Math.max(progress.rowsExpected, 1)} value={progress.rowsWritten} /> Written{' '}
          {progress.rowsWritten.toLocaleString()} of {plural(progress.rowsExpected, 'row')}…
        </p>
      ) : null}
      {outcome ? <ExportOutcomeNotice outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}
      {error ? (
        <ErrorBox error={error} title="Export failed" testId="export-error" onDismiss={() => setError(null)} />
      ) : null}
    </div>
  );
}
