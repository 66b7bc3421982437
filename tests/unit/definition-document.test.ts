/**
 * The editor's form operations on real texts: every sample set to its own values is byte-identical, and each edit
 * changes only the lines it must, over the shipped samples and seeded generated definitions in block YAML, flow YAML
 * and JSON, with comments that must survive.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import * as doc from '../../src/shared/definition-document';
import { definitionContentSchema } from '../../src/shared/definition-content';

const SAMPLES = join(__dirname, '../../resources/definitions');
const CORPUS = join(__dirname, '../fixtures/definitions/valid');
const samples = [
  ...readdirSync(SAMPLES).map((name) => ({ name, text: readFileSync(join(SAMPLES, name), 'utf8') })),
  // The shared corpus of valid files (the importer, CLI and JSON Schema tests read it too).
  ...readdirSync(CORPUS).map((name) => ({ name: `corpus/${name}`, text: readFileSync(join(CORPUS, name), 'utf8') })),
];

/** The old text's lines that an edit replaced: [first, last] (1-based), after trimming the common start and end. */
function changedLines(before: string, after: string): { first: number; last: number; added: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  return { first: head + 1, last: a.length - tail, added: b.length - tail - head };
}

function lineOf(text: string, needle: string): number {
  const index = text.indexOf(needle);
  expect(index, `"${needle}" in the text`).toBeGreaterThanOrEqual(0);
  return text.slice(0, index).split('\n').length;
}

describe('definition document: samples', () => {
  it.each(samples)('$name set to its own values is byte-identical', ({ text }) => {
    const form = doc.readForm(text);
    expect(form).not.toBeNull();
    if (!form) return;
    let out = text;
    for (const field of ['name', 'preamble', 'template'] as const) out = doc.setField(out, field, form[field]);
    form.dimensions.forEach((d, i) => {
      out = doc.renameDimension(out, i, d.name);
      d.levels.forEach((l, j) => {
        out = doc.setLevelLabel(out, i, j, l.label);
        out = doc.setLevelScore(out, i, j, l.score ?? 0);
        l.options.forEach((o, k) => (out = doc.setOption(out, i, j, k, o)));
      });
    });
    expect(out).toBe(text);
  });

  it('the council sample: a level label changes its one line, a new level adds one line', () => {
    const text = samples.find((s) => s.name === 'council-housing.yaml')?.text ?? '';
    const relabelled = doc.setLevelLabel(text, 0, 1, 'very high');
    const line = lineOf(text, 'label: high');
    expect(changedLines(text, relabelled)).toEqual({ first: line, last: line, added: 1 });
    expect(relabelled).toContain("{ score: 2, label: very high, options: ['people losing their homes'");

    const added = doc.addLevel(text, 1, 'certain');
    const after = lineOf(text, 'label: strong');
    expect(changedLines(text, added)).toEqual({ first: after + 1, last: after, added: 1 });
    expect(doc.readForm(added)?.dimensions[1]?.levels[2]).toEqual({
      score: 3,
      label: 'certain',
      options: ['option 3'],
    });

    const preamble = doc.setField(
      text,
      'preamble',
      doc.readForm(text)?.preamble.replace('3 - Neutral', '3 - Unsure') ?? '',
    );
    const neutral = lineOf(text, '3 - Neutral');
    expect(changedLines(text, preamble)).toEqual({ first: neutral, last: neutral, added: 1 });
  });

  it('the JSON sample stays JSON in its own layout', () => {
    const text = samples.find((s) => s.name.endsWith('.json'))?.text ?? '';
    const out = doc.addScaleEntry(doc.addLevel(doc.setField(text, 'name', 'Trolley "two"'), 0, 'many'), {
      code: 1,
      label: 'No',
    });
    const parsed = JSON.parse(out) as { name: string; dimensions: { levels: unknown[] }[]; scale: unknown[] };
    expect(parsed.name).toBe('Trolley "two"');
    expect(parsed.dimensions[0]?.levels).toHaveLength(4);
    expect(parsed.scale).toEqual([{ code: 1, label: 'No' }]);
    expect(out).toContain('{ "score": 4, "label": "many", "options": ["option 4"] }');
    expect(changedLines(text, doc.setField(text, 'name', 'X'))).toEqual({ first: 2, last: 2, added: 1 });
  });
});

