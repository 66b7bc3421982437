/**
 * The comparison page's "did the model answer differently?": per model pair the change of the mean decision and of
 * each dimension's effect, paired on the scenarios both runs scored, with 95 % intervals, p-values and Holm-adjusted
 * p-values over every test on the page (a change is marked only when its Holm p is below 0.05).
 */
import type { EffectEstimate } from '@shared/analysis';
import type { PairedChange } from '@shared/comparison';
import { useRoute } from '../../hooks/useRoute';
import { ErrorBox } from '../ErrorBox';
import { Loading } from '../Loading';
import { fmt, fmtInterval } from './palette';

const effectText = (e: EffectEstimate | null): string =>
  e ? `${fmt(e.estimate, true)} (${fmtInterval(e.ciLow, e.ciHigh)})` : '—';

/** "0.012", "< 0.001", or — without a test. */
export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** Marked when the Holm-adjusted p is below the page's alpha: a change the whole page can stand behind. */
export function isMarked(change: PairedChange | null, alpha: number): change is PairedChange {
  return change !== null && change.pHolm !== null && change.pHolm < alpha;
}

function ChangeCells({ change, alpha }: { change: PairedChange | null; alpha: number }): React.JSX.Element {
  const marked = isMarked(change, alpha);
  return (
    <>
      <td
        data-testid="effect-change-value"
        data-marked={marked ? 'yes' : 'no'}
        className={marked ? (change.estimate > 0 ? 'effect-change-positive' : 'effect-change-negative') : undefined}
      >
        {change ? `${fmt(change.estimate, true)} (${fmtInterval(change.ciLow, change.ciHigh)})` : '—'}
      </td>
      <td className="num small">{change ? change.scenarios : '—'}</td>
      <td className="num small" title={change?.pMethod ? `p-value: ${change.pMethod.replace(/_/g, ' ')}` : undefined}>
        {fmtP(change?.pValue)}
      </td>
      <td className="num small" data-testid="effect-change-holm">
        {fmtP(change?.pHolm)}
      </td>
      <td className="num small">{fmtP(change?.qBh)}</td>
    </>
  );
}

export function EffectsComparison({ runA, runB }: { runA: string; runB: string }): React.JSX.Element | null {
  const result = useRoute('results.compareEffects', { runA, runB });
  if (result.error) return <ErrorBox error={result.error} title="Could not compare the dimension effects" />;
  if (!result.data) return <Loading />;
  const { models, multiplicity } = result.data;
  if (models.length === 0) return null;
  const alpha = multiplicity.alpha;
  return (
    <section className="section" aria-labelledby="effect-changes-heading" data-testid="effect-changes">
      <div className="section-header">
        <h2 id="effect-changes-heading">What changed from A to B</h2>
      </div>
      <p className="muted small" data-testid="multiplicity-note">
        Paired on the scenarios both runs scored: each change B − A is computed from per-scenario differences, with a 95
        % interval (n = scenarios in both). The effect is the mean decision at a dimension&apos;s highest level minus
        its lowest. p: sign-flip permutation for the mean, t test of the paired main-effects model for effects. Many
        changes are tested at once, so a change is marked only when its <strong>Holm</strong>-adjusted p (over all{' '}
        {multiplicity.family} tests on this page, flips included) is below {alpha}; Benjamini–Hochberg q-values (false
        discovery rate) are beside it. README “Methods: paired comparisons, multiplicity”.
      </p>
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Figure</th>
            <th scope="col">In A</th>
            <th scope="col">In B</th>
            <th scope="col">Change B − A</th>
            <th scope="col" className="num" title="Scenarios scored in both runs">
              n
            </th>
            <th scope="col" className="num">
              p
            </th>
            <th scope="col" className="num" title="Holm-adjusted over every test on this page (family-wise)">
              p (Holm)
            </th>
            <th scope="col" className="num" title="Benjamini–Hochberg q-value (false discovery rate)">
              q (BH)
            </th>
          </tr>
        </thead>
        <tbody>
          {models.flatMap((pair) => [
            <tr key={`${pair.label}|mean`} data-testid="mean-change" data-model={pair.label}>
              <td className="mono small">{pair.label}</td>
              <td>mean decision</td>
              <td>—</td>
              <td>—</td>
              <ChangeCells change={pair.meanChange} alpha={alpha} />
            </tr>,
            ...pair.dimensions.map((d) => (
              <tr
                key={`${pair.label}|${d.dimension}`}
                data-testid="effect-change"
                data-model={pair.label}
                data-dimension={d.dimension}
              >
                <td className="mono small">{pair.label}</td>
                <td>{d.dimension} effect</td>
                <td>{effectText(d.a)}</td>
                <td>{effectText(d.b)}</td>
                <ChangeCells change={d.change} alpha={alpha} />
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </section>
  );
}
