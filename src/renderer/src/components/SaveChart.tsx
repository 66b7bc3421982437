/**
 * "Save chart": the chart in `target` (an SVG, or a table drawn as a heat map) saved as a standalone SVG or as a PNG at
 * 2x, with its title and legend drawn in; through a Save-As in Electron, a download in browser mode.
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ChartFormat, FilesExportResult } from '@shared/export-files';
import { toApiError, type ApiError } from '../api/errors';
import { savedText, useSaveFiles } from '../data/export-files';
import { pngFromSvg, svgChartFile, tableChartFile, type ChartFile, type LegendEntry } from '../lib/chart-export';
import { ErrorBox } from './ErrorBox';

interface SaveChartProps {
  /** The chart as a file, drawn when a button is pressed (null when there is nothing to draw). */
  chart(): ChartFile | null;
  /** The chart's title, used for the file's name. */
  title: string;
}

/** The chart inside `holder` as a file: its first <svg>, else its first <table> drawn as a heat map. */
export function chartFileOf(
  holder: HTMLElement | null,
  title: string,
  legend: readonly LegendEntry[],
): ChartFile | null {
  const svg = holder?.querySelector('svg');
  if (svg) return svgChartFile(svg, title, legend);
  const table = holder?.querySelector('table');
  return table ? tableChartFile(table, title, legend) : null;
}

/** A chart on screen (an SVG or a heat-map table, among `children`) with "Save chart: SVG PNG" beneath it. */
export function ChartFrame({
  title,
  legend = [],
  children,
}: {
  title: string;
  legend?: readonly LegendEntry[];
  children: ReactNode;
}): React.JSX.Element {
  const holder = useRef<HTMLDivElement>(null);
  return (
    <div className="chart-frame">
      <div ref={holder}>{children}</div>
      <SaveChart title={title} chart={() => chartFileOf(holder.current, title, legend)} />
    </div>
  );
}

export function SaveChart({ chart, title }: SaveChartProps): React.JSX.Element {
  const save = useSaveFiles('export.chart');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<FilesExportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function run(format: ChartFormat): Promise<void> {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const file = chart();
      if (!file) throw new Error('There is no chart here to save.');
      const content = format === 'svg' ? file.text : await pngFromSvg(file, 2);
      setDone(await save({ name: title, format, content }));
    } catch (thrown) {
      setError(toApiError(thrown));
    } finally {
      setBusy(false);
    }
  }

  return (
    // Inside a clickable row (the run's model summary), pressing a button here must not open the row.
    <span
      className="save-chart"
      data-testid="save-chart"
      data-title={title}
      onClick={(event) => event.stopPropagation()}
      onKeyDown={(event) => event.stopPropagation()}
    >
      <span className="muted small">Save chart:</span>{' '}
      <button type="button" className="button button-compact" disabled={busy} onClick={() => void run('svg')}>
        SVG
      </button>{' '}
      <button type="button" className="button button-compact" disabled={busy} onClick={() => void run('png')}>
        PNG
      </button>
      {done ? (
        <span
          className="muted small"
          data-testid="save-chart-done"
          data-files={done.files.map((f) => f.fileName).join(' ')}
        >
          {' '}
          {savedText(done)}
        </span>
      ) : null}
      {error ? <ErrorBox error={error} title="The chart was not saved" onDismiss={() => setError(null)} /> : null}
    </span>
  );
}
