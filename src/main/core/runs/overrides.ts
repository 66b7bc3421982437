/** Decisions coded by hand (route `transcripts.override`): a score checked against the run's scale, or a refusal. */
import { AppError } from '../../../shared/errors';
import type { ParsedInput } from '../../../shared/ipc';
import { clearOverride, overrideDecision, transcriptRunId } from '../store/overrides';
import { loadRun } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { nowIso } from '../util/ids';

/** Applies (or clears) a hand decision; returns the transcript's run id. */
export function applyOverride(sqlite: Sqlite, input: ParsedInput<'transcripts.override'>): string {
  const at = nowIso();
  if (input.clear) return clearOverride(sqlite, input.id, at);
  const note = input.note ? input.note : null;
  if (input.score === undefined)
    return overrideDecision(sqlite, input.id, { score: null, decision: 'refusal', note, at });
  const { scale } = loadRun(sqlite, transcriptRunId(sqlite, input.id));
  const entry = scale.find((s) => s.code === input.score);
  if (scale.length > 0 && !entry) {
    throw new AppError(
      'VALIDATION',
      `${input.score} is not on this run's scale (${scale.map((s) => s.code).join(', ')})`,
    );
  }
  const decision = entry?.label ?? String(input.score);
  return overrideDecision(sqlite, input.id, { score: input.score, decision, note, at });
}