/** A seeded generator (mulberry32) so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['tenants', "it's", 'a: colon', 'plain words', 'comma, here', '"quoted"', 'hash # sign', 'ünïcode'];

function generate(seed: number) {
  const random = rng(seed);
  const word = () => WORDS[Math.floor(random() * WORDS.length)] as string;
  const dims = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, d) => ({
    name: `Dim${d}`,
    levels: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, l) => ({
      score: l + 1,
      label: `${word()} ${l}`,
      options: Array.from({ length: 1 + Math.floor(random() * 2) }, () => word()),
    })),
  }));
  return {
    name: `Generated ${seed}`,
    preamble: 'Pick one.\n2 - Yes\n1 - No\n',
    template: `Think about ${dims.map((d) => `[${d.name}]`).join(' and ')}.`,
    dimensions: dims,
  };
}

function render(content: ReturnType<typeof generate>, style: number): string {
  if (style === 0) return `${JSON.stringify(content, null, 2)}\n`;
  const yaml = stringify(content, { lineWidth: 0, collectionStyle: style === 1 ? 'block' : 'any' });
  // Comments at the top, after the name and on a level line: they must all survive.
  return `# generated ${style}\n${yaml.replace(/^(name: .*)$/m, '$1 # the name')}`;
}

describe('definition document: generated definitions', () => {
  for (let seed = 1; seed <= 30; seed += 1) {
    for (const style of [0, 1, 2]) {
      it(`seed ${seed} style ${style}: each edit changes only its part`, () => {
        const content = generate(seed);
        const text = render(content, style);
        const comments = text.split('\n').filter((l) => l.includes('#') && !l.includes('hash'));
        const random = rng(seed * 7 + style);
        const d = Math.floor(random() * content.dimensions.length);
        const levels = content.dimensions[d]?.levels ?? [];
        const l = Math.floor(random() * levels.length);

        const relabelled = doc.setLevelLabel(text, d, l, 'new label, with: punctuation');
        expect(doc.readForm(relabelled)?.dimensions[d]?.levels[l]?.label).toBe('new label, with: punctuation');
        const changed = changedLines(text, relabelled);
        expect(changed.last - changed.first).toBeLessThanOrEqual(0);

        let out = doc.addLevel(text, d);
        out = doc.addOption(out, d, levels.length, 'another, wording');
        out = doc.moveLevel(out, d, levels.length, 0);
        out = doc.renameDimension(out, d, 'Renamed');
        out = doc.addDimension(out, 'Extra');
        out = doc.removeLevel(out, d, 1);
        const form = doc.readForm(out);
        const expected = structuredClone(content);
        const dimension = expected.dimensions[d] as (typeof expected.dimensions)[number];
        dimension.levels.unshift({
          score: levels.length + 1,
          label: `level ${levels.length + 1}`,
          options: [`option ${levels.length + 1}`, 'another, wording'],
        });
        dimension.levels.splice(1, 1);
        expected.template = `${expected.template.split(`[Dim${d}]`).join('[Renamed]')} [Extra]`;
        dimension.name = 'Renamed';
        expected.dimensions.push({ name: 'Extra', levels: [{ score: 1, label: 'low', options: ['a extra option'] }] });
        expect(form).toEqual({ ...expected, scale: null });
        expect(definitionContentSchema.safeParse(parse(out)).success).toBe(true);
        for (const comment of comments) expect(out).toContain(comment);
        if (style === 0) expect(() => JSON.parse(out) as unknown).not.toThrow();
      });
    }
  }
});

describe('definition document: refusals', () => {
  it('a text with syntax errors is not edited by the form', () => {
    const broken = 'name: x\npreamble: End with "Rating: N".: bad\n  - oops';
    expect(doc.readForm(broken)).toBeNull();
    expect(() => doc.setField(broken, 'name', 'y')).toThrow(doc.DocumentEditError);
  });

  it('a missing key is added at the end of its mapping', () => {
    expect(doc.setField('name: x\ntemplate: t\n', 'preamble', 'P')).toBe('name: x\ntemplate: t\npreamble: P\n');
    expect(doc.setField('{ "name": "x" }', 'template', 'T')).toBe('{ "name": "x", "template": "T" }');
  });
});

describe('definition document: anchors and folded text', () => {
  it('refuses a form edit inside a repeated anchor, in words, and leaves the text', () => {
    const text =
      'name: x\ntemplate: "[A] [B]"\ndimensions:\n  - name: A\n    levels: &levels\n      - { score: 1, label: l, options: [o] }\n  - name: B\n    levels: *levels\n';
    expect(() => doc.setLevelLabel(text, 1, 0, 'changed')).toThrow(/anchor/);
    expect(doc.setLevelLabel(text, 1, 0, 'l')).toBe(text);
    expect(doc.setLevelLabel(text, 0, 0, 'changed')).toContain('label: changed');
  });
});
