/**
 * Two runs side by side (basic view): per model and version, both decision distributions and summary figures, then
 * the scenarios whose decision changed, each opening both transcripts next to each other.
 */
import { useState } from 'react';
import type { RunSummary } from '@shared/domain';
import { modelKey } from '@shared/domain';
import type { FlippedScenario, FlipSide, ModelResults } from '@shared/results';
import { DecisionBars } from '../components/DecisionBars';
import { EffectsComparison } from '../components/analysis/EffectsComparison';
import { NoiseFloor } from '../components/analysis/NoiseFloor';
import { ErrorBox } from '../components/ErrorBox';
import { FilesExportButton } from '../components/FilesExportButton';
import { Loading } from '../components/Loading';
import { RawCsvToggle } from '../components/RawCsvToggle';
import { SelectedTranscript } from '../components/RunResults';
import { StatusBadge } from '../components/StatusBadge';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatDateTime, formatStat, plural, shortId } from '../lib/format';
import { useSaveFiles } from '../data/export-files';
import { FLIPPED_PAGE_SIZE, useComparison } from '../data/results';
import { links } from '../stores/router';

export function ComparePage({ runA, runB }: { runA: string; runB: string }): React.JSX.Element {
  usePageTitle('Compare runs');
  const [offset, setOffset] = useState(0);
  const entry = useComparison(runA, runB, offset);
  const [open, setOpen] = useState<FlippedScenario | null>(null);
  const saveComparison = useSaveFiles('export.comparison');
  const [raw, setRaw] = useState(false);

  const comparison = entry?.data ?? null;
  return (
    <div className="page">
      <p className="breadcrumb">
        <a href={links.runs()}>Runs</a> / Compare
      </p>
      <header className="page-header">
        <div>
          <h1>Compare runs</h1>
          <p className="page-lede">Same definition, two runs: how the decisions moved between them.</p>
        </div>
        <div className="actions">
          <FilesExportButton
            label="Export comparison CSV"
            title="One row per estimate: paired changes, self-disagreement and flip tests with Holm and BH p-values, and its manifest (as compare --out writes them)"
            testId="export-comparison"
            save={() => saveComparison({ runA, runB, raw })}
          />
          <RawCsvToggle
            raw={raw}
            onChange={setRaw}
            testId="export-comparison-raw"
            title="By default, text a spreadsheet would run as a formula (=, +, -, @) starts with an apostrophe (compare --raw-csv leaves it out); the manifest says which"
          />
        </div>
      </header>
      {entry?.error ? <ErrorBox error={entry.error} title="Could not compare these runs" /> : null}
      {comparison === null ? (
        entry?.error ? null : (
          <Loading lines={4} />
        )
      ) : (
        <>
          <div className="compare-runs">
            <RunCard title="A" run={comparison.runA} />
            <RunCard title="B" run={comparison.runB} />
          </div>
          <table className="table table-compact" data-testid="compare-models">
            <thead>
              <tr>
                <th>Model</th>
                <th>Run A</th>
                <th>Run B</th>
              </tr>
            </thead>
            <tbody>
              {comparison.models.map((pair) => (
                <tr key={pair.label} data-testid="compare-model">
                  <td className="mono">{pair.label}</td>
                  <td>
                    <ModelColumn model={pair.a} />
                  </td>
                  <td>
                    <ModelColumn model={pair.b} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <EffectsComparison runA={runA} runB={runB} />

          <section className="section" aria-labelledby="flipped-heading">
            <div className="section-header">
              <h2 id="flipped-heading">Changed decisions</h2>
              <span className="muted" data-testid="flipped-count">
                {comparison.flippedTotal} of {plural(comparison.comparedTotal, 'scenario decision')} changed
                {comparison.samples.a > 1 || comparison.samples.b > 1
                  ? ` (modal decisions over the repeated samples; ${comparison.tiedTotal} tied, counted apart)`
                  : ''}
              </span>
            </div>
            <NoiseFloor runA={runA} runB={runB} />
            {comparison.flipped.length === 0 ? (
              <p className="empty-inline" data-testid="no-flips">
                {comparison.comparedTotal === 0 ? 'No scenario was answered by both runs yet.' : 'No decision changed.'}
              </p>
            ) : (
              <FlippedTable rows={comparison.flipped} selected={open} onOpen={setOpen} />
            )}
            {comparison.flippedTotal > FLIPPED_PAGE_SIZE ? (
              <div className="actions pager">
                <button
                  type="button"
                  className="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - FLIPPED_PAGE_SIZE))}
                >
                  Previous
                </button>
                <button
                  type="button"
                  className="button"
                  disabled={offset + FLIPPED_PAGE_SIZE >= comparison.flippedTotal}
                  onClick={() => setOffset(offset + FLIPPED_PAGE_SIZE)}
                >
                  Next
                </button>
              </div>
            ) : null}
          </section>
          {open ? (
            <div className="compare-transcripts" data-testid="compare-transcripts">
              <SelectedTranscript id={open.a.transcriptId} title="Run A" onClose={() => setOpen(null)} />
              <SelectedTranscript id={open.b.transcriptId} title="Run B" onClose={() => setOpen(null)} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

function RunCard({ title, run }: { title: string; run: RunSummary }): React.JSX.Element {
  return (
    <div className="card" data-testid={`compare-run-${title.toLowerCase()}`}>
      <strong>Run {title}</strong>{' '}
      <a href={links.run(run.id)} className="mono">
        {shortId(run.id)}
      </a>{' '}
      <StatusBadge status={run.status} />
      <div className="small">
        <a href={links.definition(run.definitionId)}>{run.definitionName}</a> · {formatDateTime(run.createdAt)}
      </div>
      <div className="mono small model-key">{run.models.map(modelKey).join(', ')}</div>
    </div>
  );
}

function ModelColumn({ model }: { model: ModelResults | null }): React.JSX.Element {
  if (!model) return <span className="muted">not in this run</span>;
  const versions = model.versions.map((v) => v.reported ?? 'unknown');
  return (
    <div className="compare-model-column">
      <div className="mono small" data-testid="compare-version">
        {versions.length > 0 ? [...new Set(versions)].join(', ') : (model.model.modelVersion ?? 'no answers yet')}
      </div>
      <div className="small">
        {model.decisions} decisions · mean {formatStat(model.meanScore)} · median {formatStat(model.medianScore)}
        {model.refusals > 0 ? ` · ${model.refusals} refused` : ''}
        {model.unparseable > 0 ? ` · ${model.unparseable} unparseable` : ''}
        {model.failed > 0 ? ` · ${model.failed} failed` : ''}
      </div>
      <DecisionBars buckets={model.distribution} title={`Decisions of ${model.modelKey}`} />
    </div>
  );
}

interface FlippedTableProps {
  rows: FlippedScenario[];
  selected: FlippedScenario | null;
  onOpen(row: FlippedScenario): void;
}

function FlippedTable({ rows, selected, onOpen }: FlippedTableProps): React.JSX.Element {
  return (
    <table className="table table-compact table-clickable" data-testid="flipped-table">
      <thead>
        <tr>
          <th>Scenario</th>
          <th>Dimensions</th>
          <th>Model</th>
          <th>Run A</th>
          <th>Run B</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const key = `${row.pairLabel}|${row.scenarioId}`;
          return (
            <tr
              key={key}
              data-testid="flipped-row"
              tabIndex={0}
              className={selected && `${selected.pairLabel}|${selected.scenarioId}` === key ? 'selected' : undefined}
              onClick={() => onOpen(row)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onOpen(row);
                }
              }}
            >
              <td className="mono">{row.scenarioId}</td>
              <td className="small">
                {Object.entries(row.dimensions)
                  .map(([name, value]) => `${name}: ${value.label}`)
                  .join(', ')}
              </td>
              <td className="mono small">{row.pairLabel}</td>
              <td>
                {row.a.decision}
                <ModeShare side={row.a} />
              </td>
              <td>
                {row.b.decision}
                <ModeShare side={row.b} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** With repeated samples, how many of a side's answers gave its modal decision ("2/3"). */
function ModeShare({ side }: { side: FlipSide }): React.JSX.Element | null {
  if (side.answers <= 1) return null;
  return (
    <span className="muted small" title={`${side.modeCount} of ${side.answers} samples gave this decision`}>
      {' '}
      ({side.modeCount}/{side.answers})
    </span>
  );
}
