/**
 * Which of a run's transcripts to list: by model, decision (label or score), kind of outcome, who placed the decision, sample,
 * scenario, dimension level, and words of the answer (full-text search). One schema for the app's filter bar, the CLI and
 * the core.
 */
import { z } from 'zod';

/** The kinds of outcome a transcript has, as `decisionKind` classifies them. */
export const TRANSCRIPT_OUTCOMES = ['answer', 'refusal', 'unparseable'] as const;
export type TranscriptOutcome = (typeof TRANSCRIPT_OUTCOMES)[number];

/** A dimension's name as definitions allow it (so it can name a JSON path in the store without quoting). */
export const dimensionNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_ -]{0,199}$/, 'not a dimension name');

/** The most scenarios, or levels of one dimension, one filter may name. */
export const TRANSCRIPT_FILTER_LIST_MAX = 500;

/** The longest search text accepted (words of the answer). */
export const TRANSCRIPT_SEARCH_MAX = 200;

export const transcriptFilterShape = {
  /** A model key exactly as the run shows it. */
  model: z.string().trim().min(1).max(400).optional(),
  /** A decision label exactly (e.g. "Strongly agree", "refusal"). */
  decision: z.string().trim().min(1).max(400).optional(),
  /** A decision's score code (answers on the scale, or off it). */
  score: z.number().finite().optional(),
  outcome: z.enum(TRANSCRIPT_OUTCOMES).optional(),
  /** 'override': only decisions coded by hand; 'extracted': only the reader's. */
  source: z.enum(['extracted', 'override']).optional(),
  sample: z.number().int().min(1).max(1000).optional(),
  /** Scenario ids: a transcript of any of them matches (`?scenario=ID&scenario=ID2` in the run page's address). */
  scenario: z.array(z.string().trim().min(1).max(400)).min(1).max(TRANSCRIPT_FILTER_LIST_MAX).optional(),
  /**
   * Dimension levels by the dimension's name, each level by its score (the whole number naming it in the definition):
   * a transcript matches when its scenario has one of the listed levels of every dimension named
   * (`?dim.<name>=<score>` in the address, repeatable).
   */
  levels: z.record(dimensionNameSchema, z.array(z.number().int()).min(1).max(TRANSCRIPT_FILTER_LIST_MAX)).optional(),
  /**
   * Words the answer must contain (all of them, any case or accent); "a quoted phrase" matches as a phrase and a
   * trailing * matches a prefix (`utilitar*`). Blank searches nothing.
   */
  text: z.string().max(TRANSCRIPT_SEARCH_MAX).optional(),
};

export type TranscriptFilter = z.infer<z.ZodObject<typeof transcriptFilterShape>>;

/** How many of a run's transcripts match a filter, of how many it has. */
export interface TranscriptCount {
  matched: number;
  total: number;
}

/** True when the filter narrows nothing (blank search text included). */
export function isEmptyFilter(filter: TranscriptFilter): boolean {
  return (
    filter.model === undefined &&
    filter.decision === undefined &&
    filter.score === undefined &&
    filter.outcome === undefined &&
    filter.source === undefined &&
    filter.sample === undefined &&
    (filter.scenario ?? []).length === 0 &&
    Object.keys(filter.levels ?? {}).length === 0 &&
    (filter.text ?? '').trim() === ''
  );
}

/** One level of a dimension, with how many of the run's transcripts (under the rest of the filter) have it. */
export interface TranscriptLevelCount {
  score: number;
  label: string;
  transcripts: number;
}

/** A dimension of the run's scenarios and its levels, lowest score first. */
export interface TranscriptDimensionCounts {
  name: string;
  levels: TranscriptLevelCount[];
}
