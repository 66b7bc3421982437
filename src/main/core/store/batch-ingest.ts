/**
 * Batch results into rows, one page per transaction: the page's rows and how far the result file has been read are
 * committed together (a crash mid-file resumes after the last committed page, never re-reading a line), and every
 * job is completed at most once: the first answer wins, a later one (a duplicate batch, a repeated line, an answer
 * for a job already cancelled) is counted on the chunk as paid but unused.
 */
import type { ProviderId } from '../../../shared/domain';
import { finalizeRun } from './run-status';
import { StaleChunk } from './batch-chunks';
import { immediate, many, one, write, type Sqlite } from './sql';
import { writeAnswers, type PendingAnswer } from './ingest-bulk';

export interface IngestJob {
  id: string;
  runId: string;
  status: string;
  batchChunkId: string | null;
  scenarioId: string;
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
  snapshotHash: string;
  prompt: string;
  /** The scenario's counterbalancing labels (null: canonical, or not varied). */
  wording: string | null;
  scaleOrder: string | null;
  configJson: string;
  maxAttempts: number;
  /** Batch errors this job already had (each sent it back; the last one fails it for good). */
  batchErrors: number;
}

/**
 * The named jobs of this run (a custom id can never reach another run's job) as a page's unanswered lines need them
 * (their attempts and batch errors so far). What every job of the run shares (its snapshot, its config) is read once.
 */
export function jobsForIngest(sqlite: Sqlite, runId: string, ids: readonly string[]): Map<string, IngestJob> {
  const run = one<{ snapshotHash: string; configJson: string; definitionId: string }>(
    sqlite,
    `SELECT snapshot_hash AS snapshotHash, config_json AS configJson, definition_id AS definitionId FROM runs
      WHERE id = ?`,
    runId,
  );
  const found = new Map<string, IngestJob>();
  if (!run) return found;
  const rows = many<Omit<IngestJob, 'snapshotHash' | 'configJson'>>(
    sqlite,
    `SELECT j.id, j.run_id AS runId, j.status, j.batch_chunk_id AS batchChunkId, j.scenario_id AS scenarioId,
        j.model_key AS modelKey, j.provider_id AS providerId, j.model_id AS modelId, j.model_version AS modelVersion,
        s.prompt, s.wording, s.scale_order AS scaleOrder, j.max_attempts AS maxAttempts,
        (length(j.errors_json) - length(replace(j.errors_json, '"code":"BATCH_ERRORED"', ''))) / 22 AS batchErrors
      FROM json_each(@ids) AS named CROSS JOIN jobs j ON j.id = named.value
      JOIN scenarios s ON s.definition_id = @definitionId AND s.id = j.scenario_id
      WHERE j.run_id = @runId`,
    { ids: JSON.stringify(ids), runId, definitionId: run.definitionId },
  );
  for (const row of rows as IngestJob[]) {
    // Set on the row itself: a copy per job is garbage the collector pays for at 20,000 rows a second.
    row.snapshotHash = run.snapshotHash;
    row.configJson = run.configJson;
    found.set(row.id, row);
  }
  return found;
}

function errorCode(error: object): unknown {
  return (error as { code?: unknown }).code ?? null;
}

/** A page's answer: its transcript is made from the job's row once the page's transaction has completed the job. */
export interface IngestAnswer extends PendingAnswer {
  kind: 'answer';
  inputTokens: number | null;
  outputTokens: number | null;
}

export type IngestLine =
  | IngestAnswer
  | { kind: 'unanswered'; jobId: string; outcome: 'errored' | 'expired' | 'cancelled'; error: object }
  | { kind: 'unreadable' };

export interface IngestPage {
  chunkId: string;
  runId: string;
  file: 'output' | 'error';
  from: number;
  to: number;
  lines: readonly IngestLine[];
}

export interface IngestTally {
  completed: number;
  duplicates: number;
  requeued: number;
  failed: number;
}

const SEND_BACK = `UPDATE jobs SET batch_chunk_id = NULL, updated_at = @iso,
    errors_json = json_insert(errors_json, '$[#]', json(@note))
  WHERE id = @id AND status = 'pending' AND batch_chunk_id = @chunkId`;
const FAIL = `UPDATE jobs SET status = 'failed', attempts = attempts + 1, updated_at = @iso, last_error_json = @note,
    errors_json = json_insert(errors_json, '$[#]', json(@note))
  WHERE id = @id AND status = 'pending' AND batch_chunk_id = @chunkId`;

/** The scenario fields a batch answer's transcript takes (from the page's jobs' scenarios, one look-up each). */
export interface IngestScenario {
  prompt: string;
  wording: string | null;
  scaleOrder: string | null;
}

export function scenarioForIngest(
  sqlite: Sqlite,
  definitionId: string,
  scenarioId: string,
): IngestScenario | undefined {
  return one<IngestScenario>(
    sqlite,
    `SELECT prompt, wording, scale_order AS scaleOrder FROM scenarios WHERE definition_id = ? AND id = ?`,
    definitionId,
    scenarioId,
  );
}

