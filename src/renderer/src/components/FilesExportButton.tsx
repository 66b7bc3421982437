/** A button that saves files through an export route (the comparison CSV, a study's ranking) and says where they went. */
import { useState } from 'react';
import type { FilesExportResult } from '@shared/export-files';
import { toApiError, type ApiError } from '../api/errors';
import { savedText } from '../data/export-files';
import { ErrorBox } from './ErrorBox';

interface FilesExportButtonProps {
  label: string;
  /** What the file holds, as the button's tooltip. */
  title: string;
  testId: string;
  save(): Promise<FilesExportResult>;
}

export function FilesExportButton({ label, title, testId, save }: FilesExportButtonProps): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<FilesExportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await save());
    } catch (thrown) {
      setError(toApiError(thrown));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export" data-testid={testId}>
      <button type="button" className="button" title={title} disabled={busy} onClick={() => void run()}>
        {busy ? 'Exporting…' : label}
      </button>
      {done ? (
        <p
          className="muted small"
          data-testid={`${testId}-done`}
          data-files={done.files.map((f) => f.fileName).join(' ')}
        >
          {savedText(done)}
        </p>
      ) : null}
      {error ? <ErrorBox error={error} title="Export failed" onDismiss={() => setError(null)} /> : null}
    </div>
  );
}
