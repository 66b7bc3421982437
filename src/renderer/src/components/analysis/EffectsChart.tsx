/**
 * Small multiples of the dimension effects: one SVG panel per dimension, its levels on x (with their labels), the
 * mean decision on y over the scale's range (with the scale's labels), one line per model with 95 % interval bars.
 */
import type { EffectsReport } from '@shared/analysis';
import { ChartFrame } from '../SaveChart';
import { fmt, modelColour } from './palette';

const W = 260;
const H = 190;
const M = { top: 14, right: 12, bottom: 44, left: 34 };
/** The axis font (9 px in chart units, styles/analysis.css): a generous average character width, and the line step. */
const CHAR_W = 5.4;
const LINE_H = 11;

/**
 * A level's label in at most two lines that fit its slot of the x axis (words kept whole where they fit, the rest
 * cut with "…"), so labels of neighbouring levels never overlap and the outer ones are never cut by the panel's edge.
 */
export function levelLabelLines(label: string, slotWidth: number): string[] {
  const max = Math.max(3, Math.floor((slotWidth - 4) / CHAR_W));
  const cut = (text: string): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length <= 2 ? lines.map(cut) : [cut(lines[0]!), cut(lines.slice(1).join(' '))];
}

function yRange(report: EffectsReport): [number, number] {
  if (report.scale.length > 0) {
    const codes = report.scale.map((s) => s.code);
    return [Math.min(...codes), Math.max(...codes)];
  }
  const values = report.models.flatMap((m) =>
    m.dimensions.flatMap((d) => d.levels.flatMap((l) => [l.ciLow, l.ciHigh, l.mean])),
  );
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? [Math.floor(Math.min(...known)), Math.ceil(Math.max(...known))] : [0, 1];
}

export function EffectsChart({ report }: { report: EffectsReport }): React.JSX.Element {
  const [low, high] = yRange(report);
  const span = high - low || 1;
  const y = (value: number): number => M.top + (1 - (value - low) / span) * (H - M.top - M.bottom);
  const ticks =
    report.scale.length > 0
      ? report.scale
      : [
          { code: low, label: '' },
          { code: high, label: '' },
        ];
  const legend = report.models.map((m, i) => ({ label: m.modelKey, colour: modelColour(i) }));
  return (
    <div className="effects-chart" data-testid="effects-chart">
      <ul className="effects-legend" aria-label="Models">
        {report.models.map((model, index) => (
          <li key={model.modelKey}>
            <span className="swatch" style={{ background: modelColour(index) }} aria-hidden="true" />
            <span className="mono small">{model.modelKey}</span>
          </li>
        ))}
      </ul>
      <div className="effects-panels">
        {report.dimensions.map((dimension) => {
          const n = dimension.levels.length;
          const x = (i: number): number => M.left + ((i + 0.5) / n) * (W - M.left - M.right);
          const title = `Mean decision by ${dimension.name}`;
          return (
            <figure
              key={dimension.name}
              className="effects-panel"
              data-testid="effects-panel"
              data-dimension={dimension.name}
            >
              <ChartFrame title={title} legend={legend}>
                <svg
                  viewBox={`0 0 ${W} ${H}`}
                  role="img"
                  aria-label={`${title}, one line per model; the table below has the numbers.`}
                >
                  <title>{title}</title>
                  {ticks.map((tick) => (
                    <g key={tick.code} className="axis">
                      <line x1={M.left} x2={W - M.right} y1={y(tick.code)} y2={y(tick.code)} className="grid" />
                      <text x={M.left - 4} y={y(tick.code) + 3} textAnchor="end">
                        {tick.code}
                      </text>
                    </g>
                  ))}
                  {dimension.levels.map((level, i) => (
                    <text
                      key={level.score}
                      className="axis"
                      x={x(i)}
                      y={H - M.bottom + 14}
                      textAnchor="middle"
                      data-testid="effects-level-label"
                    >
                      <title>{`${level.score} ${level.label}`}</title>
                      <tspan x={x(i)}>{level.score}</tspan>
                      {levelLabelLines(level.label, (W - M.left - M.right) / n).map((line, j) => (
                        <tspan key={`${j}:${line}`} x={x(i)} dy={LINE_H}>
                          {line}
                        </tspan>
                      ))}
                    </text>
                  ))}
                  {report.models.map((model, index) => {
                    const levels = model.dimensions.find((d) => d.dimension === dimension.name)?.levels ?? [];
                    const colour = modelColour(index);
                    const points = dimension.levels.flatMap((level, i) => {
                      const estimate = levels.find((l) => l.level === level.score);
                      return estimate && estimate.mean !== null ? [{ i, estimate, mean: estimate.mean }] : [];
                    });
                    // Models are nudged apart so their interval bars never hide each other.
                    const dx = (index - (report.models.length - 1) / 2) * 4;
                    return (
                      <g key={model.modelKey} data-testid="effects-line" data-model={model.modelKey}>
                        <polyline
                          fill="none"
                          stroke={colour}
                          strokeWidth={2}
                          points={points.map((p) => `${x(p.i) + dx},${y(p.mean)}`).join(' ')}
                        />
                        {points.map((p) => (
                          <g key={p.i}>
                            {p.estimate.ciLow !== null && p.estimate.ciHigh !== null ? (
                              <line
                                x1={x(p.i) + dx}
                                x2={x(p.i) + dx}
                                y1={y(p.estimate.ciLow)}
                                y2={y(p.estimate.ciHigh)}
                                stroke={colour}
                                strokeWidth={1.5}
                              />
                            ) : null}
                            <circle cx={x(p.i) + dx} cy={y(p.mean)} r={3} fill={colour}>
                              <title>{`${model.modelKey}, ${dimension.name} ${p.estimate.label}: ${fmt(p.mean)}`}</title>
                            </circle>
                          </g>
                        ))}
                      </g>
                    );
                  })}
                </svg>
              </ChartFrame>
              <figcaption>{dimension.name}</figcaption>
            </figure>
          );
        })}
      </div>
      {report.scale.length > 0 ? (
        <p className="muted small effects-scale">
          Scale: {report.scale.map((s) => `${s.code} ${s.label}`).join(' · ')}
        </p>
      ) : null}
    </div>
  );
}
