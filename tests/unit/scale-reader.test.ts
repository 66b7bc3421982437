/**
 * The importer's scale grammar and the Python worker's reader held to each other: scales generated from a seed are
 * written into preambles (signed codes, typographic minus signs, labels at the ends only or everywhere, stated
 * ranges, explicit scale blocks), the importer resolves each, and the real Python reader (a python3 process reading
 * the same corpus) must read every code of every resolved scale back from each way an answer can state it.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../src/main/core/definitions/expand';
import { formatCode, understandScale } from '../../src/shared/scale';
import { seededRandom } from '../../src/main/core/analysis/bootstrap';
import type { DefinitionContent, ScaleEntry } from '../../src/shared/domain';

const WORDS = ['oppose', 'support', 'strongly', 'neutral', 'lean', 'firmly', 'tenant', 'landlord', 'council', 'mild'];
const MINUS = ['-', '\u2212', '\u2013'];
const SEPARATORS = [' - ', ' – ', ': ', '. ', ') ', ' — '];

interface Case {
  content: DefinitionContent;
  expectedCodes: number[];
}

function generate(count: number, seed: number): Case[] {
  const random = seededRandom(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const code = (c: number): string => (c < 0 ? `${pick(MINUS)}${-c}` : String(c));
  const cases: Case[] = [];
  for (let i = 0; i < count; i += 1) {
    const low = int(-5, 3);
    const high = low + int(1, 10);
    const codes = Array.from({ length: high - low + 1 }, (_, k) => low + k);
    // Unique labels of distinct words, so no label is a phrase inside another.
    const label = (c: number): string => `${pick(WORDS)} ${WORDS[(c - low) % WORDS.length]!}${c - low}x`;
    const style = int(0, 3);
    const labelled = codes.filter((c) => c === low || c === high || (style === 1 && random() < 0.5) || style === 2);
    const base = { name: `scale ${i}`, template: 'Decide.', dimensions: [] };
    if (style === 3) {
      const scale: ScaleEntry[] = codes.map((c) => ({ code: c, label: label(c) }));
      cases.push({ content: { ...base, preamble: 'Answer.', scale }, expectedCodes: codes });
      continue;
    }
    const lines = [...labelled].reverse().map((c) => `${code(c)}${pick(SEPARATORS)}${label(c)}`);
    const stated = `Answer with "Rating: N" on ${code(low)} to ${code(high)}.`;
    const preamble = [random() < 0.5 ? stated : 'Give your judgment.', ...lines].join('\n');
    cases.push({ content: { ...base, preamble }, expectedCodes: codes });
  }
  return cases;
}

function answersFor(entry: ScaleEntry): string[] {
  const c = entry.code;
  const answers = [
    `Some reasoning.\n\nRating: ${c}`,
    `**Rating:** ${c}`,
    `Rating: **${formatCode(c)}**`,
    `On balance I choose ${c}.`,
  ];
  if (c < 0) answers.push(`Rating: \u2212${-c}`, `Rating: \u2013${-c}`);
  if (entry.label !== String(c)) answers.push(`${formatCode(c)} - ${entry.label}`, `${c} - ${entry.label}`);
  return answers;
}

interface Read {
  score: number | null;
  parsePath: string;
}

/** The worker's own reader, in a real python3 process, over the whole corpus at once. */
function readInPython(items: Array<{ scale: ScaleEntry[]; reply: string }>): Read[] {
  const script = [
    'import json, sys',
    'from valuerank_worker.decision import extract_decision',
    'items = json.load(sys.stdin)',
    'json.dump([extract_decision(i["reply"], i["scale"]) for i in items], sys.stdout)',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script], {
    cwd: join(__dirname, '../../python'),
    input: JSON.stringify(items),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Read[];
}

describe('the importer and the worker read the same scales', () => {
  it('every code the importer accepts is read back by the worker, and codes off the scale are not', () => {
    const cases = generate(300, 20261204);
    const items: Array<{ scale: ScaleEntry[]; reply: string; expected: number | null }> = [];
    for (const { content, expectedCodes } of cases) {
      expect(checkDefinition(content).issues).toEqual([]);
      const { scale } = understandScale(content);
      expect(scale.map((e) => e.code)).toEqual(expectedCodes);
      for (const entry of scale)
        for (const reply of answersFor(entry)) items.push({ scale, reply, expected: entry.code });
      const outside = expectedCodes[expectedCodes.length - 1]! + 1;
      items.push({ scale, reply: `Rating: ${outside}`, expected: null });
      items.push({ scale, reply: `Rating: ${expectedCodes[0]! - 1}`, expected: null });
    }
    expect(items.length).toBeGreaterThan(3000);
    const reads = readInPython(items.map(({ scale, reply }) => ({ scale, reply })));
    const wrong = items
      .map((item, i) => ({ ...item, got: reads[i]!.score }))
      .filter((item) => item.got !== item.expected)
      .map(({ reply, expected, got, scale }) => ({ reply, expected, got, codes: scale.map((e) => e.code) }));
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});

describe('understandScale', () => {
  const base = { name: 'n', template: 't', dimensions: [] };

  it('reads a scale labelled at its ends as the whole integer range and says so', () => {
    const preamble = 'Answer with "Rating: N" on 1-5.\n5 - Strongly support\n1 - Strongly oppose';
    const understood = understandScale({ ...base, preamble });
    expect(understood.scale.map((e) => e.code)).toEqual([1, 2, 3, 4, 5]);
    expect(understood.scale[2]).toEqual({ code: 3, label: '3' });
    expect(understood.summary).toBe('1 to 5, labelled at 1 and 5');
    expect(understood.warnings).toEqual([]);
  });

  it('reads negative and zero codes, with any minus sign', () => {
    const preamble = '\u22122 \u2013 Strongly oppose\n0 - Neither\n2 - Strongly support';
    const understood = understandScale({ ...base, preamble });
    expect(understood.scale.map((e) => e.code)).toEqual([-2, -1, 0, 1, 2]);
    expect(understood.summary).toBe('\u22122 to 2, labelled at \u22122, 0 and 2');
  });

  it('warns when the stated range and the labelled codes disagree', () => {
    const preamble = 'Rate on a scale of 1 to 7.\n5 - Support\n1 - Oppose';
    const understood = understandScale({ ...base, preamble });
    expect(understood.scale.map((e) => e.code)).toEqual([1, 2, 3, 4, 5]);
    expect(understood.warnings.join()).toMatch(/mentions the range 1 to 7.*span 1 to 5/);
    expect(checkDefinition({ ...base, preamble }).warnings.join()).toMatch(/range 1 to 7/);
  });

  it('takes a stated range when nothing is labelled, and ignores numbers that are not about the answer', () => {
    const understood = understandScale({ ...base, preamble: 'Answer with "Rating: N" on 0-10.' });
    expect(understood.scale).toHaveLength(11);
    expect(understood.source).toBe('preamble_range');
    expect(understood.warnings.join()).toMatch(/no labels/);
    expect(understandScale({ ...base, preamble: 'In 2020-2021 the council met.' }).source).toBe('none');
  });

  it('keeps an explicit scale block as written, and does not fill a range too wide to be a scale', () => {
    const scale = [
      { code: 10, label: 'Ten' },
      { code: 1, label: 'One' },
    ];
    expect(understandScale({ ...base, preamble: '', scale }).scale.map((e) => e.code)).toEqual([1, 10]);
    const wide = understandScale({ ...base, preamble: '0 - none\n5000 - all' });
    expect(wide.scale.map((e) => e.code)).toEqual([0, 5000]);
    expect(wide.warnings.join()).toMatch(/too wide/);
  });

  it('refuses a preamble that labels one code twice', () => {
    const issues = checkDefinition({ ...base, template: 'x', preamble: '1 - a\n1 - b\n2 - c' }).issues;
    expect(issues.map((i) => i.message).join()).toMatch(/codes must be distinct; 1 appears/);
  });
});
