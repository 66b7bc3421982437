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
  const rows = report.models.flatMap((model) =>
    model.dimensions.flatMap((dimension) => dimension.levels.map((level, i) => ({ model, dimension, level, i }))),
  );
  const key = (r: (typeof rows)[number]): string => `${r.model.modelKey}|${r.dimension.dimension}|${r.level.level}`;
  const rowProps = (r: (typeof rows)[number]) => ({
    'data-model': r.model.modelKey,
    'data-dimension': r.dimension.dimension,
    'data-level': r.level.level,
  });
  return (
    <>
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
            <th scope="col">Highest − lowest (95 % CI)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={key(r)} data-testid="effects-row" {...rowProps(r)}>
              <td className="mono small">{r.model.modelKey}</td>
              <td>{r.dimension.dimension}</td>
              <td>{r.level.level}</td>
              <td>{r.level.label}</td>
              <td data-testid="effects-scenarios">{r.level.scenarios}</td>
              <td data-testid="effects-n">{r.level.n}</td>
              <td data-testid="effects-mean">{fmt(r.level.mean)}</td>
              <td data-testid="effects-ci">
                {r.level.mean !== null && r.level.ciLow === null
                  ? 'too few scenarios for an interval'
                  : fmtInterval(r.level.ciLow, r.level.ciHigh)}
              </td>
              <td data-testid={r.i === 0 ? 'effects-effect' : undefined}>
                {r.i === 0 && r.dimension.effect
                  ? `${fmt(r.dimension.effect.estimate, true)} (${fmtInterval(r.dimension.effect.ciLow, r.dimension.effect.ciHigh)})`
                  : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="table table-compact effects-table" data-testid="effects-amce-table">
        <caption className="visually-hidden">
          Each level against the baseline level, and refusals and unparseable answers per level
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Dimension</th>
            <th scope="col">Level</th>
            <th scope="col">AMCE vs baseline (95 % CI)</th>
            <th scope="col">Refused (95 % Wilson)</th>
            <th scope="col">Unparseable (95 % Wilson)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={key(r)} data-testid="effects-amce-row" {...rowProps(r)}>
              <td className="mono small">{r.model.modelKey}</td>
              <td>{r.dimension.dimension}</td>
              <td>
                {r.level.level} {r.level.label}
              </td>
              <td data-testid="effects-amce">{amceText(r.dimension, r.level.level)}</td>
              <td data-testid="effects-refusals">{rateText(r.level.refusals)}</td>
              <td data-testid="effects-unparseable">{rateText(r.level.unparseable)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