/** Which of the named jobs belong to the run (the rare answers no job took: a duplicate, or a stranger's id). */
function jobsOfRun(sqlite: Sqlite, runId: string, ids: readonly string[]): Set<string> {
  const rows = many<{ id: string }>(
    sqlite,
    `SELECT j.id FROM json_each(@ids) AS named CROSS JOIN jobs j ON j.id = named.value WHERE j.run_id = @runId`,
    { ids: JSON.stringify(ids), runId },
  );
  return new Set(rows.map((row) => row.id));
}

/**
 * Writes one page: rolls back (StaleChunk) when the file's committed offset is not `from` (another process ingested
 * this page first). An answer for a job that is not this run's (or an unanswered line for one) is counted unreadable.
 */
export function ingestPage(sqlite: Sqlite, page: IngestPage): IngestTally {
  return immediate(sqlite, () => {
    const iso = new Date().toISOString();
    const column = page.file === 'output' ? 'output_offset' : 'error_offset';
    const advanced = write(
      sqlite,
      `UPDATE batch_chunks SET ${column} = @to, updated_at = @iso WHERE id = @chunkId AND ${column} = @from`,
      { chunkId: page.chunkId, from: page.from, to: page.to, iso },
    );
    if (advanced !== 1) throw new StaleChunk();
    const tally: IngestTally = { completed: 0, duplicates: 0, requeued: 0, failed: 0 };
    const counts = { succeeded: 0, errored: 0, expired: 0, cancelled: 0, inTok: 0, outTok: 0, dupIn: 0, dupOut: 0 };
    const unansweredIds = page.lines.flatMap((line) => (line.kind === 'unanswered' ? [line.jobId] : []));
    const jobs =
      unansweredIds.length > 0 ? jobsForIngest(sqlite, page.runId, unansweredIds) : new Map<string, IngestJob>();
    // Consecutive answers are written set-based; any other line is written on its own between them, in file order.
    let answers: IngestAnswer[] = [];
    const flush = (): void => {
      const { written, notWritten } = writeAnswers(sqlite, { runId: page.runId, chunkId: page.chunkId, iso, answers });
      tally.completed += written;
      // What no job took: a duplicate (paid, shown) when the job is the run's, else a line naming no job of it.
      const ofRun =
        notWritten.length > 0
          ? jobsOfRun(
              sqlite,
              page.runId,
              notWritten.map((a) => a.jobId),
            )
          : null;
      const strangers = new Set(ofRun ? notWritten.filter((a) => !ofRun.has(a.jobId)) : []);
      for (const answer of answers) {
        if (strangers.has(answer)) {
          counts.errored += 1;
          continue;
        }
        counts.succeeded += 1;
        counts.inTok += answer.inputTokens ?? 0;
        counts.outTok += answer.outputTokens ?? 0;
      }
      for (const answer of notWritten) {
        if (strangers.has(answer)) continue;
        tally.duplicates += 1;
        counts.dupIn += answer.inputTokens ?? 0;
        counts.dupOut += answer.outputTokens ?? 0;
      }
      answers = [];
    };
    for (const line of page.lines) {
      if (line.kind === 'answer') {
        answers.push(line);
        continue;
      }
      flush();
      const job = line.kind === 'unanswered' ? jobs.get(line.jobId) : undefined;
      if (line.kind === 'unreadable' || !job) {
        counts.errored += 1;
        continue;
      }
      const params = { id: line.jobId, chunkId: page.chunkId, runId: page.runId, iso };
      counts[line.outcome] += 1;
      const code = line.outcome === 'errored' ? 'BATCH_ERRORED' : 'BATCH_UNANSWERED';
      const note = JSON.stringify({
        ...line.error,
        code,
        providerCode: errorCode(line.error),
        retryable: true,
        charged: false,
        at: iso,
      });
      // A request the provider keeps refusing is failed for good once it has used the run's attempts.
      if (line.outcome === 'errored' && job.batchErrors + 1 >= job.maxAttempts) {
        if (
          write(sqlite, FAIL, {
            ...params,
            note: JSON.stringify({ ...line.error, code, providerCode: errorCode(line.error), at: iso }),
          }) === 1
        )
          tally.failed += 1;
      } else if (write(sqlite, SEND_BACK, { ...params, note }) === 1) tally.requeued += 1;
    }
    flush();
    write(
      sqlite,
      `UPDATE batch_chunks SET succeeded = succeeded + @succeeded, errored = errored + @errored,
        expired = expired + @expired, cancelled = cancelled + @cancelled, duplicates = duplicates + @duplicates,
        input_tokens = input_tokens + @inTok, output_tokens = output_tokens + @outTok,
        duplicate_input_tokens = duplicate_input_tokens + @dupIn,
        duplicate_output_tokens = duplicate_output_tokens + @dupOut WHERE id = @chunkId`,
      { ...counts, duplicates: tally.duplicates, chunkId: page.chunkId },
    );
    if (tally.completed + tally.failed > 0) {
      write(sqlite, `UPDATE runs SET completed = completed + @completed, failed = failed + @failed WHERE id = @runId`, {
        completed: tally.completed,
        failed: tally.failed,
        runId: page.runId,
      });
      finalizeRun(sqlite, page.runId);
    }
    return tally;
  });
}
