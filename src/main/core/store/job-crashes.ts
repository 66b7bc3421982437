/** How often a job was in flight when its Python worker died, read from the job's own history (errors_json). */
import { one, type Sqlite } from './sql';

export function workerCrashCount(sqlite: Sqlite, jobId: string, code: string): number {
  return (
    one<{ n: number }>(
      sqlite,
      `SELECT COUNT(*) AS n FROM jobs j, json_each(j.errors_json) e
        WHERE j.id = ? AND json_extract(e.value, '$.code') = ?`,
      jobId,
      code,
    )?.n ?? 0
  );
}
