import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkDefinition,
  contentHash,
  expandScenarios,
  placeholdersOf,
  resolveScale,
  scenarioCount,
} from '../../src/main/core/definitions/expand';
import { loadDefinitionParser } from '../../src/main/core/definitions/parse';
import { AppError } from '../../src/shared/errors';

const parseDefinitionText = await loadDefinitionParser();

const sample = readFileSync(join(__dirname, '../../resources/definitions/council-housing.yaml'), 'utf8');

function issuesOf(fn: () => unknown): { path: string; line: number | null; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DEFINITION_INVALID');
    return ((error as AppError).details as { issues: { path: string; line: number | null; message: string }[] }).issues;
  }
  throw new Error('expected the definition to be rejected');
}

describe('parseDefinitionText', () => {
  it('parses the shipped YAML sample', () => {
    const content = parseDefinitionText('council-housing.yaml', sample);
    expect(content.name).toBe('Council housing dilemma');
    expect(content.dimensions.map((d) => d.name)).toEqual(['Stakes', 'Certainty']);
    expect(scenarioCount(content)).toBe(4);
  });

  it('parses the shipped JSON sample', () => {
    const text = readFileSync(join(__dirname, '../../resources/definitions/trolley-variants.json'), 'utf8');
    const content = parseDefinitionText('trolley-variants.json', text);
    expect(scenarioCount(content)).toBe(12);
    expect(checkDefinition(content).issues).toEqual([]);
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf(() => parseDefinitionText('bad.yaml', 'name: x\ntemplate: [unclosed\n  dimensions: :\n'));
    expect(issues[0]?.line).toBeGreaterThan(0);
  });

  it('names the field and line of a schema error', () => {
    const text =
      'name: Broken\ntemplate: "A [Stakes]"\ndimensions:\n  - name: Stakes\n    levels:\n      - score: one\n        label: low\n        options: [a]\n';
    const issues = issuesOf(() => parseDefinitionText('broken.yaml', text));
    expect(issues[0]?.path).toBe('dimensions[0].levels[0].score');
    expect(issues[0]?.line).toBe(6);
  });

  it('rejects empty levels and a missing template', () => {
    const text = 'name: Empty\ndimensions:\n  - name: A\n    levels: []\n';
    const paths = issuesOf(() => parseDefinitionText('empty.yaml', text)).map((i) => i.path);
    expect(paths).toContain('template');
    expect(paths).toContain('dimensions[0].levels');
  });

  it('rejects a document that is not a mapping', () => {
    expect(issuesOf(() => parseDefinitionText('list.yaml', '- a\n- b\n'))[0]?.message).toMatch(/mapping/);
  });
});

describe('checkDefinition and expandScenarios', () => {
  const base = parseDefinitionText('council-housing.yaml', sample);

  it('expands the cartesian product with stable ids, dimension values and full prompts', () => {
    const scenarios = [...expandScenarios(base)];
    expect(scenarios.map((s) => s.id)).toEqual([
      'Stakes1_Certainty1',
      'Stakes1_Certainty2',
      'Stakes2_Certainty1',
      'Stakes2_Certainty2',
    ]);
    const s = scenarios[3]!;
    expect(s.dimensions.Stakes).toMatchObject({ score: 2, label: 'high' });
    expect(s.prompt).toContain("a signed engineer's report");
    expect(s.prompt).not.toMatch(/\[(Stakes|Certainty)\]/);
    expect(s.name).toBe('Stakes: high (2), Certainty: strong (2)');
  });

  it('chooses options deterministically from the seed', () => {
    const first = [...expandScenarios(base)].map((s) => s.prompt);
    expect([...expandScenarios(base)].map((s) => s.prompt)).toEqual(first);
    const seeds = new Set<string>();
    for (let seed = 0; seed < 20; seed += 1)
      seeds.add([...expandScenarios({ ...base, seed })].map((s) => s.prompt).join('|'));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('yields one scenario for a definition without dimensions', () => {
    const content = parseDefinitionText('plain.yaml', 'name: Plain\ntemplate: Is lying ever right?\n');
    expect(checkDefinition(content).issues).toEqual([]);
    const scenarios = [...expandScenarios(content)];
    expect(scenarios).toHaveLength(1);
    expect(scenarios[0]).toMatchObject({ id: 'default', prompt: 'Is lying ever right?', dimensions: {} });
  });

  it('reports unknown placeholders, unused dimensions and duplicate scores', () => {
    const content = parseDefinitionText(
      'x.yaml',
      'name: X\ntemplate: "[Stakes] and [Typo]"\ndimensions:\n  - name: Stakes\n    levels:\n      - {score: 1, label: a, options: [x]}\n      - {score: 1, label: b, options: [y]}\n  - name: Unused\n    levels:\n      - {score: 1, label: a, options: [x]}\n',
    );
    const messages = checkDefinition(content)
      .issues.map((i) => i.message)
      .join('\n');
    expect(messages).toMatch(/\[Typo\] has no dimension/);
    expect(messages).toMatch(/"Unused" is never used/);
    expect(messages).toMatch(/distinct scores/);
  });

  it('refuses an answer scale that gives one code two labels, from scale: or from the preamble', () => {
    const fromPreamble = parseDefinitionText(
      'p.yaml',
      'name: P\npreamble: "2 - Yes\\n2 - Duplicate yes\\n1 - No"\ntemplate: "Q?"\n',
    );
    expect(checkDefinition(fromPreamble).issues).toEqual([
      expect.objectContaining({
        path: 'preamble',
        message: expect.stringMatching(/codes must be distinct; 2 appears/),
      }),
    ]);
    const explicit = parseDefinitionText(
      's.yaml',
      'name: S\ntemplate: "Q?"\nscale:\n  - {code: 1, label: a}\n  - {code: 1, label: b}\n',
    );
    expect(checkDefinition(explicit).issues.map((i) => i.path)).toEqual(['scale']);
  });

  it('warns above 1,000 scenarios and refuses huge products', () => {
    const dims = (n: number, levels: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `D${i}`,
        levels: Array.from({ length: levels }, (_, s) => ({ score: s, label: `l${s}`, options: ['o'] })),
      }));
    const template = (n: number) => Array.from({ length: n }, (_, i) => `[D${i}]`).join(' ');
    const big = { ...base, template: template(3), dimensions: dims(3, 11) };
    expect(checkDefinition(big).warnings.join()).toMatch(/1,331 scenarios/);
    const huge = { ...base, template: template(6), dimensions: dims(6, 10) };
    expect(
      checkDefinition(huge)
        .issues.map((i) => i.message)
        .join(),
    ).toMatch(/limit is 100,000/);
  });

  it('reads the answer scale from the preamble, or from scale:', () => {
    expect(resolveScale(base).map((e) => e.code)).toEqual([1, 2, 3, 4, 5]);
    expect(resolveScale({ ...base, scale: [{ code: 7, label: 'Seven' }] })).toEqual([{ code: 7, label: 'Seven' }]);
    expect(checkDefinition({ ...base, preamble: 'no scale here' }).warnings.join()).toMatch(/no answer scale/);
  });

  it('hashes content canonically', () => {
    const reordered = {
      template: base.template,
      name: base.name,
      preamble: base.preamble,
      dimensions: base.dimensions,
    };
    expect(contentHash(reordered)).toBe(contentHash(base));
    expect(contentHash({ ...base, name: 'Other' })).not.toBe(contentHash(base));
    expect(placeholdersOf('[A] [B] [A]')).toEqual(['A', 'B']);
  });
});
