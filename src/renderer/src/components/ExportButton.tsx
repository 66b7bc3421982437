/** "Export CSV" for a run: a native Save-As in Electron (showing where it went), a browser download in browser mode. */
import { useState } from 'react';
import { api } from '../api/client';
import { toApiError, type ApiError } from '../api/errors';
import type { ExportOutcome } from '../api/transport';
import { plural } from '../lib/format';
import { ErrorBox } from './ErrorBox';
import { Notice } from './Notice';

interface ExportButtonProps {
  runId: string;
  /** At least one completed transcript exists. */
  hasResults: boolean;
  /** The run is still going, so the file will hold only what has finished. */
  partial: boolean;
}

export function ExportButton({ runId, hasResults, partial }: ExportButtonProps): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function exportCsv(): Promise<void> {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      setOutcome(await api.exportCsv(runId));
    } catch (thrown) {
      setError(toApiError(thrown));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export">
      <div className="actions">
        <button
          type="button"
          className="button"
          data-testid="export-csv"
          disabled={!hasResults || busy}
          onClick={() => void exportCsv()}
          title={hasResults ? 'Write one row per transcript to a CSV file' : 'Available once a job has completed'}
        >
          {busy ? 'Exporting…' : 'Export CSV'}
        </button>
        {partial && hasResults ? (
          <span className="muted" data-testid="export-partial-note">
            The run is still in progress: an export now holds only the results finished so far.
          </span>
        ) : null}
      </div>
      {outcome ? <ExportOutcomeNotice outcome={outcome} onDismiss={() => setOutcome(null)} /> : null}
      {error ? (
        <ErrorBox error={error} title="Export failed" testId="export-error" onDismiss={() => setError(null)} />
      ) : null}
    </div>
  );
}

function ExportOutcomeNotice({ outcome, onDismiss }: { outcome: ExportOutcome; onDismiss(): void }): React.JSX.Element {
  if (outcome.kind === 'download-started') {
    return (
      <Notice tone="success" testId="export-result" onDismiss={onDismiss}>
        Download started: the CSV is saved by your browser (usually to your Downloads folder).
      </Notice>
    );
  }
  const { result } = outcome;
  if (result.status === 'cancelled') {
    return (
      <Notice testId="export-result" onDismiss={onDismiss}>
        Export cancelled.
      </Notice>
    );
  }
  return (
    <Notice tone="success" testId="export-result" onDismiss={onDismiss}>
      Saved {plural(result.rows, 'row')}
      {result.partial ? ' (partial: the run had not finished)' : ''} to{' '}
      <span className="mono" data-testid="export-path">
        {result.path}
      </span>
    </Notice>
  );
}
