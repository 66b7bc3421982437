/**
 * Do the models agree? The share of scenarios with the same decision and within one point for every model pair, and
 * the scenarios where they disagree most, each opening both transcripts side by side.
 */
import { useState } from 'react';
import { useRefreshOn } from '../../hooks/useRefreshOn';
import type { ChanceCorrected, Disagreement } from '@shared/analysis';
import { useRoute } from '../../hooks/useRoute';
import { links } from '../../stores/router';
import { useSaveFiles } from '../../data/export-files';
import { ChartFrame } from '../SaveChart';
import { ErrorBox } from '../ErrorBox';
import { FilesExportButton } from '../FilesExportButton';
import { Loading } from '../Loading';
import { RawCsvToggle } from '../RawCsvToggle';
import { SelectedTranscript } from '../RunResults';

const SHOWN = 20;
const share = (part: number, whole: number): string => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`);

/**
 * "0.41 [0.22, 0.60] (n = 24)", or the estimate alone with too few scenarios for an interval, or too few answers off
 * the most common score (README "Methods": there the jackknife interval would be far too narrow).
 */
function chance(value: ChanceCorrected | null): string {
  if (!value) return '—';
  const estimate = value.estimate.toFixed(2);
  if (value.ciLow === null || value.ciHigh === null)
    return `${estimate} (n = ${value.scenarios}; no interval: too few scenarios or answers off the most common score)`;
  return `${estimate} [${value.ciLow.toFixed(2)}, ${value.ciHigh.toFixed(2)}] (n = ${value.scenarios})`;
}

export function ModelAgreement({ runId, refreshKey }: { runId: string; refreshKey: number }): React.JSX.Element | null {
  const result = useRoute('results.agreement', { runId, limit: SHOWN });
  const [open, setOpen] = useState<Disagreement | null>(null);
  const save = useSaveFiles('export.agreement');
  const [raw, setRaw] = useState(false);
  useRefreshOn(refreshKey, result.reload);
  if (result.error) return <ErrorBox error={result.error} title="Could not compute model agreement" />;
  if (!result.data) return <Loading />;
  const report = result.data;
  if (report.pairs.length === 0) return null;
  return (
    <section className="analysis-block" aria-labelledby="agreement-heading" data-testid="agreement">
      <h3 id="agreement-heading">Do the models agree?</h3>
      <FilesExportButton
        label="Export CSV"
        title="One row per pair of models (same decision, within one point, ties, weighted κ), with a manifest"
        testId="export-agreement"
        save={() => save({ runId, raw })}
      />
      <RawCsvToggle raw={raw} onChange={setRaw} testId="export-agreement-raw" />
      {/* A table without a chart, saveable as SVG or PNG like the charts (drawn cell by cell). */}
      <ChartFrame title="Agreement between models">
        <table className="table table-compact" data-testid="agreement-pairs">
          <thead>
            <tr>
              <th scope="col">Models</th>
              <th scope="col">Scenarios both answered</th>
              <th scope="col">Same decision</th>
              <th scope="col">Within one point</th>
              <th scope="col" title="Cohen's κ, linear weights: 1 = perfect, 0 = what chance gives (README Methods)">
                Weighted κ
              </th>
            </tr>
          </thead>
          <tbody>
            {report.pairs.map((pair) => (
              <tr key={`${pair.modelA}|${pair.modelB}`} data-testid="agreement-pair">
                <td className="mono small">
                  {pair.modelA} · {pair.modelB}
                </td>
                <td>{pair.compared}</td>
                <td data-testid="agreement-exact">
                  {share(pair.exact, pair.compared - pair.tied)} ({pair.exact})
                  {pair.tied > 0 ? `; ${pair.tied} tied, counted apart` : ''}
                </td>
                <td data-testid="agreement-within">
                  {share(pair.withinOne, pair.bothScored)} ({pair.withinOne} of {pair.bothScored} scored)
                </td>
                <td data-testid="agreement-kappa">{chance(pair.kappa)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartFrame>
      {report.alpha ? (
        <p className="small" data-testid="agreement-alpha">
          Krippendorff&apos;s α (ordinal, all models): {chance(report.alpha)}
        </p>
      ) : null}
      {report.disagreements.length > 0 ? (
        <>
          <h4>Where they disagree most</h4>
          <table className="table table-compact" data-testid="disagreements">
            <thead>
              <tr>
                <th scope="col">Scenario</th>
                <th scope="col">Dimensions</th>
                <th scope="col">First model</th>
                <th scope="col">Second model</th>
                <th scope="col">Apart</th>
                <th scope="col">Transcripts</th>
              </tr>
            </thead>
            <tbody>
              {report.disagreements.map((d) => (
                <tr key={`${d.scenarioId}|${d.a.modelKey}|${d.b.modelKey}`} data-testid="disagreement">
                  <td className="mono small">{d.scenarioId}</td>
                  <td className="small">
                    {Object.entries(d.dimensions)
                      .map(([name, value]) => `${name}: ${value.label}`)
                      .join(', ')}
                  </td>
                  <td className="small">
                    <a href={links.transcript(runId, d.a.transcriptId)} className="mono">
                      {d.a.modelKey}
                    </a>
                    : {d.a.decision}
                  </td>
                  <td className="small">
                    <a href={links.transcript(runId, d.b.transcriptId)} className="mono">
                      {d.b.modelKey}
                    </a>
                    : {d.b.decision}
                  </td>
                  <td>{d.distance ?? 'no score'}</td>
                  <td>
                    <button
                      type="button"
                      className="button-link"
                      data-testid="disagreement-open"
                      onClick={() => setOpen(d)}
                    >
                      Side by side
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {open ? (
        <div className="compare-transcripts" data-testid="disagreement-transcripts">
          <SelectedTranscript id={open.a.transcriptId} title={open.a.modelKey} onClose={() => setOpen(null)} />
          <SelectedTranscript id={open.b.transcriptId} title={open.b.modelKey} onClose={() => setOpen(null)} />
        </div>
      ) : null}
    </section>
  );
}
