/**
 * Value priorities by seeded simulation against known truth: answers drawn from set utilities and a set position bias,
 * then the fit must recover the order, cover the true utilities at the nominal rate, detect a planted position bias,
 * and its checks (held-out accuracy, intransitive triads, τ between rankings) must say what the truth implies.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/main/core/analysis/bootstrap';
import { cellTable, fitBradleyTerry, type PairedChoice } from '../../src/main/core/analysis/bradley-terry';
import { holmAdjust } from '../../src/main/core/analysis/multiplicity';
import { compareRankings, kendallTau } from '../../src/main/core/analysis/ranking-compare';
import { normalCdf } from '../../src/main/core/analysis/student-t';
import { intransitiveTriads, rankValues } from '../../src/main/core/analysis/value-ranking';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Every pair in both orders, `samples` answers per scenario, choices drawn from σ(u_first − u_second + β). */
function simulate(
  utilities: readonly number[],
  options: { samples: number; bias: number; seed: number; tag?: string },
): PairedChoice[] {
  const random = seededRandom(options.seed);
  const choices: PairedChoice[] = [];
  for (let i = 0; i < utilities.length; i += 1)
    for (let j = 0; j < utilities.length; j += 1) {
      if (i === j) continue;
      const p = sigmoid(utilities[i]! - utilities[j]! + options.bias);
      for (let s = 0; s < options.samples; s += 1)
        choices.push({
          cluster: `${options.tag ?? ''}${i}-${j}`,
          first: i,
          second: j,
          firstShare: random() < p ? 1 : 0,
        });
    }
  return choices;
}

const centred = (u: readonly number[]): number[] => {
  const m = u.reduce((s, x) => s + x, 0) / u.length;
  return u.map((x) => x - m);
};

