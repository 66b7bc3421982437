/** A run's family for the run page: the run it re-ran (parent) and the re-runs made from it (children), newest first. */
import type Database from 'better-sqlite3';
import type { RunSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { RelatedRuns } from '../../../shared/results';

export function relatedRuns(
  sqlite: Database.Database,
  summaryOf: (runId: string) => RunSummary,
  runId: string,
): RelatedRuns {
  const row = sqlite.prepare(`SELECT parent_run_id AS parentRunId FROM runs WHERE id = ?`).get(runId) as
    { parentRunId: string | null } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const parentExists =
    row.parentRunId !== null && sqlite.prepare(`SELECT 1 FROM runs WHERE id = ?`).get(row.parentRunId) !== undefined;
  const children = sqlite
    .prepare(`SELECT id FROM runs WHERE parent_run_id = ? ORDER BY created_at DESC, id DESC`)
    .all(runId) as { id: string }[];
  return {
    parent: parentExists && row.parentRunId ? summaryOf(row.parentRunId) : null,
    children: children.map((child) => summaryOf(child.id)),
  };
}
