/**
 * Re-extract decisions: a finished run's stored replies are read again by the worker's reader (after its scale was
 * fixed, or the reader improved), never asking a provider; changed decisions are written, the results counters rebuilt
 * and the change recorded in the run's history, in one transaction. Hand overrides are left alone (store/decisions.ts,
 * REEXTRACTABLE).
 */
import {
  isTerminalRunStatus,
  type DefinitionContent,
  type ReextractDetail,
  type ScaleEntry,
} from '../../../shared/domain';
import { canonicalDecision, reversedScale } from '../../../shared/scale-order';
import { AppError } from '../../../shared/errors';
import { understandScale } from '../../../shared/scale';
import { replyOf } from '../results/unread';
import {
  applyDecisionChanges,
  replyPage,
  type DecisionChange,
  type ReplyCursor,
  type StoredReply,
} from '../store/decisions';
import { loadRun, runStatusOf } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { nowIso } from '../util/ids';

export interface ExtractedDecision {
  score: number | null;
  decision: string;
  parsePath: string;
}

export interface ReextractDeps {
  sqlite: Sqlite;
  /** The worker's reader over a batch of replies (PythonPool.extractDecisions). */
  extract(scale: readonly ScaleEntry[], replies: string[]): Promise<ExtractedDecision[]>;
  /** Replies per worker call. */
  batch?: number;
}

export const REEXTRACT_BATCH = 2_000;

function notFinished(runId: string, status: string): AppError {
  return new AppError(
    'RUN_NOT_CONTROLLABLE',
    `Run ${runId} is ${status.replace(/_/g, ' ')}: decisions are re-extracted once the run has finished ` +
      '(wait for it, or cancel it first).',
  );
}

/**
 * The reader's decisions for a page of stored replies: each read on the scale its model saw (a counterbalanced
 * reversed reply on the mirrored one, then mapped back to the canonical code, as when it was first stored).
 */
async function extractPage(
  deps: ReextractDeps,
  snapshot: DefinitionContent,
  scale: readonly ScaleEntry[],
  page: readonly StoredReply[],
): Promise<ExtractedDecision[]> {
  const reversedRows = page.filter((r) => r.scaleOrder === 'reversed');
  if (reversedRows.length === 0)
    return deps.extract(
      scale,
      page.map((r) => replyOf(r.turnsJson)),
    );
  const reversal = reversedScale(snapshot);
  const canonicalRows = page.filter((r) => r.scaleOrder !== 'reversed');
  const [plain, mirrored] = await Promise.all([
    canonicalRows.length > 0
      ? deps.extract(
          scale,
          canonicalRows.map((r) => replyOf(r.turnsJson)),
        )
      : [],
    deps.extract(
      reversal.presented,
      reversedRows.map((r) => replyOf(r.turnsJson)),
    ),
  ]);
  const byId = new Map<string, ExtractedDecision>();
  canonicalRows.forEach((r, i) => byId.set(r.id, plain[i]!));
  reversedRows.forEach((r, i) => byId.set(r.id, canonicalDecision(reversal, mirrored[i]!)));
  return page.map((r) => byId.get(r.id)!);
}

export async function reextractDecisions(deps: ReextractDeps, runId: string): Promise<ReextractDetail> {
  const { sqlite } = deps;
  const { row, snapshot } = loadRun(sqlite, runId);
  if (!isTerminalRunStatus(row.status)) throw notFinished(runId, row.status);
  if (!snapshot) {
    throw new AppError('VALIDATION', `Run ${runId}'s definition snapshot no longer parses: its scale is unknown.`);
  }
  const understood = understandScale(snapshot);
  const batch = deps.batch ?? REEXTRACT_BATCH;
  const changes: DecisionChange[] = [];
  let examined = 0;
  let unparseableBefore = 0;
  let unparseableAfter = 0;
  let cursor: ReplyCursor | null = null;
  for (;;) {
    const page = replyPage(sqlite, runId, cursor, batch);
    if (page.length === 0) break;
    const decisions = await extractPage(deps, snapshot, understood.scale, page);
    page.forEach((stored, i) => {
      const fresh = decisions[i]!;
      examined += 1;
      if (stored.parsePath === 'unparseable') unparseableBefore += 1;
      if (fresh.parsePath === 'unparseable') unparseableAfter += 1;
      if (fresh.score !== stored.score || fresh.decision !== stored.decision || fresh.parsePath !== stored.parsePath)
        changes.push({ id: stored.id, score: fresh.score, decision: fresh.decision, parsePath: fresh.parsePath });
    });
    const last = page[page.length - 1]!;
    cursor = { scenarioId: last.scenarioId, rowid: last.rowid };
  }
  // A retry may have started the run again while the worker read: its new answers would be missed, so refuse.
  const status = runStatusOf(sqlite, runId);
  if (!isTerminalRunStatus(status)) throw notFinished(runId, status);
  const detail: ReextractDetail = {
    scaleSummary: understood.summary,
    examined,
    changed: changes.length,
    unparseableBefore,
    unparseableAfter,
  };
  applyDecisionChanges(sqlite, runId, changes, { kind: 'decisions_reextracted', at: nowIso(), detail });
  return detail;
}
