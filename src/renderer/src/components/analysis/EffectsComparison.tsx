/**
 * The comparison page's "did they weigh the dimensions differently?": per model pair and dimension, the effect in
 * run A, in run B, and the change B − A with its 95 % interval (bootstrap over the scenarios of both runs).
 */
import type { EffectEstimate } from '@shared/analysis';
import { useRoute } from '../../hooks/useRoute';
import { ErrorBox } from '../ErrorBox';
import { Loading } from '../Loading';
import { fmt, fmtInterval } from './palette';

const effectText = (e: EffectEstimate | null): string =>
  e ? `${fmt(e.estimate, true)} (${fmtInterval(e.ciLow, e.ciHigh)})` : '—';

export function EffectsComparison({ runA, runB }: { runA: string; runB: string }): React.JSX.Element | null {
  const result = useRoute('results.compareEffects', { runA, runB });
  if (result.error) return <ErrorBox error={result.error} title="Could not compare the dimension effects" />;
  if (!result.data) return <Loading />;
  const rows = result.data.models.flatMap((pair) => pair.dimensions.map((d) => ({ pair, d })));
  if (rows.length === 0) return null;
  return (
    <section className="section" aria-labelledby="effect-changes-heading" data-testid="effect-changes">
      <div className="section-header">
        <h2 id="effect-changes-heading">Dimension effects, A and B</h2>
      </div>
      <p className="muted small">
        The effect is the mean decision at a dimension&apos;s highest level minus its lowest; the change is B − A, with
        a 95 % interval. An interval that excludes 0 means the dimension weighed differently in the two runs.
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Dimension</th>
            <th scope="col">Effect in A</th>
            <th scope="col">Effect in B</th>
            <th scope="col">Change B − A</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ pair, d }) => {
            const change = d.change;
            const clear =
              change && change.ciLow !== null && change.ciHigh !== null && (change.ciLow > 0 || change.ciHigh < 0);
            return (
              <tr
                key={`${pair.label}|${d.dimension}`}
                data-testid="effect-change"
                data-model={pair.label}
                data-dimension={d.dimension}
              >
                <td className="mono small">{pair.label}</td>
                <td>{d.dimension}</td>
                <td>{effectText(d.a)}</td>
                <td>{effectText(d.b)}</td>
                <td
                  data-testid="effect-change-value"
                  className={
                    clear ? (change.estimate > 0 ? 'effect-change-positive' : 'effect-change-negative') : undefined
                  }
                >
                  {change ? `${fmt(change.estimate, true)} (${fmtInterval(change.ciLow, change.ciHigh)})` : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
