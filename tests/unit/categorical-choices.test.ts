/**
 * Values through a categorical answer: a choice among options, each serving a value, is read as that value's wins over
 * the other values at stake. By seeded simulation from a choice model with known utilities (P(option) ∝ exp(u)), the
 * ranking must recover the order and the utilities themselves, and its intervals cover them at about the nominal rate.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/main/core/analysis/bootstrap';
import type { PairedChoice } from '../../src/main/core/analysis/bradley-terry';
import { categoricalChoices } from '../../src/main/core/analysis/categorical-choices';
import { rankValues } from '../../src/main/core/analysis/value-ranking';
import { checkDefinition } from '../../src/main/core/definitions/expand';
import { definitionContentSchema } from '../../src/shared/definition-content';

const centred = (u: readonly number[]): number[] => {
  const m = u.reduce((s, x) => s + x, 0) / u.length;
  return u.map((x) => x - m);
};

/** Every triple of values offered as three options in a seeded order, `samples` answers each, chosen by exp(u). */
function simulate(utilities: readonly number[], samples: number, seed: number): PairedChoice[] {
  const random = seededRandom(seed);
  const choices: PairedChoice[] = [];
  const n = utilities.length;
  for (let i = 0; i < n; i += 1)
    for (let j = i + 1; j < n; j += 1)
      for (let k = j + 1; k < n; k += 1) {
        const options = [i, j, k];
        for (let m = options.length - 1; m > 0; m -= 1) {
          const r = Math.floor(random() * (m + 1));
          [options[m], options[r]] = [options[r]!, options[m]!];
        }
        const weights = options.map((v) => Math.exp(utilities[v]!));
        const total = weights.reduce((s, w) => s + w, 0);
        for (let s = 0; s < samples; s += 1) {
          let draw = random() * total;
          let chosen = 0;
          while (chosen < options.length - 1 && draw >= weights[chosen]!) draw -= weights[chosen++]!;
          choices.push(...categoricalChoices(options, chosen, `${i}-${j}-${k}`));
        }
      }
  return choices;
}

const TRUTH = centred([1.2, 0.8, 0.4, 0.1, -0.2, -0.5, -0.8, -1.0]);

describe('categorical answers read as values', () => {
  it('turns a choice into wins over the other values at stake, in the order shown', () => {
    expect(categoricalChoices([4, 7, null, 2], 1, 's', 3)).toEqual([
      { cluster: 's', first: 4, second: 7, firstShare: 0, count: 3 },
      { cluster: 's', first: 7, second: 2, firstShare: 1, count: 3 },
    ]);
    // An option serving no value, or one out of range, says nothing; two options of one value are one comparison.
    expect(categoricalChoices([4, 7, null], 2, 's')).toEqual([]);
    expect(categoricalChoices([4, 7], 5, 's')).toEqual([]);
    expect(categoricalChoices([4, 4, 7], 1, 's')).toEqual([
      { cluster: 's', first: 4, second: 7, firstShare: 1, count: 1 },
    ]);
  });

  it('recovers known utilities through a three-option design (8 values, every triple, 20 samples)', () => {
    const ranks = (x: readonly number[]): number[] => x.map((v) => x.filter((w) => w > v).length);
    for (const seed of [1, 2, 3, 4, 5]) {
      const ranking = rankValues(TRUTH.length, simulate(TRUTH, 20, seed), {
        confidence: 0.95,
        resamples: 100,
        seed,
        holdOutShare: 0.1,
      });
      const fitted = ranking.values.map((v) => v.utility.estimate);
      const error = fitted.map((u, i) => Math.abs(u - TRUTH[i]!));
      expect(error.reduce((s, e) => s + e, 0) / error.length, `seed ${seed}`).toBeLessThan(0.15);
      for (const [i, v] of ranking.values.entries()) expect(error[i]!, `seed ${seed}`).toBeLessThan(4 * v.utility.se!);
      const d2 = ranks(fitted).reduce((s, r, i) => s + (r - ranks(TRUTH)[i]!) ** 2, 0);
      expect(1 - (6 * d2) / (8 * 63), `seed ${seed}`).toBeGreaterThanOrEqual(0.95);
      // Options were shown in seeded orders, so pairs met both ways round: no position preference was planted.
      expect(Math.abs(ranking.positionBias!.estimate), `seed ${seed}`).toBeLessThan(4 * ranking.positionBias!.se!);
      expect(ranking.heldOut?.accuracy).toBeGreaterThan(0.5);
    }
  });

  it('covers the true utilities at about the nominal 95 % (seeded, 40 studies x 8 values)', () => {
    let covered = 0;
    let total = 0;
    for (let seed = 100; seed < 140; seed += 1) {
      const ranking = rankValues(TRUTH.length, simulate(TRUTH, 4, seed), {
        confidence: 0.95,
        resamples: 150,
        seed,
        holdOutShare: 0,
      });
      for (const v of ranking.values) {
        total += 1;
        if (v.utility.low! <= TRUTH[v.value]! && TRUTH[v.value]! <= v.utility.high!) covered += 1;
      }
    }
    expect(covered / total).toBeGreaterThan(0.88);
    expect(covered / total).toBeLessThan(0.995);
  });
});

describe('the check of optionValues', () => {
  const base = {
    name: 'Options',
    template: 'Which?',
    scale: [
      { code: 1, label: 'one' },
      { code: 2, label: 'two' },
    ],
  };
  const messages = (extra: Record<string, unknown>): string[] =>
    checkDefinition(definitionContentSchema.parse({ ...base, ...extra })).issues.map((i) => `${i.path}: ${i.message}`);

  it('accepts options on the scale serving two values', () => {
    expect(
      messages({
        optionValues: [
          { code: 1, value: 'Honesty' },
          { code: 2, value: 'Loyalty' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses a code twice, one value only, and optionValues beside values', () => {
    expect(
      messages({
        optionValues: [
          { code: 1, value: 'Honesty' },
          { code: 1, value: 'honesty' },
        ],
      }),
    ).toEqual([
      'optionValues[1].code: option 1 is given a value twice',
      'optionValues: the options must serve at least two different values',
    ]);
    expect(
      messages({
        values: { high: 'A', low: 'B' },
        optionValues: [
          { code: 1, value: 'Honesty' },
          { code: 2, value: 'Loyalty' },
        ],
      }),
    ).toEqual([
      'optionValues: say which value each end of the scale serves (values) or each option (optionValues), not both',
    ]);
  });
});
