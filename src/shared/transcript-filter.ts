/**
 * Which of a run's transcripts to list: by model, decision (label or score), kind of outcome, who placed the decision, sample, and
 * words of the answer (full-text search). One schema for the app's filter bar, the CLI and the core.
 */
import { z } from 'zod';

/** The kinds of outcome a transcript has, as `decisionKind` classifies them. */
export const TRANSCRIPT_OUTCOMES = ['answer', 'refusal', 'unparseable'] as const;
export type TranscriptOutcome = (typeof TRANSCRIPT_OUTCOMES)[number];

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
    (filter.text ?? '').trim() === ''
  );
}
