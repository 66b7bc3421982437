/**
 * A forest plot of value utilities: one row per value (ordered by the first model's utility, highest first), each
 * model's utility as a dot with its 95 % interval, in the model's colour; 0 is the average value.
 */
import type { ValueRankingReport } from '@shared/values';
import { modelColour } from '../analysis/palette';
import { ChartFrame } from '../SaveChart';

const ROW = 22;
const M = { top: 18, right: 16, bottom: 26, left: 170 };
const W = 640;

export function ValueForest({ report }: { report: ValueRankingReport }): React.JSX.Element {
  const first = report.models[0];
  const order = report.values
    .map((name, value) => ({ name, value, u: first?.ranking.values[value]?.utility.estimate ?? 0 }))
    .sort((a, b) => b.u - a.u);
  const bounds = report.models.flatMap((m) =>
    m.ranking.values.filter((v) => v.atStake > 0).flatMap((v) => [v.utility.low ?? 0, v.utility.high ?? 0]),
  );
  const extent = Math.max(1, ...bounds.map(Math.abs));
  const H = M.top + M.bottom + order.length * ROW;
  const x = (u: number): number => M.left + ((u + extent) / (2 * extent)) * (W - M.left - M.right);
  const nudge = (i: number): number => (report.models.length > 1 ? (i - (report.models.length - 1) / 2) * 5 : 0);
  return (
    <figure className="value-forest" data-testid="value-forest">
      <ul className="effects-legend" aria-label="Models">
        {report.models.map((model, index) => (
          <li key={model.key}>
            <span className="swatch" style={{ background: modelColour(index) }} aria-hidden="true" />
            <span className="mono small">{model.key}</span>
          </li>
        ))}
      </ul>
      <ChartFrame
        title="Value utilities per model (log-odds scale; 0 = the average value), 95 % intervals"
        legend={report.models.map((m, i) => ({ label: m.key, colour: modelColour(i) }))}
      >
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label="Utility of each value per model with 95 % intervals; the table below has the numbers."
        >
          <title>Value utilities per model</title>
          <line className="zero" x1={x(0)} x2={x(0)} y1={M.top - 6} y2={H - M.bottom} />
          {[-extent, 0, extent].map((tick) => (
            <text key={tick} className="axis" x={x(tick)} y={H - 8} textAnchor="middle">
              {tick.toFixed(1)}
            </text>
          ))}
          {order.map((row, r) => {
            const cy = M.top + r * ROW + ROW / 2;
            return (
              <g key={row.value} data-testid="forest-row" data-value={row.name}>
                <text className="axis" x={M.left - 8} y={cy + 4} textAnchor="end">
                  {row.name.length > 26 ? `${row.name.slice(0, 25)}…` : row.name}
                </text>
                {report.models.map((model, i) => {
                  const v = model.ranking.values[row.value];
                  if (!v || v.atStake === 0) return null;
                  const y = cy + nudge(i);
                  return (
                    <g key={model.key} stroke={modelColour(i)} fill={modelColour(i)}>
                      {v.utility.low !== null && v.utility.high !== null ? (
                        <line x1={x(v.utility.low)} x2={x(v.utility.high)} y1={y} y2={y} strokeWidth={1.5} />
                      ) : null}
                      <circle cx={x(v.utility.estimate)} cy={y} r={3.5} />
                    </g>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </ChartFrame>
      <figcaption className="small muted">Utility (log-odds scale; 0 = the average value), 95 % intervals.</figcaption>
    </figure>
  );
}
