/**
 * Self-disagreement and the flip test against known truth: pairwise agreement is unbiased at any number of samples
 * (the modal share is not), its interval covers the population's agreement in 93–97 % of replications, and McNemar's
 * exact test rejects "B answers like A" at most 5 % of the time when it does, and nearly always when it does not.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import {
  binomialUpperTail,
  consistency,
  crossDisagreement,
  flipTest,
  scenarioAgreement,
  scenarioEntropy,
  type DecisionCounts,
} from '../../src/main/core/analysis/noise-floor';

const method = DEFAULT_INTERVAL_METHOD;

/** `samples` decisions drawn from the probabilities `p` (decisions "0", "1", …). */
function sample(p: readonly number[], samples: number, random: () => number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let s = 0; s < samples; s += 1) {
    let u = random();
    let k = 0;
    while (k < p.length - 1 && u >= p[k]!) u -= p[k++]!;
    counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
  }
  return counts;
}

const agreementOf = (p: readonly number[]): number => p.reduce((s, v) => s + v * v, 0);

describe('pairwise agreement and entropy', () => {
  it('are computed by hand on small cases', () => {
    expect(
      scenarioAgreement(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toBeCloseTo(1 / 3, 12);
    expect(scenarioAgreement(new Map([['a', 3]]))).toBe(1);
    expect(scenarioAgreement(new Map([['a', 1]]))).toBeNull();
    expect(
      scenarioEntropy(
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toBeCloseTo(0.918296, 6);
    expect(scenarioEntropy(new Map([['a', 4]]))).toBe(0);
    expect(scenarioEntropy(new Map())).toBeNull();
    expect(binomialUpperTail(8, 10)).toBeCloseTo(56 / 1024, 12);
    expect(binomialUpperTail(0, 0)).toBe(1);
    expect(consistency([new Map([['a', 1]])], method)).toBeNull();
  });

  it('estimates the same agreement with 2 or 10 samples, where the modal share falls', () => {
    const random = seededRandom(12);
    const p = [0.6, 0.3, 0.1];
    for (const samples of [2, 10]) {
      const scenarios: DecisionCounts[] = Array.from({ length: 3000 }, () => sample(p, samples, random));
      const c = consistency(scenarios, method)!;
      expect(c.agreement, `${samples} samples`).toBeGreaterThan(agreementOf(p) - 0.02);
      expect(c.agreement, `${samples} samples`).toBeLessThan(agreementOf(p) + 0.02);
      expect(c.scenarios).toBe(3000);
    }
  });

  it('covers the mean agreement of a mixed population in 93–97 % of replications', () => {
    const random = seededRandom(31);
    const kinds = [
      [0.9, 0.1],
      [0.5, 0.3, 0.2],
    ];
    const truth = (agreementOf(kinds[0]!) + agreementOf(kinds[1]!)) / 2;
    let covered = 0;
    for (let rep = 0; rep < 1000; rep += 1) {
      const scenarios = Array.from({ length: 30 }, () => sample(kinds[random() < 0.5 ? 0 : 1]!, 3, random));
      const c = consistency(scenarios, method)!;
      if (c.ciLow! <= truth && truth <= c.ciHigh!) covered += 1;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.93);
    expect(covered / 1000).toBeLessThanOrEqual(0.97);
  });
});

describe('the flip test against the noise floor', () => {
  /** Two runs over 40 scenarios, each with its own decision probabilities; B's shifted by `shift` toward decision 0. */
  function runs(random: () => number, shift: number): [Map<string, DecisionCounts>, Map<string, DecisionCounts>] {
    const a = new Map<string, DecisionCounts>();
    const b = new Map<string, DecisionCounts>();
    for (let s = 0; s < 40; s += 1) {
      const top = 0.5 + 0.4 * random();
      const p = [top, (1 - top) * 0.7, (1 - top) * 0.3];
      const q = shift > 0 ? [p[2]!, p[1]!, p[0]!] : p;
      a.set(`s${s}`, sample(p, 3, random));
      b.set(`s${s}`, sample(q, 1, random));
    }
    return [a, b];
  }

  it('rejects at most 5 % of the time when both runs answer alike, and finds a real change', () => {
    const random = seededRandom(8);
    let nullRejected = 0;
    let found = 0;
    for (let rep = 0; rep < 1000; rep += 1) {
      const [a, b] = runs(random, 0);
      if (flipTest(a, b, rep)!.pValue < 0.05) nullRejected += 1;
      const [a2, b2] = runs(random, 1);
      if (flipTest(a2, b2, rep)!.pValue < 0.05) found += 1;
    }
    expect(nullRejected / 1000).toBeLessThanOrEqual(0.055);
    expect(found / 1000).toBeGreaterThan(0.8);
  });

  it('takes the floor from whichever run has repeated samples, and has none without repeats', () => {
    const random = seededRandom(3);
    const [a, b] = runs(random, 0);
    expect(flipTest(b, a, 1)!.floorSide).toBe('b');
    expect(flipTest(b, b, 1)).toBeNull();
    const same = new Map([['s', new Map([['x', 2]])]]);
    expect(crossDisagreement(same, same)).toBe(0);
    expect(crossDisagreement(same, new Map([['s', new Map([['y', 1]])]]))).toBe(1);
    expect(crossDisagreement(same, new Map())).toBeNull();
  });
});
