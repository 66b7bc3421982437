/** Expands a definition into scenarios: the cartesian product of dimension levels, with stable ids and prompt text. */
import { createHash } from 'node:crypto';
import { LARGE_RUN_SCENARIOS, type DefinitionContent, type DimensionValue } from '../../../shared/domain';
import type { DefinitionIssue } from './parse';
import { repeatedPreambleCodes, resolveScale, understandScale } from '../../../shared/scale';
import { optionValueIssues } from './option-values';
import { PAIRWISE_SIDES, pairwiseScenarioAt, pairwiseScenarioCount } from './pairwise';
import { counterbalanceIssues, designOf, variantAt } from './counterbalance';
import { reversedScale, type OrderVariant } from '../../../shared/scale-order';

export { resolveScale };

export const MAX_SCENARIOS = 100_000;

export interface ExpandedScenario {
  id: string;
  ordinal: number;
  name: string;
  dimensions: Record<string, DimensionValue>;
  prompt: string;
  /** The wording variant ("w1", "w2", …) under `counterbalance.wording` rotate or cross; null when picked. */
  wording: string | null;
  /** The scale's direction under `counterbalance.order` half or crossed; null when the order is not varied. */
  order: OrderVariant | null;
}

const PLACEHOLDER = /\[([A-Za-z][A-Za-z0-9_ -]*)\]/g;

export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

export function scenarioCount(content: DefinitionContent): number {
  if (content.pairwise) return pairwiseScenarioCount(content.pairwise);
  return designOf(content).total;
}

/** Problems that stop a definition from being used, reported before anything runs. */
export function checkDefinition(content: DefinitionContent): { issues: DefinitionIssue[]; warnings: string[] } {
  const issues: DefinitionIssue[] = [];
  const warnings: string[] = [];
  const names = content.pairwise ? [...PAIRWISE_SIDES] : content.dimensions.map((d) => d.name);
  const used = placeholdersOf(content.template);
  if (content.pairwise) {
    if (content.dimensions.length > 0)
      issues.push({
        path: 'dimensions',
        line: null,
        column: null,
        message: 'a pairwise design takes no dimensions: its two sides are [A] and [B]',
      });
    for (const side of PAIRWISE_SIDES)
      if (!used.includes(side))
        issues.push({
          path: 'template',
          line: null,
          column: null,
          message: `a pairwise template shows both sides: [${side}] is missing`,
        });
    const seen = new Set<string>();
    content.pairwise.values.forEach((value, i) => {
      const key = value.name.trim().toLowerCase();
      if (seen.has(key))
        issues.push({
          path: `pairwise.values[${i}].name`,
          line: null,
          column: null,
          message: `value "${value.name}" is listed twice`,
        });
      seen.add(key);
    });
  }
  for (const placeholder of used) {
    if (!names.includes(placeholder)) {
      issues.push({
        path: 'template',
        line: null,
        column: null,
        message: `placeholder [${placeholder}] has no dimension of that name (dimensions: ${names.join(', ') || 'none'})`,
      });
    }
  }
  content.dimensions.forEach((dimension, i) => {
    if (!used.includes(dimension.name)) {
      issues.push({
        path: `dimensions[${i}].name`,
        line: null,
        column: null,
        message: `dimension "${dimension.name}" is never used in the template as [${dimension.name}]`,
      });
    }
    if (names.indexOf(dimension.name) !== i) {
      issues.push({
        path: `dimensions[${i}].name`,
        line: null,
        column: null,
        message: `dimension "${dimension.name}" is defined twice`,
      });
    }
    const scores = dimension.levels.map((l) => l.score);
    if (new Set(scores).size !== scores.length) {
      issues.push({
        path: `dimensions[${i}].levels`,
        line: null,
        column: null,
        message: `levels of "${dimension.name}" need distinct scores (got ${scores.join(', ')})`,
      });
    }
  });
  issues.push(...counterbalanceIssues(content));
  const count = scenarioCount(content);
  if (count > MAX_SCENARIOS) {
    issues.push({
      path: 'dimensions',
      line: null,
      column: null,
      message: `expands to ${count.toLocaleString('en-US')} scenarios; the limit is ${MAX_SCENARIOS.toLocaleString('en-US')}`,
    });
  } else if (count > LARGE_RUN_SCENARIOS) {
    warnings.push(
      `expands to ${count.toLocaleString('en-US')} scenarios: every model you select will be asked ${count.toLocaleString('en-US')} times`,
    );
  }
  const understood = understandScale(content);
  if (understood.scale.length === 0) {
    warnings.push(
      'no answer scale found (add `scale:` or "N - label" lines to the preamble): only explicit "Rating: N" answers can be scored',
    );
  }
  warnings.push(...understood.warnings);
  issues.push(...optionValueIssues(content, understood.scale));
  const explicit = content.scale && content.scale.length > 0;
  const codes = explicit ? (content.scale ?? []).map((entry) => entry.code) : [];
  const repeated = explicit
    ? [...new Set(codes.filter((code, i) => codes.indexOf(code) !== i))]
    : repeatedPreambleCodes(content.preamble);
  if (repeated.length > 0) {
    // One code with two labels makes every answer with that code ambiguous, so it is refused like duplicate scores.
    issues.push({
      path: explicit ? 'scale' : 'preamble',
      line: null,
      column: null,
      message: `answer scale codes must be distinct; ${repeated.join(', ')} ${repeated.length === 1 ? 'appears' : 'appear'} more than once`,
    });
  }
  return { issues, warnings };
}

