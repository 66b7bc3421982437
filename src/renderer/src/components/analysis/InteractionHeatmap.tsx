/**
 * Interaction of two dimensions: pick two, see per model a grid of the mean decision for every pair of levels (cell
 * colour = mean on the scale's range, cell text = mean and the answers behind it). A table, so it reads aloud too.
 */
import { useState } from 'react';
import type { EffectsReport, InteractionReport } from '@shared/analysis';
import { useRoute } from '../../hooks/useRoute';
import { useSaveFiles } from '../../data/export-files';
import { ErrorBox } from '../ErrorBox';
import { FilesExportButton } from '../FilesExportButton';
import { Loading } from '../Loading';
import { RawCsvToggle } from '../RawCsvToggle';
import { ChartFrame } from '../SaveChart';
import { fmt } from './palette';

function cellColour(mean: number | null, low: number, high: number): string | undefined {
  if (mean === null) return undefined;
  const t = Math.min(1, Math.max(0, (mean - low) / (high - low || 1)));
  // From a pale to a strong accent; the text colour flips where the background gets dark.
  return `hsl(200 55% ${92 - t * 55}%)`;
}

export function InteractionHeatmap({ runId, effects }: { runId: string; effects: EffectsReport }): React.JSX.Element {
  const names = effects.dimensions.map((d) => d.name);
  const [dimensionA, setA] = useState('');
  const [dimensionB, setB] = useState('');
  const ready = dimensionA !== '' && dimensionB !== '' && dimensionA !== dimensionB;
  const result = useRoute('results.interaction', { runId, dimensionA, dimensionB }, { enabled: ready });
  const save = useSaveFiles('export.interaction');
  const [raw, setRaw] = useState(false);
  const codes = effects.scale.map((s) => s.code);
  const [low, high] = codes.length > 0 ? [Math.min(...codes), Math.max(...codes)] : [0, 1];

  return (
    <section className="analysis-block" aria-labelledby="interaction-heading" data-testid="interaction">
      <h3 id="interaction-heading">Two dimensions together</h3>
      <div className="interaction-pickers">
        <label>
          Rows{' '}
          <select value={dimensionA} onChange={(e) => setA(e.target.value)} data-testid="interaction-a">
            <option value="">Choose a dimension</option>
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Columns{' '}
          <select value={dimensionB} onChange={(e) => setB(e.target.value)} data-testid="interaction-b">
            <option value="">Choose a dimension</option>
            {names.map((name) => (
              <option key={name} value={name} disabled={name === dimensionA}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!ready ? (
        <p className="muted small">Pick two different dimensions to see the mean decision for every pair of levels.</p>
      ) : result.error ? (
        <ErrorBox error={result.error} title="Could not compute the interaction" />
      ) : !result.data || result.data.dimensionA !== dimensionA || result.data.dimensionB !== dimensionB ? (
        <Loading />
      ) : (
        <>
          <Grids report={result.data} low={low} high={high} />
          <FilesExportButton
            label="Export CSV"
            title="One row per model and pair of levels (mean, answers, scenarios), with a manifest"
            testId="export-interaction"
            save={() => save({ runId, dimensionA, dimensionB, raw })}
          />
          <RawCsvToggle raw={raw} onChange={setRaw} testId="export-interaction-raw" />
        </>
      )}
    </section>
  );
}

function Grids({ report, low, high }: { report: InteractionReport; low: number; high: number }): React.JSX.Element {
  return (
    <div className="heatmaps">
      {report.models.map((model) => (
        <ChartFrame key={model.modelKey} title={`Mean decision by ${report.dimensionA} and ${report.dimensionB}`}>
          <table className="table table-compact heatmap" data-testid="heatmap" data-model={model.modelKey}>
            <caption className="mono small">{model.modelKey}</caption>
            <thead>
              <tr>
                <th scope="col">
                  {report.dimensionA} \ {report.dimensionB}
                </th>
                {report.levelsB.map((b) => (
                  <th key={b.score} scope="col">
                    {b.score} {b.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.levelsA.map((a) => (
                <tr key={a.score}>
                  <th scope="row">
                    {a.score} {a.label}
                  </th>
                  {report.levelsB.map((b) => {
                    const cell = model.cells.find((c) => c.levelA === a.score && c.levelB === b.score);
                    const mean = cell?.mean ?? null;
                    const dark = mean !== null && (mean - low) / (high - low || 1) > 0.6;
                    return (
                      <td
                        key={b.score}
                        data-testid="heatmap-cell"
                        style={{ background: cellColour(mean, low, high), color: dark ? '#fff' : undefined }}
                      >
                        {mean === null ? '—' : `${fmt(mean)}`}
                        {cell && cell.n > 0 ? <span className="heatmap-n"> n={cell.n}</span> : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </ChartFrame>
      ))}
    </div>
  );
}
