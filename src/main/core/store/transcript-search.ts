/**
 * A run's transcripts narrowed by a filter (model, decision, kind of outcome, who placed the decision, sample) and by
 * words of the answer, through the FTS5 index `transcripts_fts` that triggers keep (migration 0016): one page in the
 * run page's order, and how many match.
 */
import type { TranscriptSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { TranscriptCount, TranscriptFilter } from '../../../shared/transcript-filter';
import { many, one, type Sqlite } from './sql';
import { SUMMARY_COLUMNS } from './transcripts';

/** Words and phrases of a search as an FTS5 query; null when it has none (blank, or only punctuation). */
export function ftsQuery(text: string): string | null {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const quoted = match[1];
    const word = match[2];
    const body = quoted ?? word?.replace(/\*+$/, '') ?? '';
    // A term without a letter or digit would tokenize to nothing: FTS5 cannot match on it.
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    const prefix = word !== undefined && word !== body;
    // Every term is quoted (its quotes doubled), so no search text is read as FTS5 syntax (AND, NEAR, column:…).
    terms.push(`"${body.replace(/"/g, '""')}"${prefix ? '*' : ''}`);
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

const REFUSAL = `(decision = 'refusal' OR parse_path = 'refusal')`;
const UNREAD = `(decision = 'unparseable' OR parse_path = 'unparseable' OR score IS NULL)`;
/** The same classification as `decisionKind` in shared/vocabulary.ts. */
const OUTCOME_SQL: Record<NonNullable<TranscriptFilter['outcome']>, string> = {
  refusal: REFUSAL,
  unparseable: `NOT ${REFUSAL} AND ${UNREAD}`,
  answer: `NOT ${REFUSAL} AND NOT ${UNREAD}`,
};

/** The WHERE clause and its parameters for a run and a filter. */
function where(runId: string, filter: TranscriptFilter): { sql: string; params: unknown[] } {
  const clauses = ['run_id = ?'];
  const params: unknown[] = [runId];
  const add = (clause: string, value: unknown): void => {
    clauses.push(clause);
    params.push(value);
  };
  if (filter.model !== undefined) add('model_key = ?', filter.model);
  if (filter.decision !== undefined) add('decision = ?', filter.decision);
  if (filter.score !== undefined) add('score = ?', filter.score);
  if (filter.outcome !== undefined) clauses.push(OUTCOME_SQL[filter.outcome]);
  if (filter.source !== undefined) add('decision_source = ?', filter.source);
  if (filter.sample !== undefined) add('sample = ?', filter.sample);
  const match = ftsQuery(filter.text ?? '');
  if (match !== null) add('rowid IN (SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?)', match);
  return { sql: clauses.join(' AND '), params };
}

/** One page of a run's transcripts that match, by scenario, model and sample. */
export function searchTranscripts(
  sqlite: Sqlite,
  runId: string,
  filter: TranscriptFilter,
  offset: number,
  limit: number,
): TranscriptSummary[] {
  const { sql, params } = where(runId, filter);
  return many<TranscriptSummary>(
    sqlite,
    `SELECT ${SUMMARY_COLUMNS} FROM transcripts WHERE ${sql} ORDER BY scenario_id, model_key, sample LIMIT ? OFFSET ?`,
    ...params,
    limit,
    offset,
  );
}

/** How many of the run's transcripts match, and how many it has (from the counters the triggers keep). */
export function countTranscripts(sqlite: Sqlite, runId: string, filter: TranscriptFilter): TranscriptCount {
  const run = one<{ total: number }>(
    sqlite,
    `SELECT (SELECT COALESCE(SUM(transcripts), 0) FROM run_model_counts WHERE run_id = runs.id) AS total
     FROM runs WHERE id = ?`,
    runId,
  );
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const { sql, params } = where(runId, filter);
  const matched = one<{ n: number }>(sqlite, `SELECT count(*) AS n FROM transcripts WHERE ${sql}`, ...params)?.n ?? 0;
  return { matched, total: run.total };
}
