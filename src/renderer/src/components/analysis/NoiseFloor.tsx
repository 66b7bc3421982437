/**
 * Beside the count of changed decisions: how often each run disagrees with itself (pairwise agreement of a scenario's
 * repeated samples, with its interval and entropy), how often the two runs disagree, and McNemar's exact test of the
 * one against the other. A change is called a change only above that floor (Holm-adjusted with the page's tests).
 */
import type { SelfConsistency } from '@shared/comparison';
import { useRoute } from '../../hooks/useRoute';
import { fmtP } from './EffectsComparison';

const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)} %`);

function selfText(c: SelfConsistency | null): string {
  if (!c) return 'unknown (one sample per scenario)';
  const interval = c.ciLow === null || c.ciHigh === null ? '' : ` [${pct(1 - c.ciHigh)}, ${pct(1 - c.ciLow)}]`;
  return `${pct(1 - c.agreement)}${interval} over ${c.scenarios} scenarios, entropy ${c.entropy.toFixed(2)} bits`;
}

export function NoiseFloor({ runA, runB }: { runA: string; runB: string }): React.JSX.Element | null {
  const result = useRoute('results.compareEffects', { runA, runB });
  const data = result.data;
  if (!data) return null;
  const pairs = data.models.filter((m) => m.floor !== null);
  if (pairs.length === 0) return null;
  return (
    <div className="noise-floor" data-testid="noise-floor">
      <p className="muted small">
        Noise floor: the probability that two samples of one scenario from the same run differ (self-disagreement),
        against the probability that a sample of A and one of B differ. McNemar&apos;s exact test on one random pair of
        samples per scenario asks whether the runs disagree more than a run disagrees with itself (Holm-adjusted with
        the page&apos;s other tests). README “Methods: flips against the noise floor”.
      </p>
      <ul className="small">
        {pairs.map((pair) => {
          const floor = pair.floor!;
          const test = floor.test;
          const above = test !== null && test.pHolm !== null && test.pHolm < data.multiplicity.alpha;
          return (
            <li key={pair.label} data-testid="noise-floor-pair" data-model={pair.label}>
              <span className="mono">{pair.label}</span>: self-disagreement A {selfText(floor.a)}; B {selfText(floor.b)}
              ; between runs {pct(floor.crossDisagreement)}.{' '}
              {test ? (
                <span data-testid="noise-floor-verdict">
                  {test.betweenOnly} scenarios differ between runs where {test.floorSide.toUpperCase()}&apos;s own
                  samples agreed, {test.withinOnly} the other way: p = {fmtP(test.pValue)} (Holm {fmtP(test.pHolm)}) —{' '}
                  <strong>
                    {above ? 'a change above the noise floor' : 'not distinguishable from the noise floor'}
                  </strong>
                </span>
              ) : (
                <span data-testid="noise-floor-verdict">{floor.note}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
