/**
 * The loud signal when answers go unread: per model, the unparseable answers when they are more than
 * UNREAD_WARN_SHARE of its answers, with the first three replies; and the run's history (re-extractions). Read from
 * the decision counters (a few rows) and, only for a model over the threshold, three replies.
 */
import {
  UNREAD_WARN_SHARE,
  type ReextractDetail,
  type RunEvent,
  type Turn,
  type UnreadAnswers,
} from '../../../shared/domain';
import { decisionKind } from '../../../shared/vocabulary';
import { runEvents, unparseableExamples } from '../store/decisions';
import type { Sqlite } from '../store/sql';
import { decisionCounts } from '../store/transcripts';

/** How much of each example reply is shown: enough to see the answer's form, never a whole essay. */
export const EXAMPLE_CHARS = 240;
const EXAMPLES = 3;

/** The reply of a stored conversation: its last assistant turn ('' when there is none). */
export function replyOf(turnsJson: string): string {
  const turns = JSON.parse(turnsJson) as Turn[];
  for (let i = turns.length - 1; i >= 0; i -= 1) if (turns[i]?.role === 'assistant') return turns[i]!.content;
  return '';
}

/** The end of a reply (where a model states its answer), on one line and at most EXAMPLE_CHARS long. */
export function excerptOf(reply: string): string {
  const flat = reply.replace(/\s+/g, ' ').trim();
  return flat.length <= EXAMPLE_CHARS ? flat : `…${flat.slice(flat.length - EXAMPLE_CHARS + 1)}`;
}

export function unreadAnswers(sqlite: Sqlite, runId: string): UnreadAnswers[] {
  const totals = new Map<string, { unparseable: number; answers: number }>();
  for (const row of decisionCounts(sqlite, runId)) {
    const entry = totals.get(row.modelKey) ?? { unparseable: 0, answers: 0 };
    entry.answers += row.n;
    if (decisionKind(row) === 'unparseable') entry.unparseable += row.n;
    totals.set(row.modelKey, entry);
  }
  const out: UnreadAnswers[] = [];
  for (const [modelKey, { unparseable, answers }] of totals) {
    const share = answers > 0 ? unparseable / answers : 0;
    if (share <= UNREAD_WARN_SHARE) continue;
    const examples = unparseableExamples(sqlite, runId, modelKey, EXAMPLES).map((row) => ({
      transcriptId: row.id,
      excerpt: excerptOf(replyOf(row.turnsJson)),
    }));
    out.push({ modelKey, unparseable, answers, share, examples });
  }
  return out.sort((a, b) => (a.modelKey < b.modelKey ? -1 : a.modelKey > b.modelKey ? 1 : 0));
}

export function runHistory(sqlite: Sqlite, runId: string): RunEvent[] {
  // Hand overrides are recorded too (they key the analysis cache) but are shown on their transcripts, not here.
  return runEvents(sqlite, runId)
    .filter((row) => row.kind === 'decisions_reextracted')
    .map((row) => ({
      id: row.id,
      kind: 'decisions_reextracted',
      at: row.at,
      detail: JSON.parse(row.detailJson) as ReextractDetail,
    }));
}
