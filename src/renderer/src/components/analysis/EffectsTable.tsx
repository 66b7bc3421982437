/**
 * The dimension effects as a table: the screen-reader view of the chart and the copy-paste one (model, dimension,
 * level, label, n = scenarios and answers, mean, 95 % interval; each level's AMCE against the baseline and the contrast
 * highest − lowest per dimension; refusals and unparseable answers beside). README "Methods" explains each figure.
 */
import type { DimensionEffect, EffectsReport, RateEstimate } from '@shared/analysis';
import { fmt, fmtInterval } from './palette';

function rateText(rate: RateEstimate): string {
  if (rate.rate === null) return '—';
  const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)} %`);
  return `${rate.count} (${pct(rate.rate)}, ${pct(rate.ciLow)}–${pct(rate.ciHigh)})`;
}

function amceText(dimension: DimensionEffect, level: number): string {
  if (dimension.baseline === level) return 'baseline';
  const amce = dimension.amce.find((a) => a.level === level);
  if (!amce) return '';
  const ci = amce.ciLow === null ? 'no interval: too few scenarios' : fmtInterval(amce.ciLow, amce.ciHigh);
  return `${fmt(amce.estimate, true)} (${ci})`;
}

export function EffectsTable({ report }: { report: EffectsReport }): React.JSX.Element {
  return (
    <table className="table table-compact effects-table" data-testid="effects-table">
      <caption className="visually-hidden">Mean decision per model, dimension and level, with 95 % intervals</caption>
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Dimension</th>
          <th scope="col">Level</th>
          <th scope="col">Label</th>
          <th scope="col">n (scenarios)</th>
          <th scope="col">Answers</th>
          <th scope="col">Mean</th>
          <th scope="col">95 % CI</th>
          <th scope="col">AMCE vs baseline (95 % CI)</th>
          <th scope="col">Highest − lowest (95 % CI)</th>
          <th scope="col">Refused · unparseable (95 % Wilson)</th>
        </tr>
      </thead>
      <tbody>
        {report.models.flatMap((model) =>
          model.dimensions.flatMap((dimension) =>
            dimension.levels.map((level, i) => (
              <tr
                key={`${model.modelKey}|${dimension.dimension}|${level.level}`}
                data-testid="effects-row"
                data-model={model.modelKey}
                data-dimension={dimension.dimension}
                data-level={level.level}
              >
                <td className="mono small">{model.modelKey}</td>
                <td>{dimension.dimension}</td>
                <td>{level.level}</td>
                <td>{level.label}</td>
                <td data-testid="effects-scenarios">{level.scenarios}</td>
                <td data-testid="effects-n">{level.n}</td>
                <td data-testid="effects-mean">{fmt(level.mean)}</td>
                <td data-testid="effects-ci">
                  {level.mean !== null && level.ciLow === null
                    ? 'too few scenarios for an interval'
                    : fmtInterval(level.ciLow, level.ciHigh)}
                </td>
                <td data-testid="effects-amce">{amceText(dimension, level.level)}</td>
                <td data-testid={i === 0 ? 'effects-effect' : undefined}>
                  {i === 0 && dimension.effect
                    ? `${fmt(dimension.effect.estimate, true)} (${fmtInterval(dimension.effect.ciLow, dimension.effect.ciHigh)})`
                    : ''}
                </td>
                <td className="small muted" data-testid="effects-rates">
                  {rateText(level.refusals)} · {rateText(level.unparseable)}
                </td>
              </tr>
            )),
          ),
        )}
      </tbody>
    </table>
  );
}
