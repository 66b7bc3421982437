/** What an export did: where the file went (with a drag-out handle in Electron), that a download started, or a cancel. */
import { isDesktop, useStartDrag, type ExportOutcome } from '../data/export';
import { useDataPaths } from '../data/help';
import { plural } from '../lib/format';
import { Notice } from './Notice';

export function ExportOutcomeNotice({
  outcome,
  onDismiss,
}: {
  outcome: ExportOutcome;
  onDismiss(): void;
}): React.JSX.Element {
  const startDrag = useStartDrag();
  const { result } = outcome;
  const partial = result.partial ? ' (partial: the run had not finished)' : '';
  const failures = result.failures > 0 ? ` and ${plural(result.failures, 'failed job')}` : '';
  if (outcome.kind === 'download-started') {
    return (
      <Notice tone="success" testId="export-result" onDismiss={onDismiss}>
        Download started: {plural(result.transcripts, 'result')}
        {failures}
        {partial} in <span className="mono">{result.fileName}</span>, with its manifest, effects and scenarios tables
        {result.format === 'csv' ? ' and analysis scripts' : ''}, as one ZIP (
        <span className="mono" data-testid="export-bundle-name">
          {result.fileName}.zip
        </span>
        ) saved by your browser (usually to your Downloads folder). <ExportsFolder />
      </Notice>
    );
  }
  if (result.status === 'cancelled' || !result.path) {
    return (
      <Notice testId="export-result" onDismiss={onDismiss}>
        Export cancelled.
      </Notice>
    );
  }
  const path = result.path;
  return (
    <Notice tone="success" testId="export-result" onDismiss={onDismiss}>
      Saved {plural(result.transcripts, 'result')}
      {failures}
      {partial} to{' '}
      <span className="mono" data-testid="export-path">
        {path}
      </span>{' '}
      with a manifest beside it.{' '}
      {isDesktop ? (
        <span
          className="button-link"
          draggable
          data-testid="export-drag"
          title="Drag the file into a notebook, a folder or another app"
          onDragStart={(event) => {
            // The OS drag is started by main (webContents.startDrag); the browser's own drag would carry no file.
            event.preventDefault();
            startDrag(path);
          }}
        >
          ⇲ Drag the file out
        </span>
      ) : null}
    </Notice>
  );
}

/** Browser mode: the files stay in the app's exports folder too, named here. */
function ExportsFolder(): React.JSX.Element {
  const paths = useDataPaths();
  return (
    <span data-testid="export-folder">
      The same files are also kept in the app&apos;s exports folder
      {paths.data ? (
        <>
          , <span className="mono">{paths.data.exports}</span>
        </>
      ) : null}
      .
    </span>
  );
}
