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
  // With scenarios narrowed too, SQLite would look up every (scenario, matching rowid) pair in the run's index:
  // 500 scenarios × 189,000 rows of a common word took minutes. `+rowid` keeps the search a check on the rows the
  // scenarios select (tens of ms); without scenarios the search drives, as rare words want.
  const narrowed = scenarios.length > 0 || Object.keys(filter.levels ?? {}).length > 0;
  if (match !== null)
    add(`${narrowed ? '+' : ''}rowid IN (SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?)`, match);
  return { sql: clauses.join(' AND '), params };
}

/** The filter without one dimension's levels (what that dimension's counts are taken under). */
function withoutLevel(filter: TranscriptFilter, name: string): TranscriptFilter {
  const levels = { ...filter.levels };
  delete levels[name];
  return { ...filter, levels };
}

type LevelValues = Record<string, { score: number; label: string }>;

/** The dimension values of every scenario of a definition, in its order. */
function scenarioLevels(sqlite: Sqlite, definitionId: string): { id: string; values: LevelValues }[] {
  return many<{ id: string; dimensionsJson: string }>(
    sqlite,
    `SELECT id, dimensions_json AS dimensionsJson FROM scenarios WHERE definition_id = ? ORDER BY ordinal`,
    definitionId,
  ).map((row) => ({ id: row.id, values: JSON.parse(row.dimensionsJson) as LevelValues }));
}

/**
 * How many of the run's transcripts match, per scenario: one GROUP BY over the transcripts alone (joined to the
 * scenarios in SQLite, the planner could run a search once per scenario).
 */
function countsByScenario(sqlite: Sqlite, runId: string, filter: TranscriptFilter): Map<string, number> {
  const { sql, params } = where(runId, filter);
  const rows = many<{ scenarioId: string; n: number }>(
    sqlite,
    `SELECT scenario_id AS scenarioId, count(*) AS n FROM transcripts WHERE ${sql} GROUP BY scenario_id`,
    ...params,
  );
  return new Map(rows.map((row) => [row.scenarioId, row.n]));
}

/**
 * Every dimension of the run's scenarios with each level's label and how many of the run's transcripts match the
 * filter and have that level — the filter's levels of that same dimension left out, as a faceted search counts (so each
 * option says what choosing it would give). One GROUP BY scenario for the dimensions not chosen, one per dimension
 * chosen, summed per level here.
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
  const scenarios = scenarioLevels(sqlite, run.definitionId);
  const chosen = new Set(Object.keys(filter.levels ?? {}));
  const dimensions = new Map<string, Map<number, TranscriptLevelCount>>();
  const tally = (counts: Map<string, number>, only: (name: string) => boolean): void => {
    for (const scenario of scenarios)
      for (const [name, value] of Object.entries(scenario.values)) {
        if (!only(name)) continue;
        const levels = dimensions.get(name) ?? new Map<number, TranscriptLevelCount>();
        dimensions.set(name, levels);
        const level = levels.get(value.score) ?? { score: value.score, label: value.label, transcripts: 0 };
        levels.set(value.score, level);
        level.transcripts += counts.get(scenario.id) ?? 0;
      }
  };
  tally(countsByScenario(sqlite, runId, filter), (name) => !chosen.has(name));
  for (const name of chosen) tally(countsByScenario(sqlite, runId, withoutLevel(filter, name)), (dim) => dim === name);
  // In the scenarios' own order of dimensions.
  const order = Object.keys(scenarios[0]?.values ?? {});
  return [...dimensions]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([name, levels]) => ({ name, levels: [...levels.values()].sort((a, b) => a.score - b.score) }));
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