function pick<T>(items: readonly T[], seed: number, key: string): T {
  const digest = createHash('sha256').update(`${seed}\u0000${key}`).digest();
  return items[digest.readUInt32BE(0) % items.length] as T;
}

function idPart(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '');
}

/** Yields every scenario in a stable order (first dimension varies slowest). Call checkDefinition first. */
export function* expandScenarios(content: DefinitionContent): Generator<ExpandedScenario> {
  const count = scenarioCount(content);
  for (let ordinal = 0; ordinal < count; ordinal += 1) yield scenarioAt(content, ordinal);
}

/** The scenario at `ordinal` in expansion order, made without expanding the others (the editor's preview pages). */
export function scenarioAt(content: DefinitionContent, ordinal: number): ExpandedScenario {
  if (content.pairwise)
    return { ...pairwiseScenarioAt(content, content.pairwise, ordinal), wording: null, order: null };
  const seed = content.seed ?? 0;
  const dims = content.dimensions;
  const variant = variantAt(designOf(content), seed, ordinal);
  let rest = variant.base;
  const chosen = new Array<{ name: string; value: DimensionValue }>(dims.length);
  for (let d = dims.length - 1; d >= 0; d -= 1) {
    const dim = dims[d]!;
    const level = dim.levels[rest % dim.levels.length]!;
    rest = Math.floor(rest / dim.levels.length);
    chosen[d] = { name: dim.name, value: { score: level.score, label: level.label, option: '' } };
  }
  const baseId = chosen.length === 0 ? 'default' : chosen.map((c) => `${idPart(c.name)}${c.value.score}`).join('_');
  const dimensions: Record<string, DimensionValue> = {};
  for (const [d, c] of chosen.entries()) {
    const level = dims[d]!.levels.find((l) => l.score === c.value.score)!;
    const option =
      variant.wording === null
        ? pick(level.options, seed, `${baseId}\u0000${c.name}`)
        : level.options[variant.wording % level.options.length]!;
    dimensions[c.name] = { ...c.value, option };
  }
  let prompt = content.template.replace(PLACEHOLDER, (whole, name: string) => dimensions[name]?.option ?? whole);
  if (variant.order === 'reversed') prompt = reversedScale(content).reverseText(prompt);
  const label = chosen.map((c) => `${c.name}: ${c.value.label} (${c.value.score})`).join(', ');
  const wording = variant.wording === null ? null : `w${variant.wording + 1}`;
  const extras = [
    ...(wording ? [`wording ${variant.wording! + 1}`] : []),
    ...(variant.order === 'reversed' ? ['reversed scale'] : []),
  ];
  const name = [label || 'Single scenario', ...extras].join(', ');
  return {
    id: baseId + variant.idSuffix,
    ordinal,
    name,
    dimensions,
    prompt: prompt.trim(),
    wording,
    order: variant.order,
  };
}

export function contentHash(content: DefinitionContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