function spearman(a: readonly number[], b: readonly number[]): number {
  const ranks = (x: readonly number[]): number[] => {
    const order = x.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
    const r = new Array<number>(x.length);
    order.forEach((o, k) => (r[o.i] = k));
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const d2 = ra.reduce((s, r, i) => s + (r - rb[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

const TEN = centred(Array.from({ length: 10 }, (_, i) => -1.5 + (3 * i) / 9));

describe('Bradley–Terry value ranking', () => {
  it('recovers the true order of 10 values (all pairs, both orders, 5 samples)', () => {
    const rhos: number[] = [];
    for (let seed = 1; seed <= 30; seed += 1) {
      const fit = fitBradleyTerry(cellTable(10, simulate(TEN, { samples: 5, bias: 0.3, seed })));
      expect(fit.converged).toBe(true);
      rhos.push(spearman(fit.utilities, TEN));
    }
    const meanRho = rhos.reduce((s, r) => s + r, 0) / rhos.length;
    expect(meanRho).toBeGreaterThanOrEqual(0.95);
    expect(Math.min(...rhos)).toBeGreaterThan(0.85);
  });

  it('covers the true utilities at about the nominal 95 % (seeded, 150 studies x 10 values)', () => {
    let covered = 0;
    let intervals = 0;
    for (let seed = 100; seed < 250; seed += 1) {
      const choices = simulate(TEN, { samples: 5, bias: 0.3, seed });
      const ranking = rankValues(10, choices, { confidence: 0.95, resamples: 200, seed, holdOutShare: 0 });
      ranking.values.forEach((v, i) => {
        intervals += 1;
        if (v.utility.low !== null && v.utility.high !== null && v.utility.low <= TEN[i]! && TEN[i]! <= v.utility.high)
          covered += 1;
      });
    }
    const coverage = covered / intervals;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.99);
  });

  it('detects a planted position bias and does not invent one', () => {
    const planted = rankValues(6, simulate(TEN.slice(0, 6), { samples: 10, bias: 0.6, seed: 7 }), {
      confidence: 0.95,
      resamples: 300,
      seed: 7,
      holdOutShare: 0,
    });
    expect(planted.positionBias?.low).toBeGreaterThan(0);
    expect(planted.positionBias?.firstWins.low).toBeGreaterThan(0.5);
    let falseAlarms = 0;
    for (let seed = 300; seed < 340; seed += 1) {
      const none = rankValues(6, simulate(TEN.slice(0, 6), { samples: 10, bias: 0, seed }), {
        confidence: 0.95,
        resamples: 200,
        seed,
        holdOutShare: 0,
      });
      if ((none.positionBias?.low ?? 0) > 0 || (none.positionBias?.high ?? 0) < 0) falseAlarms += 1;
    }
    // At 95 %, about 2 of 40; 6 or more would mean the interval is far too narrow.
    expect(falseAlarms).toBeLessThan(6);
  });

  it('ranks, rates and checks the fit', () => {
    const ranking = rankValues(10, simulate(TEN, { samples: 5, bias: 0, seed: 11 }));
    expect(ranking.values.find((v) => v.rank === 1)?.value).toBe(9);
    expect(ranking.values[9]!.winRate.rate).toBeGreaterThan(ranking.values[0]!.winRate.rate ?? 1);
    expect(ranking.values[0]!.atStake).toBe(90);
    expect(ranking.heldOut?.pairs).toBe(4);
    // The truth itself predicts about 70 % of these answers; a sound fit comes near it.
    expect(ranking.heldOut?.accuracy).toBeGreaterThan(0.55);
    expect(ranking.triads.share).toBeLessThan(0.15);
    expect(ranking.clusters).toBe(90);
    expect(ranking.pairs).toHaveLength(45);
    const top = ranking.pairs.find((p) => p.a === 0 && p.b === 9)!;
    expect(top.answers).toBe(10);
    // Value 0 is the least valued: it should lose most answers against value 9 (truth: σ(-3) ≈ 5 %).
    expect(top.aShare).toBeLessThan(0.4);
  });

  it('counts neutral answers apart and weighs Likert strength', () => {
    const choices: PairedChoice[] = [
      { cluster: 'a', first: 0, second: 1, firstShare: 0.75 },
      { cluster: 'a', first: 0, second: 1, firstShare: 0.5 },
      { cluster: 'b', first: 1, second: 0, firstShare: 0 },
    ];
    const ranking = rankValues(2, choices, { confidence: 0.95, resamples: 50, seed: 1, holdOutShare: 0 });
    expect(ranking.values[0]!.neutral).toBe(1);
    expect(ranking.values[0]!.winRate.rate).toBeCloseTo(0.875);
    expect(ranking.values[0]!.utility.estimate).toBeGreaterThan(0);
  });

  it('stays finite when one value always wins', () => {
    const choices: PairedChoice[] = [];
    for (let s = 0; s < 20; s += 1) {
      choices.push({ cluster: `x${s}`, first: 0, second: 1, firstShare: 1 });
      choices.push({ cluster: `y${s}`, first: 1, second: 0, firstShare: 0 });
    }
    const fit = fitBradleyTerry(cellTable(2, choices));
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.utilities[0])).toBe(true);
    expect(fit.utilities[0]).toBeGreaterThan(1);
  });

  it('finds circles among three values', () => {
    const cycle: PairedChoice[] = [
      { cluster: '1', first: 0, second: 1, firstShare: 1 },
      { cluster: '2', first: 1, second: 2, firstShare: 1 },
      { cluster: '3', first: 2, second: 0, firstShare: 1 },
    ];
    expect(intransitiveTriads(3, cycle)).toEqual({ decided: 1, intransitive: 1, share: 1 });
    const chain = cycle.slice(0, 2).concat({ cluster: '3', first: 0, second: 2, firstShare: 1 });
    expect(intransitiveTriads(3, chain)).toEqual({ decided: 1, intransitive: 0, share: 0 });
  });
});

describe('comparing two rankings', () => {
  it('computes Kendall τ-b', () => {
    expect(kendallTau([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    expect(kendallTau([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3);
    expect(kendallTau([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('finds the same order with a high τ and flags only the value that moved', () => {
    const moved = [...TEN];
    moved[0] = 2.5; // the least valued becomes the most valued
    const a = simulate(TEN, { samples: 10, bias: 0, seed: 21 });
    const b = simulate(centred(moved), { samples: 10, bias: 0, seed: 22 });
    const same = compareRankings(10, a, simulate(TEN, { samples: 10, bias: 0, seed: 23 }), {
      confidence: 0.95,
      resamples: 200,
      seed: 5,
      holdOutShare: 0,
    });
    expect(same.tau?.estimate).toBeGreaterThan(0.7);
    expect(same.tau?.high).toBeGreaterThanOrEqual(same.tau?.estimate ?? 2);
    const changed = compareRankings(10, a, b, { confidence: 0.95, resamples: 200, seed: 5, holdOutShare: 0 });
    const smallest = [...changed.changes].sort((x, y) => x.p - y.p)[0]!;
    expect(smallest.value).toBe(0);
    expect(smallest.difference.low).toBeGreaterThan(1);
  });
});

describe('normalCdf', () => {
  it('matches the standard normal table, tails included', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(-6) / 9.865876e-10).toBeCloseTo(1, 4);
  });
});

describe('counts, orientation and multiplicity', () => {
  it('treats a counted row as that many identical answers', () => {
    const one = simulate(TEN.slice(0, 4), { samples: 1, bias: 0, seed: 3 });
    const counted = one.map((c) => ({ ...c, count: 3 }));
    const tripled = one.flatMap((c) => [c, c, c]);
    const options = { confidence: 0.95, resamples: 50, seed: 3, holdOutShare: 0 };
    const a = rankValues(4, counted, options);
    const b = rankValues(4, tripled, options);
    expect(a.answers).toBe(b.answers);
    a.values.forEach((v, i) => {
      expect(v.utility.estimate).toBeCloseTo(b.values[i]!.utility.estimate, 9);
      expect(v.winRate.rate).toBeCloseTo(b.values[i]!.winRate.rate ?? -1, 9);
    });
  });

  it('reports no position bias when no pair was asked both ways round', () => {
    const oneWay = simulate(TEN.slice(0, 5), { samples: 3, bias: 0, seed: 4 }).filter((c) => c.first < c.second);
    const ranking = rankValues(5, oneWay, { confidence: 0.95, resamples: 50, seed: 4, holdOutShare: 0 });
    expect(ranking.positionBias).toBeNull();
    expect(ranking.converged).toBe(true);
  });

  it('adjusts p-values by Holm', () => {
    expect(holmAdjust([0.01, 0.04, 0.03, 0.5])).toEqual([0.04, 0.09, 0.09, 0.5]);
  });

  it('flags no change between two samples of the same model in most studies (family-wise error near 5 %)', () => {
    let studiesWithAFlag = 0;
    for (let seed = 400; seed < 440; seed += 1) {
      const a = simulate(TEN.slice(0, 6), { samples: 5, bias: 0, seed, tag: 'a' });
      const b = simulate(TEN.slice(0, 6), { samples: 5, bias: 0, seed: seed + 1000, tag: 'b' });
      const comparison = compareRankings(6, a, b, { confidence: 0.95, resamples: 150, seed, holdOutShare: 0 });
      if (comparison.changes.some((c) => c.changed)) studiesWithAFlag += 1;
    }
    expect(studiesWithAFlag).toBeLessThan(6);
  });
});
