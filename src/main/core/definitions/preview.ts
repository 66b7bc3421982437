/**
 * The editor's live preview of a draft definition: everything is computed from the text without storing it, and
 * without expanding more scenarios than it shows (the count is a product, a page is made scenario by scenario from
 * its ordinal), so a 100,000-scenario draft previews as fast as a small one.
 */
import {
  LARGE_RUN_SCENARIOS,
  MAX_RUN_JOBS,
  isLargeRun,
  modelKey,
  type DefinitionContent,
  type ModelRef,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/ipc';
import type { DefinitionProblem } from '../../../shared/ipc/definitions';
import type { DefinitionPreview, PreviewScenario } from '../../../shared/ipc/definition-preview';
import { estimatePromptTokens, type RunEstimate } from '../../../shared/prices';
import { understandScale } from '../../../shared/scale';
import { lastRunModels } from '../store/definition-preview';
import type { Sqlite } from '../store/sql';
import { checkDefinition, MAX_SCENARIOS, placeholdersOf, scenarioAt, scenarioCount } from './expand';
import { designOf, designSummary } from './counterbalance';
import { reversedScale } from '../../../shared/scale-order';
import { loadDefinitionParser, type DefinitionIssue } from './parse';

/** Up to this many scenarios the token estimate measures every prompt; above it, it averages over the levels. */
export const EXACT_ESTIMATE_SCENARIOS = 10_000;

export type EstimateRun = PreviewDeps['estimate'];
export type DefinitionPreviewer = (input: PreviewInput) => Promise<DefinitionPreview>;

/** The preview bound to a database (for the last run's models) and the run cost estimator with its price table. */
export function createDefinitionPreview(sqlite: Sqlite, estimate: EstimateRun): DefinitionPreviewer {
  return (input) => previewDefinition(input, { lastRunModels: (id) => lastRunModels(sqlite, id), estimate });
}

export interface PreviewDeps {
  /** Models of the last run of the family of a saved definition (empty: none). */
  lastRunModels(definitionId: string): ModelRef[];
  /** The run cost estimator (runs/cost.ts, with the price table), given from above this floor. */
  estimate(input: {
    models: ModelRef[];
    scenarios: number;
    samples: number;
    promptTokens: number;
    maxTokens: number | null;
  }): RunEstimate;
}

/** Tokens of prompts of these lengths with the system prompt, rounded up per prompt as runs.preview counts them. */
function promptTokensOf(lengths: number[], systemPrompt: string): number {
  const system = systemPrompt.trim().length;
  return lengths.reduce((total, chars) => total + estimatePromptTokens(chars + system), 0);
}

export type PreviewInput = ParsedInput<'definitions.preview'>;

function lineOfText(text: string, needle: string): number | null {
  const at = text.indexOf(needle);
  return at < 0 ? null : text.slice(0, at).split('\n').length;
}

function problemOf(issue: DefinitionIssue, text: string): DefinitionProblem {
  const placeholder = /^placeholder (\[[^\]]+\])/.exec(issue.message)?.[1];
  const line = issue.line ?? (placeholder ? lineOfText(text, placeholder) : null);
  return { line, column: null, path: issue.path, message: issue.message };
}

