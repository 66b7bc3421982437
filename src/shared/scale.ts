/**
 * The answer scale a definition means: an explicit `scale:` block exactly as written, else the whole integer range
 * from the lowest to the highest "N - label" code of the preamble (the common Likert anchoring labels only the ends),
 * else a range the preamble states ("on 1-5"). The importer says which scale it understood and warns when the
 * preamble is ambiguous. The Python worker's reader (python/valuerank_worker/decision.py) reads back every code this
 * returns: tests/unit/scale-reader.test.ts holds the two to each other over generated scales.
 */
import type { DefinitionContent, ScaleEntry } from './domain';

/** Minus signs accepted before a negative code; the worker's reader accepts the same set (MINUS_CHARS). */
export const MINUS_CHARS = '-\u2212\u2013\ufe63\uff0d';

/** Past this many codes a range is not filled in (a 0–1000 "scale" is a slider, not a set of decisions). */
export const MAX_FILLED_CODES = 1001;

const SCALE_LINE = new RegExp(`^\\s*([${MINUS_CHARS}]?\\d+)\\s*[-–—:.)]\\s+(\\S.*?)\\s*$`);
const STATED_RANGE = new RegExp(
  `(?:^|[^\\d${MINUS_CHARS}])([${MINUS_CHARS}]?\\d+)\\s*(?:-|–|—|to|through)\\s*([${MINUS_CHARS}]?\\d+)(?!\\d)`,
  'gi',
);

/** An integer code whichever minus sign it is written with. */
export function parseCode(text: string): number {
  const first = text.charAt(0);
  return MINUS_CHARS.includes(first) && first !== '' ? -Number(text.slice(1)) : Number(text);
}

/** A code as people read it: a real minus sign, so "−2 to 2" is not mistaken for a dash. */
export function formatCode(code: number): string {
  return code < 0 ? `\u2212${-code}` : String(code);
}

export interface UnderstoodScale {
  /** Every code, lowest first; unlabelled codes carry their number as label (the reader never matches a bare number). */
  scale: ScaleEntry[];
  /** Where it came from. */
  source: 'explicit' | 'preamble_labels' | 'preamble_range' | 'none';
  /** The codes the definition labels. */
  labelled: number[];
  /** What the importer understood, in one line: "1 to 5, labelled at 1 and 5". */
  summary: string;
  warnings: string[];
}

function listCodes(codes: number[]): string {
  const shown = codes.map(formatCode);
  if (shown.length <= 1) return shown.join('');
  if (shown.length > 8) return `${shown.slice(0, 6).join(', ')}, … and ${shown[shown.length - 1]!}`;
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]!}`;
}

/** Codes the preamble's "N - label" lines give more than once (each would make its answers ambiguous). */
export function repeatedPreambleCodes(preamble: string): number[] {
  const seen = new Set<number>();
  const repeated = new Set<number>();
  for (const line of preamble.split(/\r?\n/)) {
    const match = SCALE_LINE.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const code = parseCode(match[1]);
    if (seen.has(code)) repeated.add(code);
    seen.add(code);
  }
  return [...repeated];
}

/** Only a line about the answer ("Answer with Rating: N on 1-5") states its range; "in 2020-2021" does not. */
const ABOUT_THE_ANSWER = /\b(?:rating|rate|scale|answer|score)\b/i;

function statedRanges(lines: string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of lines.filter((l) => ABOUT_THE_ANSWER.test(l))) {
    for (const match of line.matchAll(STATED_RANGE)) {
      const a = parseCode(match[1] ?? '');
      const b = parseCode(match[2] ?? '');
      if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && a < b) out.push([a, b]);
    }
  }
  return out;
}

function fill(low: number, high: number, labels: Map<number, string>): ScaleEntry[] {
  const out: ScaleEntry[] = [];
  for (let code = low; code <= high; code += 1) out.push({ code, label: labels.get(code) ?? String(code) });
  return out;
}

/** The scale a definition means, what the importer understood, and what is ambiguous about it. */
export function understandScale(content: DefinitionContent): UnderstoodScale {
  if (content.scale && content.scale.length > 0) {
    const scale = [...content.scale].sort((a, b) => a.code - b.code);
    const codes = scale.map((s) => s.code);
    return {
      scale,
      source: 'explicit',
      labelled: codes,
      summary: `the scale block's ${codes.length} code${codes.length === 1 ? '' : 's'}: ${listCodes(codes)}`,
      warnings: [],
    };
  }
  const labels = new Map<number, string>();
  const prose: string[] = [];
  for (const line of content.preamble.split(/\r?\n/)) {
    const match = SCALE_LINE.exec(line);
    const code = match?.[1] ? parseCode(match[1]) : Number.NaN;
    // A repeated code keeps its first label; checkDefinition refuses the definition (repeatedPreambleCodes).
    if (match?.[2] && Number.isSafeInteger(code)) {
      if (!labels.has(code)) labels.set(code, match[2]);
    } else prose.push(line);
  }
  const ranges = statedRanges(prose);
  const warnings: string[] = [];
  if (labels.size === 0) {
    const [range, ...others] = ranges;
    if (range && others.every(([a, b]) => a === range[0] && b === range[1]) && range[1] - range[0] < MAX_FILLED_CODES) {
      const scale = fill(range[0], range[1], labels);
      return {
        scale,
        source: 'preamble_range',
        labelled: [],
        summary: `${formatCode(range[0])} to ${formatCode(range[1])} as the preamble states, no code labelled`,
        warnings: ['the answer scale has no labels: only numbers ("Rating: N", "I choose N") can be read as answers'],
      };
    }
    return { scale: [], source: 'none', labelled: [], summary: 'no answer scale', warnings };
  }
  const labelled = [...labels.keys()].sort((a, b) => a - b);
  const low = labelled[0]!;
  const high = labelled[labelled.length - 1]!;
  const whole = `${formatCode(low)} to ${formatCode(high)}`;
  for (const [a, b] of ranges) {
    if (a !== low || b !== high) {
      warnings.push(
        `the preamble mentions the range ${formatCode(a)} to ${formatCode(b)}, but its labelled codes span ${whole}: ` +
          `answers are read on ${whole}; add a \`scale:\` block listing every code if another range is meant`,
      );
    }
  }
  if (high - low >= MAX_FILLED_CODES) {
    warnings.push(
      `the labelled codes span ${whole}, too wide to read as one integer scale: only the labelled codes are read`,
    );
    const scale = labelled.map((code) => ({ code, label: labels.get(code)! }));
    return { scale, source: 'preamble_labels', labelled, summary: `${listCodes(labelled)} only`, warnings };
  }
  const scale = fill(low, high, labels);
  const every = labelled.length === scale.length;
  return {
    scale,
    source: 'preamble_labels',
    labelled,
    summary: every ? `${whole}, every code labelled` : `${whole}, labelled at ${listCodes(labelled)}`,
    warnings,
  };
}

/** The decision scale, lowest code first (see understandScale). */
export function resolveScale(content: DefinitionContent): ScaleEntry[] {
  return understandScale(content).scale;
}
