/**
 * The per-scenario breakdown of a run with repeated samples: one row per scenario × model with the modal decision,
 * how consistent the samples were and their spread (computed by the core), and each sample one click away.
 */
import type { ScenarioCell, ScenarioResultRow, ScenarioResultsPage } from '@shared/results';
import { decisionKind } from '@shared/vocabulary';

interface ScenarioModesProps {
  page: ScenarioResultsPage;
  selectedId: string | null;
  onSelect(transcriptId: string): void;
}

/** The header cells after the dimensions (and the model column). */
export function ScenarioModesHead(): React.JSX.Element {
  return (
    <>
      <th>Modal decision</th>
      <th className="num">Score</th>
      <th className="num" title="Share of the scored samples giving the modal score">
        Consistency
      </th>
      <th className="num" title="Highest minus lowest score among the scored samples">
        Spread
      </th>
      <th>Samples</th>
    </>
  );
}

function byModel(row: ScenarioResultRow): [string, ScenarioCell[]][] {
  const groups = new Map<string, ScenarioCell[]>();
  for (const cell of row.cells) groups.set(cell.modelKey, [...(groups.get(cell.modelKey) ?? []), cell]);
  return [...groups];
}

function sampleTitle(cell: ScenarioCell): string {
  if (cell.jobStatus === 'failed') return `sample ${cell.sample}: failed (${cell.errorCode ?? 'unknown'})`;
  if (!cell.transcriptId) return `sample ${cell.sample}: ${cell.jobStatus}`;
  return `sample ${cell.sample}: ${cell.decision ?? ''}${cell.score !== null ? ` (${cell.score})` : ''}`;
}

export function ScenarioModesRows({ page, selectedId, onSelect }: ScenarioModesProps): React.JSX.Element {
  return (
    <>
      {page.rows.flatMap((row) =>
        byModel(row).map(([modelKey, cells]) => {
          const mode = row.consistency.find((c) => c.modelKey === modelKey) ?? null;
          const open = (): void => (mode ? onSelect(mode.transcriptId) : undefined);
          return (
            <tr
              key={`${row.scenarioId}|${modelKey}`}
              data-testid="scenario-mode-row"
              className={mode && cells.some((c) => c.transcriptId === selectedId) ? 'selected' : undefined}
              tabIndex={mode ? 0 : undefined}
              onClick={open}
              onKeyDown={(event) => {
                if ((event.key === 'Enter' || event.key === ' ') && mode) {
                  event.preventDefault();
                  open();
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
              {page.modelKeys.length > 1 ? <td className="mono small model-key">{modelKey}</td> : null}
              <td data-testid="scenario-mode">
                {mode?.tied ? (
                  <span
                    className="decision muted"
                    title="Another decision was given as often: no single modal decision (README Methods)"
                  >
                    tie: {mode.modeDecision} and {mode.tiedWith ?? '…'}
                  </span>
                ) : mode ? (
                  <span
                    className={`decision decision-${decisionKind({ score: mode.modeScore, decision: mode.modeDecision })}`}
                  >
                    {mode.modeDecision}
                  </span>
                ) : (
                  <span className="muted">no answer yet</span>
                )}
              </td>
              <td className="num">{mode?.modeScore ?? '—'}</td>
              <td className="num" data-testid="scenario-consistency">
                {mode && mode.consistency !== null
                  ? `${Math.round(mode.consistency * 100)}% (${mode.modeCount}/${mode.scored})`
                  : '—'}
              </td>
              <td className="num">{mode?.spread ?? '—'}</td>
              <td className="sample-links">
                {cells.map((cell) => (
                  <button
                    key={cell.sample}
                    type="button"
                    className={`chip${cell.transcriptId === selectedId ? ' selected' : ''}`}
                    title={sampleTitle(cell)}
                    aria-label={sampleTitle(cell)}
                    disabled={!cell.transcriptId}
                    data-testid="scenario-sample"
                    onClick={(event) => {
                      event.stopPropagation();
                      if (cell.transcriptId) onSelect(cell.transcriptId);
                    }}
                  >
                    {cell.score ?? (cell.transcriptId ? '·' : cell.jobStatus === 'failed' ? '✕' : '…')}
                  </button>
                ))}
              </td>
            </tr>
          );
        }),
      )}
    </>
  );
}