async function parseDraft(text: string): Promise<{ content: DefinitionContent } | { errors: DefinitionProblem[] }> {
  try {
    return { content: (await loadDefinitionParser())('draft', text) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const issues = (error.details as { issues?: DefinitionIssue[] } | undefined)?.issues;
    if (issues) return { errors: issues.map((issue) => problemOf(issue, text)) };
    return { errors: [{ line: null, column: null, path: '', message: error.message }] };
  }
}

const idPart = (name: string): string => name.replace(/[^A-Za-z0-9]/g, '');

/** The ordinal of scenario `id` (level scores per dimension), or null when the draft has no such scenario. */
function ordinalOf(content: DefinitionContent, id: string): number | null {
  const dims = content.dimensions;
  const design = designOf(content);
  const variants = design.total / design.bases;
  // A counterbalanced scenario's id is its combination's id with `_w<k>` and/or `_rev`.
  const wordingPart = design.wording === 'cross' ? /_w(\d+)(?=_rev$|$)/.exec(id) : null;
  const reversed = design.order === 'crossed' && id.endsWith('_rev');
  const w = wordingPart ? Number(wordingPart[1]) - 1 : 0;
  let baseId = reversed ? id.slice(0, -'_rev'.length) : id;
  if (wordingPart) baseId = baseId.slice(0, baseId.length - wordingPart[0].length);
  const offset = w * (design.order === 'crossed' ? 2 : 1) + (reversed ? 1 : 0);
  if (design.wording === 'cross' && (!wordingPart || w >= design.wordings)) return null;
  const base = baseOrdinalOf(dims, baseId);
  return base === null ? null : base * variants + offset;
}

function baseOrdinalOf(dims: DefinitionContent['dimensions'], id: string): number | null {
  if (dims.length === 0) return id === 'default' ? 0 : null;
  const parts = id.split('_');
  if (parts.length !== dims.length) return null;
  let ordinal = 0;
  for (const [d, dim] of dims.entries()) {
    const index = dim.levels.findIndex((level) => `${idPart(dim.name)}${level.score}` === parts[d]);
    if (index < 0) return null;
    ordinal = ordinal * dim.levels.length + index;
  }
  return ordinal;
}

/** One page of the scenarios whose levels match `filter`, made from their ordinals (nothing else is expanded). */
function pageOf(content: DefinitionContent, input: PreviewInput): DefinitionPreview['page'] {
  const dims = content.dimensions;
  const allowed = dims.map((dim) => {
    const score = input.filter[dim.name];
    const all = dim.levels.map((_, i) => i);
    return score === undefined ? all : all.filter((i) => dim.levels[i]?.score === score);
  });
  const design = designOf(content);
  const variants = content.pairwise ? 1 : design.total / design.bases;
  const total = allowed.reduce((n, indexes) => n * indexes.length, 1) * variants;
  const rows: PreviewScenario[] = [];
  for (let k = input.offset; k < Math.min(total, input.offset + input.limit); k += 1) {
    let rest = Math.floor(k / variants);
    const picks = new Array<number>(dims.length);
    for (let d = dims.length - 1; d >= 0; d -= 1) {
      const indexes = allowed[d] as number[];
      picks[d] = indexes[rest % indexes.length] as number;
      rest = Math.floor(rest / indexes.length);
    }
    const base = picks.reduce((acc, index, d) => acc * (dims[d]?.levels.length ?? 1) + index, 0);
    const ordinal = base * variants + (k % variants);
    const { id, name, dimensions } = scenarioAt(content, ordinal);
    rows.push({ id, ordinal, name, dimensions });
  }
  return { offset: input.offset, limit: input.limit, total, rows };
}

/** Prompt tokens over every scenario: measured up to EXACT_ESTIMATE_SCENARIOS, else from mean option lengths. */
function promptTokens(content: DefinitionContent, count: number): { tokens: number; approximate: boolean } {
  if (count <= EXACT_ESTIMATE_SCENARIOS) {
    const lengths = Array.from({ length: count }, (_, ordinal) => scenarioAt(content, ordinal).prompt.length);
    return { tokens: promptTokensOf(lengths, content.preamble), approximate: false };
  }
  let chars = content.template.trim().length;
  for (const dim of content.dimensions) {
    const uses = content.template.split(`[${dim.name}]`).length - 1;
    const mean =
      dim.levels.reduce(
        (sum, level) => sum + level.options.reduce((s, o) => s + o.length, 0) / level.options.length,
        0,
      ) / dim.levels.length;
    chars += uses * (mean - dim.name.length - 2);
  }
  return { tokens: count * promptTokensOf([Math.max(0, Math.round(chars))], content.preamble), approximate: true };
}

function modelsFor(
  input: PreviewInput,
  deps: PreviewDeps,
): { models: ModelRef[]; source: DefinitionPreview['modelsSource'] } {
  if (input.models) return { models: dedupe(input.models), source: 'given' };
  const last = input.definitionId ? deps.lastRunModels(input.definitionId) : [];
  return last.length > 0 ? { models: last, source: 'lastRun' } : { models: [], source: 'none' };
}

function dedupe(models: ModelRef[]): ModelRef[] {
  const seen = new Set<string>();
  return models.filter((model) => !seen.has(modelKey(model)) && Boolean(seen.add(modelKey(model))));
}

const LIMITS = { maxScenarios: MAX_SCENARIOS, maxJobs: MAX_RUN_JOBS, largeRunScenarios: LARGE_RUN_SCENARIOS };

export async function previewDefinition(input: PreviewInput, deps: PreviewDeps): Promise<DefinitionPreview> {
  const { models, source } = modelsFor(input, deps);
  const base = { limits: LIMITS, models, modelsSource: source, samples: input.samples };
  const parsed = await parseDraft(input.text);
  if ('errors' in parsed) {
    return {
      ...base,
      ok: false,
      errors: parsed.errors,
      warnings: [],
      scenarioCount: null,
      large: false,
      jobs: null,
      estimate: null,
      estimateApproximate: false,
      dimensions: [],
      placeholders: [],
      unknownPlaceholders: [],
      unusedDimensions: [],
      scale: null,
      page: { offset: input.offset, limit: input.limit, total: 0, rows: [] },
      design: null,
      selected: null,
    };
  }
  const { content } = parsed;
  const { issues, warnings } = checkDefinition(content);
  const count = scenarioCount(content);
  const names = content.dimensions.map((d) => d.name);
  const used = placeholdersOf(content.template);
  const expandable = count <= MAX_SCENARIOS;
  const tokens = expandable && models.length > 0 ? promptTokens(content, count) : null;
  const estimate = tokens
    ? deps.estimate({
        models,
        scenarios: count,
        samples: input.samples,
        promptTokens: tokens.tokens,
        maxTokens: input.maxTokens,
      })
    : null;
  const page = expandable ? pageOf(content, input) : { offset: input.offset, limit: input.limit, total: 0, rows: [] };
  const selectedOrdinal =
    (input.selected !== undefined ? ordinalOf(content, input.selected) : null) ?? page.rows[0]?.ordinal ?? null;
  const selectedScenario = expandable && selectedOrdinal !== null ? scenarioAt(content, selectedOrdinal) : null;
  const understood = understandScale(content);
  return {
    ...base,
    ok: issues.length === 0,
    errors: issues.map((issue) => problemOf(issue, input.text)),
    warnings,
    scenarioCount: count,
    large: isLargeRun(count, input.samples),
    jobs: count * input.samples * models.length,
    estimate,
    estimateApproximate: tokens?.approximate ?? false,
    dimensions: content.dimensions.map((d) => ({
      name: d.name,
      levels: d.levels.map((l) => ({ score: l.score, label: l.label })),
    })),
    placeholders: used.map((name) => ({ name, known: names.includes(name) })),
    unknownPlaceholders: used.filter((name) => !names.includes(name)),
    unusedDimensions: names.filter((name) => !used.includes(name)),
    scale: {
      summary: understood.summary,
      entries: understood.scale,
      source: understood.source,
      ambiguous: understood.warnings.length > 0 || understood.scale.length === 0,
      warnings: understood.warnings,
    },
    page,
    design: designSummary(content),
    selected: selectedScenario && {
      id: selectedScenario.id,
      name: selectedScenario.name,
      system:
        selectedScenario.order === 'reversed'
          ? reversedScale(content).reverseText(content.preamble.trim())
          : content.preamble.trim(),
      user: selectedScenario.prompt,
    },
  };
}
