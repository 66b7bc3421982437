/**
 * The domain's small vocabularies, written once for every process: how a decision was extracted from a reply (the
 * parse path the Python worker records) and the three kinds of decision results count separately.
 */

/** The extraction ladder, in order; the worker records which rung matched as the transcript's parse path. */
export const PARSE_PATHS = ['explicit_rating', 'scale_label', 'phrase', 'refusal', 'unparseable'] as const;
export type ParsePath = (typeof PARSE_PATHS)[number];

/** An answer on (or off) the scale, a refusal, or a reply no rule could place. */
export const DECISION_KINDS = ['answer', 'refusal', 'unparseable'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * The one classification of a decision. A refusal is a refusal by label or parse path; an answer without a score
 * cannot be placed on the scale, so it counts as unparseable rather than being lost. Callers that know only the
 * label (no parse path, no score) get the classification the label alone allows.
 */
export function decisionKind(decision: {
  decision: string | null;
  parsePath?: string | null;
  score?: number | null;
}): DecisionKind {
  if (decision.decision === 'refusal' || decision.parsePath === 'refusal') return 'refusal';
  if (decision.decision === 'unparseable' || decision.parsePath === 'unparseable' || decision.score === null)
    return 'unparseable';
  return 'answer';
}
