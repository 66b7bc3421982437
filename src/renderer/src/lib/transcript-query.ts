/**
 * The run page's transcript filter as the filter bar holds it, as the address keeps it (`#/runs/ID?model=…&q=…`, so a
 * filtered view can be bookmarked, shared and reloaded; scenarios as `scenario=ID&scenario=ID2`, dimension levels as
 * `dim.<name>=<score>`, both repeatable), and as the core is asked for it (`runs.transcripts`).
 */
import {
  dimensionNameSchema,
  TRANSCRIPT_OUTCOMES,
  type TranscriptFilter,
  type TranscriptOutcome,
} from '@shared/transcript-filter';

/**
 * The filter bar's fields, '' meaning "any". `decision` is one select for the scale and the outcomes: `score:N`, or
 * an outcome (`answer` for any scored decision, `refusal`, `unparseable`).
 */
export interface TranscriptFilterFields {
  model: string;
  decision: string;
  source: '' | 'extracted' | 'override';
  sample: string;
  text: string;
  /** Scenario ids (any of them). */
  scenarios: readonly string[];
  /** Level scores by dimension name (any listed level of every dimension named). */
  levels: Readonly<Record<string, readonly number[]>>;
}

export const NO_TRANSCRIPT_FILTER: TranscriptFilterFields = {
  model: '',
  decision: '',
  source: '',
  sample: '',
  text: '',
  scenarios: [],
  levels: {},
};

const KEYS = { model: 'model', decision: 'decision', source: 'source', sample: 'sample', text: 'q' } as const;
const SCENARIO_KEY = 'scenario';
const LEVEL_PREFIX = 'dim.';

function isOutcome(value: string): value is TranscriptOutcome {
  return (TRANSCRIPT_OUTCOMES as readonly string[]).includes(value);
}

function validDecision(value: string): string {
  return isOutcome(value) || /^score:-?\d+(\.\d+)?$/.test(value) ? value : '';
}

/** The fields the address holds; anything unexpected reads as "any". */
export function readTranscriptQuery(query: URLSearchParams): TranscriptFilterFields {
  const source = query.get(KEYS.source) ?? '';
  const sample = query.get(KEYS.sample) ?? '';
  return {
    model: query.get(KEYS.model) ?? '',
    decision: validDecision(query.get(KEYS.decision) ?? ''),
    source: source === 'extracted' || source === 'override' ? source : '',
    sample: /^[1-9]\d*$/.test(sample) ? sample : '',
    text: query.get(KEYS.text) ?? '',
    scenarios: [...new Set(query.getAll(SCENARIO_KEY).filter((id) => id.trim() !== ''))],
    levels: readLevels(query),
  };
}

/** `dim.<name>=<score>` pairs (names a definition allows, whole-number scores), each level once. */
function readLevels(query: URLSearchParams): Record<string, number[]> {
  const levels: Record<string, number[]> = {};
  for (const [key, value] of query) {
    if (!key.startsWith(LEVEL_PREFIX) || !/^-?\d+$/.test(value)) continue;
    const name = key.slice(LEVEL_PREFIX.length);
    if (!dimensionNameSchema.safeParse(name).success) continue;
    const scores = levels[name] ?? [];
    if (!scores.includes(Number(value))) scores.push(Number(value));
    levels[name] = scores;
  }
  return levels;
}

/** The address's query with these fields (empty ones left out), other keys kept. */
export function writeTranscriptQuery(query: URLSearchParams, fields: TranscriptFilterFields): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [field, key] of Object.entries(KEYS) as [keyof typeof KEYS, string][]) {
    const value = fields[field].trim() === '' ? '' : fields[field];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  next.delete(SCENARIO_KEY);
  for (const id of fields.scenarios) next.append(SCENARIO_KEY, id);
  for (const key of [...next.keys()]) if (key.startsWith(LEVEL_PREFIX)) next.delete(key);
  for (const [name, scores] of Object.entries(fields.levels))
    for (const score of scores) next.append(`${LEVEL_PREFIX}${name}`, String(score));
  return next;
}

/** The route's filter for these fields. */
export function transcriptFilterOf(fields: TranscriptFilterFields): TranscriptFilter {
  const filter: TranscriptFilter = {};
  if (fields.model) filter.model = fields.model;
  if (isOutcome(fields.decision)) filter.outcome = fields.decision;
  else if (fields.decision.startsWith('score:')) filter.score = Number(fields.decision.slice('score:'.length));
  if (fields.source) filter.source = fields.source;
  if (fields.sample) filter.sample = Number(fields.sample);
  if (fields.text.trim()) filter.text = fields.text.trim();
  if (fields.scenarios.length > 0) filter.scenario = [...fields.scenarios];
  const levels = Object.entries(fields.levels).filter(([, scores]) => scores.length > 0);
  if (levels.length > 0) filter.levels = Object.fromEntries(levels.map(([name, scores]) => [name, [...scores]]));
  return filter;
}

/** True when a field narrows the list. */
export function isFiltered(fields: TranscriptFilterFields): boolean {
  return Object.keys(transcriptFilterOf(fields)).length > 0;
}
