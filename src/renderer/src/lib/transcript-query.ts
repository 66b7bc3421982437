/**
 * The run page's transcript filter as the filter bar holds it, as the address keeps it (`#/runs/ID?model=…&q=…`, so a
 * filtered view can be bookmarked, shared and reloaded), and as the core is asked for it (`runs.transcripts`).
 */
import { TRANSCRIPT_OUTCOMES, type TranscriptFilter, type TranscriptOutcome } from '@shared/transcript-filter';

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
}

export const NO_TRANSCRIPT_FILTER: TranscriptFilterFields = {
  model: '',
  decision: '',
  source: '',
  sample: '',
  text: '',
};

const KEYS = { model: 'model', decision: 'decision', source: 'source', sample: 'sample', text: 'q' } as const;

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
  };
}

/** The address's query with these fields (empty ones left out), other keys kept. */
export function writeTranscriptQuery(query: URLSearchParams, fields: TranscriptFilterFields): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [field, key] of Object.entries(KEYS) as [keyof TranscriptFilterFields, string][]) {
    const value = fields[field].trim() === '' ? '' : fields[field];
    if (value) next.set(key, value);
    else next.delete(key);
  }
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
  return filter;
}

/** True when a field narrows the list. */
export function isFiltered(fields: TranscriptFilterFields): boolean {
  return Object.keys(transcriptFilterOf(fields)).length > 0;
}
