/** Counterbalancing in the expansion: counts, labels, the seeded balanced half, and the reversed scale's mapping. */
import { describe, expect, it } from 'vitest';
import { definitionContentSchema, type DefinitionContentInput } from '../../src/shared/domain';
import { checkDefinition, expandScenarios, scenarioCount } from '../../src/main/core/definitions/expand';
import { reversedInHalf } from '../../src/main/core/definitions/counterbalance';
import { reversedScale } from '../../src/shared/scale-order';

const base: DefinitionContentInput = {
  name: 'CB',
  preamble: 'Answer "Rating: N".\n1 - Keep the promise\n3 - Torn\n5 - Help the stranger',
  template: 'You promised [Friend]; a stranger [Need].',
  dimensions: [
    {
      name: 'Friend',
      levels: [
        { score: 1, label: 'acq', options: ['an acquaintance', 'a colleague', 'a neighbour'] },
        { score: 2, label: 'close', options: ['your best friend'] },
      ],
    },
    {
      name: 'Need',
      levels: [
        { score: 1, label: 'minor', options: ['asks the way', 'asks the time'] },
        { score: 2, label: 'urgent', options: ['collapsed'] },
        { score: 3, label: 'dire', options: ['is drowning'] },
      ],
    },
  ],
};
const make = (counterbalance?: DefinitionContentInput['counterbalance']) =>
  definitionContentSchema.parse({ ...base, ...(counterbalance ? { counterbalance } : {}) });

describe('counterbalanced expansion', () => {
  it('leaves a definition without counterbalancing exactly as before (ids, prompts, no labels)', () => {
    const plain = [...expandScenarios(make())];
    const picked = [...expandScenarios(make({ wording: 'pick', order: 'none' }))];
    expect(picked).toEqual(plain);
    expect(plain.map((s) => s.id)).toEqual([
      'Friend1_Need1',
      'Friend1_Need2',
      'Friend1_Need3',
      'Friend2_Need1',
      'Friend2_Need2',
      'Friend2_Need3',
    ]);
    expect(plain.every((s) => s.wording === null && s.order === null)).toBe(true);
  });

  it('crosses wording (3 variants: the most options of any level) and order (2) as factors of the count', () => {
    expect(scenarioCount(make({ wording: 'cross' }))).toBe(6 * 3);
    expect(scenarioCount(make({ order: 'crossed' }))).toBe(6 * 2);
    expect(scenarioCount(make({ wording: 'cross', order: 'crossed' }))).toBe(6 * 3 * 2);
    expect(scenarioCount(make({ wording: 'rotate', order: 'half' }))).toBe(6);
    const all = [...expandScenarios(make({ wording: 'cross', order: 'crossed' }))];
    expect(new Set(all.map((s) => s.id)).size).toBe(36);
    expect(all.slice(0, 6).map((s) => [s.id, s.wording, s.order])).toEqual([
      ['Friend1_Need1_w1', 'w1', 'canonical'],
      ['Friend1_Need1_w1_rev', 'w1', 'reversed'],
      ['Friend1_Need1_w2', 'w2', 'canonical'],
      ['Friend1_Need1_w2_rev', 'w2', 'reversed'],
      ['Friend1_Need1_w3', 'w3', 'canonical'],
      ['Friend1_Need1_w3_rev', 'w3', 'reversed'],
    ]);
    // Variant k of a level with fewer options wraps around: w3 of a two-option level is its first option.
    expect(all[4]!.prompt).toBe('You promised a neighbour; a stranger asks the way.');
    expect(all[0]!.prompt).toBe('You promised an acquaintance; a stranger asks the way.');
  });

  it('rotates wording across scenarios deterministically, one scenario per combination', () => {
    const rotated = [...expandScenarios(make({ wording: 'rotate' }))];
    expect(rotated.map((s) => s.wording)).toEqual(['w1', 'w2', 'w3', 'w1', 'w2', 'w3']);
    expect(rotated.map((s) => s.dimensions.Friend!.option).slice(0, 3)).toEqual([
      'an acquaintance',
      'a colleague',
      'a neighbour',
    ]);
    expect([...expandScenarios(make({ wording: 'rotate' }))]).toEqual(rotated);
  });

  it('reverses a seeded, exactly balanced half, and another seed chooses a different half', () => {
    for (const n of [2, 10, 101, 1000]) {
      const reversed = Array.from({ length: n }, (_, b) => reversedInHalf(7, b)).filter(Boolean).length;
      expect(Math.abs(reversed - n / 2)).toBeLessThanOrEqual(0.5);
    }
    const a = Array.from({ length: 200 }, (_, b) => reversedInHalf(1, b));
    const b = Array.from({ length: 200 }, (_, i) => reversedInHalf(2, i));
    expect(a).not.toEqual(b);
    const half = [...expandScenarios(make({ order: 'half' }))];
    expect(half.filter((s) => s.order === 'reversed')).toHaveLength(3);
    expect(half.map((s) => s.id)).toEqual([...expandScenarios(make())].map((s) => s.id));
  });

  it('mirrors the scale: labels swap ends in the text, and a presented code maps back to the canonical one', () => {
    const content = make({ order: 'crossed' });
    const r = reversedScale(content);
    expect(r.reverseText(content.preamble)).toBe(
      'Answer "Rating: N".\n1 - Help the stranger\n3 - Torn\n5 - Keep the promise',
    );
    expect([1, 2, 3, 4, 5].map(r.mirror)).toEqual([5, 4, 3, 2, 1]);
    expect(r.mirror(9)).toBe(9);
    expect(r.presented.find((e) => e.code === 1)?.label).toBe('Help the stranger');
  });

  it('refuses reversal without a labelled, mirrorable scale, and counterbalancing a pairwise design', () => {
    const noScale = definitionContentSchema.parse({ ...base, preamble: '', counterbalance: { order: 'half' } });
    expect(
      checkDefinition(noScale)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/needs an answer scale/);
    const lopsided = definitionContentSchema.parse({
      ...base,
      preamble: '1 - no\n2 - maybe\n5 - yes',
      counterbalance: { order: 'half' },
    });
    expect(
      checkDefinition(lopsided)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/2 has no labelled partner/);
    const pairwise = definitionContentSchema.parse({
      name: 'P',
      template: '[A] or [B]? 1 - A\n2 - B',
      pairwise: {
        values: [
          { name: 'x', statement: 'X' },
          { name: 'y', statement: 'Y' },
        ],
      },
      counterbalance: { order: 'crossed' },
    });
    expect(
      checkDefinition(pairwise)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/already asked in both orders/);
    expect(checkDefinition(make({ wording: 'cross', order: 'crossed' })).issues).toEqual([]);
  });
});
