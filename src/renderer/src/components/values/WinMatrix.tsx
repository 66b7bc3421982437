/**
 * One model's pairwise win matrix: the row value's strength-weighted share against the column value where the two
 * met (blue above one half, orange below), with the answers behind each cell in its tooltip; a cell opens the run of
 * the dilemma behind it on this model's transcripts (in a pairwise design, only the pair's scenarios, both orders).
 */
import type { ModelValueRanking, PairScenarios, ValueRankingReport } from '@shared/values';
import { links } from '../../stores/router';
import { ChartFrame } from '../SaveChart';

/** The run behind a cell: a dilemma setting these two values against each other (either end), else a pairwise design. */
export function cellRun(dilemmas: ValueRankingReport['dilemmas'], a: number, b: number): string | null {
  const direct = dilemmas.find((d) => (d.high === a && d.low === b) || (d.high === b && d.low === a));
  return (direct ?? dilemmas.find((d) => d.high === null))?.runId ?? null;
}

/** The address a cell opens: the run behind the pair on this model's transcripts, narrowed to the pair's scenarios. */
export function cellHref(
  dilemmas: ValueRankingReport['dilemmas'],
  pairScenarios: readonly PairScenarios[],
  model: string,
  a: number,
  b: number,
): string | null {
  const direct = dilemmas.find((d) => (d.high === a && d.low === b) || (d.high === b && d.low === a));
  const pair = direct ? undefined : pairScenarios.find((p) => p.a === Math.min(a, b) && p.b === Math.max(a, b));
  const run = direct?.runId ?? pair?.runId ?? cellRun(dilemmas, a, b);
  if (!run) return null;
  const query = new URLSearchParams({ model });
  for (const id of pair?.scenarios ?? []) query.append('scenario', id);
  return `${links.run(run)}?${query.toString()}`;
}

function cellColour(share: number): string {
  const d = Math.min(1, Math.abs(share - 0.5) * 2);
  return share >= 0.5 ? `rgba(0, 114, 178, ${0.12 + 0.6 * d})` : `rgba(213, 94, 0, ${0.12 + 0.6 * d})`;
}

export function WinMatrix({
  names,
  model,
  dilemmas,
  pairScenarios,
}: {
  names: string[];
  model: ModelValueRanking;
  dilemmas: ValueRankingReport['dilemmas'];
  pairScenarios: readonly PairScenarios[];
}): React.JSX.Element {
  const order = [...model.ranking.values].sort((a, b) => a.rank - b.rank).map((v) => v.value);
  const cell = new Map<string, { share: number; answers: number }>();
  for (const p of model.ranking.pairs) {
    cell.set(`${p.a}|${p.b}`, { share: p.aShare, answers: p.answers });
    cell.set(`${p.b}|${p.a}`, { share: 1 - p.aShare, answers: p.answers });
  }
  return (
    <ChartFrame title="Win matrix">
      <table className="table table-compact heatmap win-matrix" data-testid="win-matrix" data-model={model.key}>
        <caption className="small muted">
          {model.key}: share of answers siding with the row value against the column value
        </caption>
        <thead>
          <tr>
            <th scope="col">Row over column</th>
            {order.map((v) => (
              <th key={v} scope="col">
                {names[v]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {order.map((row) => (
            <tr key={row}>
              <th scope="row">{names[row]}</th>
              {order.map((col) => {
                const c = row === col ? undefined : cell.get(`${row}|${col}`);
                return (
                  <td
                    key={col}
                    className="num"
                    style={c ? { background: cellColour(c.share) } : undefined}
                    title={
                      c
                        ? `${names[row]} over ${names[col]}: ${(100 * c.share).toFixed(0)} % of ${c.answers} answers`
                        : undefined
                    }
                  >
                    {c ? (
                      <CellLink
                        href={cellHref(dilemmas, pairScenarios, model.key, row, col)}
                        text={`${(100 * c.share).toFixed(0)} %`}
                      />
                    ) : row === col ? (
                      ''
                    ) : (
                      '—'
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ChartFrame>
  );
}

function CellLink({ href, text }: { href: string | null; text: string }): React.JSX.Element {
  if (!href) return <>{text}</>;
  return (
    <a href={href} data-testid="win-cell-link">
      {text}
    </a>
  );
}
