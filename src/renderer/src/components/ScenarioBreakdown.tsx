/** One model's (or every model's) decision per scenario, a page at a time from the core, with the scenario's dimension values. */
import { useState } from 'react';
import type { ScenarioCell } from '@shared/results';
import { plural } from '../lib/format';
import { SCENARIO_PAGE_SIZE, useScenarioResults } from '../data/results';
import { ErrorBox } from './ErrorBox';
import { Loading } from './Loading';
import { ScenarioModesHead, ScenarioModesRows } from './ScenarioModes';
import { ChartFrame } from './SaveChart';
import { decisionKind } from '@shared/vocabulary';

interface ScenarioBreakdownProps {
  runId: string;
  modelKey: string | null;
  selectedId?: string | null;
  onSelect(transcriptId: string): void;
}

export function ScenarioBreakdown({
  runId,
  modelKey,
  selectedId = null,
  onSelect,
}: ScenarioBreakdownProps): React.JSX.Element {
  const [offset, setOffset] = useState(0);
  const entry = useScenarioResults(runId, modelKey, offset);
  const page = entry.data;
  if (!page)
    return entry.error ? <ErrorBox error={entry.error} title="Could not load scenarios" /> : <Loading lines={2} />;
  if (page.total === 0) return <p className="empty-inline">No scenarios for this model.</p>;
  const last = Math.min(page.offset + page.rows.length, page.total);
  // With repeated samples each scenario × model is one row: its modal decision, consistency and the samples.
  const sampled = page.samples > 1;
  return (
    <div className="scenario-breakdown" data-testid="scenario-breakdown">
      <MaybeFrame framed={sampled}>
        <table className="table table-compact table-clickable">
          <thead>
            <tr>
              <th>Scenario</th>
              {page.dimensionNames.map((name) => (
                <th key={name}>{name}</th>
              ))}
              {page.modelKeys.length > 1 ? <th>Model</th> : null}
              {sampled ? (
                <ScenarioModesHead />
              ) : (
                <>
                  <th>Decision</th>
                  <th className="num">Score</th>
                  <th>Reported version</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {sampled ? <ScenarioModesRows page={page} selectedId={selectedId} onSelect={onSelect} /> : null}
            {(sampled ? [] : page.rows).flatMap((row) =>
              row.cells.map((cell) => (
                <tr
                  key={`${row.scenarioId}|${cell.modelKey}`}
                  data-testid="scenario-result-row"
                  className={cell.transcriptId !== null && cell.transcriptId === selectedId ? 'selected' : undefined}
                  tabIndex={cell.transcriptId ? 0 : undefined}
                  onClick={() => (cell.transcriptId ? onSelect(cell.transcriptId) : undefined)}
                  onKeyDown={(event) => {
                    if ((event.key === 'Enter' || event.key === ' ') && cell.transcriptId) {
                      event.preventDefault();
                      onSelect(cell.transcriptId);
                    }
                  }}
                >
                  <td className="mono">{row.scenarioId}</td>
                  {page.dimensionNames.map((name) => {
                    const value = row.dimensions[name];
                    return (
                      <td key={name} title={value?.option}>
                        {value ? `${value.label} (${value.score})` : '—'}
                      </td>
                    );
                  })}
                  {page.modelKeys.length > 1 ? <td className="mono small model-key">{cell.modelKey}</td> : null}
                  <td>
                    <CellDecision cell={cell} />
                  </td>
                  <td className="num">{cell.score ?? '—'}</td>
                  <td className={cell.reportedModelVersion ? 'mono small' : 'muted'}>
                    {cell.transcriptId ? (cell.reportedModelVersion ?? 'unknown') : '—'}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </MaybeFrame>
      <div className="actions pager">
        <span className="muted" data-testid="scenario-range">
          {page.offset + 1}–{last} of {plural(page.total, 'scenario')}
        </span>
        <button
          type="button"
          className="button"
          disabled={page.offset === 0 || entry?.loading}
          onClick={() => setOffset(Math.max(0, page.offset - SCENARIO_PAGE_SIZE))}
        >
          Previous
        </button>
        <button
          type="button"
          className="button"
          data-testid="scenario-next"
          disabled={last >= page.total || entry?.loading}
          onClick={() => setOffset(page.offset + SCENARIO_PAGE_SIZE)}
        >
          Next
        </button>
      </div>
    </div>
  );
}

/** The modes table (repeated samples) saves as SVG or PNG like the agreement table; the one-sample table does not. */
function MaybeFrame({ framed, children }: { framed: boolean; children: React.ReactNode }): React.JSX.Element {
  return framed ? <ChartFrame title="Modal decision per scenario">{children}</ChartFrame> : <>{children}</>;
}

function CellDecision({ cell }: { cell: ScenarioCell }): React.JSX.Element {
  if (cell.jobStatus === 'failed')
    return <span className="decision decision-unparseable">failed: {cell.errorCode}</span>;
  if (!cell.transcriptId) return <span className="muted">{cell.jobStatus}</span>;
  const kind = decisionKind(cell);
  return <span className={`decision decision-${kind}`}>{cell.decision}</span>;
}
