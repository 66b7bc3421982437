/** What moving the data folder asks of the database: whether any run could write while it is copied. */
import { PREPARING_PREFIX } from '../../../shared/run-preparation';
import { one, type Sqlite } from './sql';

/** Runs that are queued, executing or still being prepared: their jobs would write after the copy is taken. */
export function activeRunCount(sqlite: Sqlite): number {
  return (
    one<{ n: number }>(
      sqlite,
      `SELECT COUNT(*) AS n FROM runs WHERE status IN ('pending', 'running')
        OR (status = 'paused' AND pause_reason LIKE '${PREPARING_PREFIX}%')`,
    )?.n ?? 0
  );
}
