/** Pairwise value designs: every pair or a seeded connected design, both orders, stable ids, checks in words. */
import { describe, expect, it } from 'vitest';
import { checkDefinition, expandScenarios, scenarioAt, scenarioCount } from '../../src/main/core/definitions/expand';
import { designPairs } from '../../src/main/core/definitions/pairwise';
import { definitionContentSchema, type PairwiseDesign } from '../../src/shared/definition-content';

const values = (n: number): PairwiseDesign['values'] =>
  Array.from({ length: n }, (_, i) => ({ name: `Value ${i + 1}`, statement: `statement ${i + 1}` }));

const content = (
  pairwise: Partial<PairwiseDesign> & { values: PairwiseDesign['values'] },
  template = 'A: [A] or B: [B]?',
) =>
  definitionContentSchema.parse({
    name: 'Pairs',
    template,
    preamble: 'Answer "Rating: 1" for A, "Rating: 2" for B.',
    pairwise,
  });

function connected(n: number, pairs: [number, number][]): boolean {
  const seen = new Set([0]);
  const stack = [0];
  while (stack.length > 0) {
    const at = stack.pop()!;
    for (const [i, j] of pairs)
      for (const [from, to] of [
        [i, j],
        [j, i],
      ] as const)
        if (from === at && !seen.has(to)) {
          seen.add(to);
          stack.push(to);
        }
  }
  return seen.size === n;
}

describe('pairwise designs', () => {
  it('asks every pair in both orders by default', () => {
    const c = content({ values: values(5) });
    expect(designPairs(c.pairwise!)).toHaveLength(10);
    expect(scenarioCount(c)).toBe(20);
    const scenarios = [...expandScenarios(c)];
    expect(scenarios).toHaveLength(20);
    expect(scenarios[0]).toMatchObject({ id: 'P1_2', prompt: 'A: statement 1 or B: statement 2?' });
    expect(scenarios[1]).toMatchObject({ id: 'P2_1', prompt: 'A: statement 2 or B: statement 1?' });
    expect(scenarios[1]!.dimensions).toEqual({
      A: { score: 2, label: 'Value 2', option: 'statement 2' },
      B: { score: 1, label: 'Value 1', option: 'statement 1' },
    });
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(20);
    // The editor's preview builds one scenario at a time: the same as the expansion's.
    for (const ordinal of [0, 1, 7, 19]) expect(scenarioAt(c, ordinal)).toEqual(scenarios[ordinal]);
    expect(checkDefinition(c).issues).toEqual([]);
  });

  it('builds a seeded design of the chosen degree that connects every value', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const design = { values: values(30), degree: 4, seed };
      const pairs = designPairs(design);
      const degree = new Array<number>(30).fill(0);
      for (const [i, j] of pairs) {
        degree[i]! += 1;
        degree[j]! += 1;
      }
      expect(Math.min(...degree)).toBeGreaterThanOrEqual(2);
      expect(Math.max(...degree)).toBeLessThanOrEqual(4);
      expect(pairs.length).toBeGreaterThan(50);
      expect(connected(30, pairs)).toBe(true);
      expect(designPairs(design)).toEqual(pairs);
    }
    expect(designPairs({ values: values(30), degree: 4, seed: 1 })).not.toEqual(
      designPairs({ values: values(30), degree: 4, seed: 2 }),
    );
  });

  it('refuses what would not work, in words', () => {
    const issues = (c: ReturnType<typeof content>) => checkDefinition(c).issues.map((i) => i.message);
    expect(issues(content({ values: values(3) }, 'Only [A] here'))).toContain(
      'a pairwise template shows both sides: [B] is missing',
    );
    const twice = content({ values: [...values(2), { name: 'value 1', statement: 'again' }] });
    expect(issues(twice)).toContain('value "value 1" is listed twice');
    const withDimensions = definitionContentSchema.parse({
      ...content({ values: values(2) }),
      dimensions: [{ name: 'A', levels: [{ score: 1, label: 'x', options: ['y'] }] }],
    });
    expect(issues(withDimensions)).toContain('a pairwise design takes no dimensions: its two sides are [A] and [B]');
    expect(
      definitionContentSchema.safeParse({ name: 'x', template: '[A][B]', pairwise: { values: values(1) } }).success,
    ).toBe(false);
  });
});
