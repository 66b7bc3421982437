/**
 * A run's transcripts narrowed by a filter (model, decision, kind of outcome, who placed the decision, sample, scenario,
 * dimension level) and by words of the answer, through the FTS5 index `transcripts_fts` that triggers keep (migration 0016): one page in the
 * run page's order, and how many match.
 */
import type { TranscriptSummary } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type {
  TranscriptCount,
  TranscriptDimensionCounts,
  TranscriptFilter,
  TranscriptLevelCount,
} from '../../../shared/transcript-filter';
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
  const scenarios = filter.scenario ?? [];
  if (scenarios.length > 0) {
    clauses.push(`scenario_id IN (${scenarios.map(() => '?').join(', ')})`);
    params.push(...scenarios);
  }
  for (const [name, scores] of Object.entries(filter.levels ?? {})) {
    // The name is a definition's dimension name (letters, digits, _ - space: checked by the schema), so it can sit in
    // a quoted JSON path; it is still bound as a parameter, never spliced into the SQL.
    clauses.push(
      `scenario_id IN (SELECT s.id FROM scenarios s WHERE s.definition_id = (SELECT definition_id FROM runs WHERE id = ?)
        AND json_extract(s.dimensions_json, ?) IN (${scores.map(() => '?').join(', ')}))`,
    );
    params.push(runId, `$."${name}".score`, ...scores);
  }
  const match = ftsQuery(filter.text ?? '');
  if (match !== null) add('rowid IN (SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?)', match);
  return { sql: clauses.join(' AND '), params };
}

/** The filter without its dimension levels (what the level counts are taken under). */
function withoutLevels(filter: TranscriptFilter): TranscriptFilter {
  const rest = { ...filter };
  delete rest.levels;
  return rest;
}

/**
 * Every dimension of the run's scenarios with each level's label and how many of the run's transcripts match the rest
 * of the filter and have that level (one GROUP BY scenario, summed per level here: a run has few scenarios).
 */
export function countTranscriptLevels(
  sqlite: Sqlite,
  runId: string,
  filter: TranscriptFilter,
): TranscriptDimensionCounts[] {
  const run = one<{ definitionId: string }>(
    sqlite,
    `SELECT definition_id AS definitionId FROM runs WHERE id = ?`,
    runId,
  );
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const { sql, params } = where(runId, withoutLevels(filter));
  const rows = many<{ dimensionsJson: string; n: number }>(
    sqlite,
    `SELECT s.dimensions_json AS dimensionsJson, COALESCE(t.n, 0) AS n FROM scenarios s
     LEFT JOIN (SELECT scenario_id, count(*) AS n FROM transcripts WHERE ${sql} GROUP BY scenario_id) t
       ON t.scenario_id = s.id
     WHERE s.definition_id = ? ORDER BY s.ordinal`,
    ...params,
    run.definitionId,
  );
  const dimensions = new Map<string, Map<number, TranscriptLevelCount>>();
  for (const row of rows) {
    const values = JSON.parse(row.dimensionsJson) as Record<string, { score: number; label: string }>;
    for (const [name, value] of Object.entries(values)) {
      const levels = dimensions.get(name) ?? new Map<number, TranscriptLevelCount>();
      dimensions.set(name, levels);
      const level = levels.get(value.score) ?? { score: value.score, label: value.label, transcripts: 0 };
      levels.set(value.score, level);
      level.transcripts += row.n;
    }
  }
  return [...dimensions].map(([name, levels]) => ({
    name,
    levels: [...levels.values()].sort((a, b) => a.score - b.score),
  }));
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
