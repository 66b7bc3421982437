/**
 * Per-model results of a run, aggregated in SQLite with GROUP BY so a run of any size costs a handful of small
 * queries: versions used, decision distribution (scale order), mean and median, refusals, unparseable answers and
 * failures by error class. Nothing is dropped: every transcript lands in exactly one bucket.
 */
import type Database from 'better-sqlite3';
import type { JobStatus, ModelRef, ScaleEntry } from '../../../shared/domain';
import { parseModelKey } from '../../../shared/domain';
import type {
  DecisionBucket,
  DecisionKind,
  FailureClass,
  ModelResults,
  ResultsSummary,
  VersionUse,
} from '../../../shared/results';
import { loadRunInfo } from './run-info';

interface DecisionRow {
  modelKey: string;
  decision: string;
  parsePath: string;
  score: number | null;
  n: number;
}

interface VersionRow {
  modelKey: string;
  requested: string | null;
  reported: string | null;
  n: number;
}

interface JobRow {
  modelKey: string;
  status: JobStatus;
  n: number;
}

interface FailureRow {
  modelKey: string;
  code: string | null;
  n: number;
  example: string | null;
}

export function decisionKind(row: { decision: string; parsePath: string; score: number | null }): DecisionKind {
  if (row.decision === 'refusal' || row.parsePath === 'refusal') return 'refusal';
  // An answer without a score cannot be placed on the scale: count it as unparseable rather than lose it.
  if (row.score === null || row.decision === 'unparseable' || row.parsePath === 'unparseable') return 'unparseable';
  return 'answer';
}

export function resultsSummary(sqlite: Database.Database, runId: string): ResultsSummary {
  const info = loadRunInfo(sqlite, runId);
  const decisions = sqlite
    .prepare(
      `SELECT model_key AS modelKey, decision, parse_path AS parsePath, score, COUNT(*) AS n
       FROM transcripts WHERE run_id = ? GROUP BY model_key, decision, parse_path, score`,
    )
    .all(runId) as DecisionRow[];
  const versions = sqlite
    .prepare(
      `SELECT model_key AS modelKey, model_version AS requested, reported_model_version AS reported, COUNT(*) AS n
       FROM transcripts WHERE run_id = ? GROUP BY model_key, model_version, reported_model_version ORDER BY n DESC`,
    )
    .all(runId) as VersionRow[];
  const jobs = sqlite
    .prepare(
      `SELECT model_key AS modelKey, status, COUNT(*) AS n FROM jobs WHERE run_id = ? GROUP BY model_key, status`,
    )
    .all(runId) as JobRow[];
  const failures = sqlite
    .prepare(
      `SELECT model_key AS modelKey, json_extract(last_error_json, '$.code') AS code, COUNT(*) AS n,
        MIN(json_extract(last_error_json, '$.message')) AS example
       FROM jobs WHERE run_id = ? AND status = 'failed' GROUP BY model_key, code ORDER BY n DESC`,
    )
    .all(runId) as FailureRow[];

  // Configured models first, in the run's order; any key seen only in rows (never expected) is still shown.
  const keys = new Map<string, ModelRef>(info.models.map(({ key, model }) => [key, model]));
  for (const row of [...decisions, ...jobs])
    if (!keys.has(row.modelKey)) keys.set(row.modelKey, modelFromKey(row.modelKey));

  const models = [...keys.entries()].map(([key, model]) =>
    modelResults(
      key,
      model,
      info.scale,
      decisions.filter((r) => r.modelKey === key),
      versions.filter((r) => r.modelKey === key),
      jobs.filter((r) => r.modelKey === key),
      failures.filter((r) => r.modelKey === key),
    ),
  );
  return {
    runId,
    definitionId: info.definitionId,
    snapshotHash: info.snapshotHash,
    scale: info.scale,
    totalDecisions: models.reduce((sum, m) => sum + m.decisions, 0),
    models,
  };
}

function modelResults(
  key: string,
  model: ModelRef,
  scale: ScaleEntry[],
  decisions: DecisionRow[],
  versions: VersionRow[],
  jobs: JobRow[],
  failures: FailureRow[],
): ModelResults {
  const scores = new Map<number, { n: number; label: string }>();
  let refusals = 0;
  let unparseable = 0;
  for (const row of decisions) {
    const kind = decisionKind(row);
    if (kind === 'refusal') refusals += row.n;
    else if (kind === 'unparseable') unparseable += row.n;
    else {
      const score = row.score as number;
      const entry = scores.get(score) ?? { n: 0, label: row.decision };
      entry.n += row.n;
      scores.set(score, entry);
    }
  }
  const histogram = [...scores.entries()].map(([score, { n }]) => ({ score, n })).sort((a, b) => a.score - b.score);
  const scored = histogram.reduce((sum, h) => sum + h.n, 0);
  const jobCount = (status: JobStatus): number => jobs.find((j) => j.status === status)?.n ?? 0;
  return {
    modelKey: key,
    model,
    versions: versions.map((v): VersionUse => ({ requested: v.requested, reported: v.reported, count: v.n })),
    decisions: scored + refusals + unparseable,
    scored,
    meanScore: scored > 0 ? histogram.reduce((sum, h) => sum + h.score * h.n, 0) / scored : null,
    medianScore: medianOf(histogram),
    refusals,
    unparseable,
    distribution: distribution(scale, scores, refusals, unparseable),
    failed: jobCount('failed'),
    failures: failures.map((f): FailureClass => ({ code: f.code ?? 'UNKNOWN', count: f.n, example: f.example ?? '' })),
    remaining: jobCount('pending') + jobCount('running'),
    cancelled: jobCount('cancelled'),
  };
}

/** Median of a histogram sorted by score: the middle value, or the mean of the two middle values. */
export function medianOf(histogram: { score: number; n: number }[]): number | null {
  const total = histogram.reduce((sum, h) => sum + h.n, 0);
  if (total === 0) return null;
  const valueAt = (index: number): number => {
    let seen = 0;
    for (const h of histogram) {
      seen += h.n;
      if (index < seen) return h.score;
    }
    return histogram[histogram.length - 1]!.score;
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

function distribution(
  scale: ScaleEntry[],
  scores: Map<number, { n: number; label: string }>,
  refusals: number,
  unparseable: number,
): DecisionBucket[] {
  const onScale = new Set(scale.map((s) => s.code));
  const buckets: DecisionBucket[] = scale.map((entry) => ({
    kind: 'answer',
    code: entry.code,
    label: entry.label,
    count: scores.get(entry.code)?.n ?? 0,
    onScale: true,
  }));
  const offScale = [...scores.entries()].filter(([code]) => !onScale.has(code)).sort((a, b) => a[0] - b[0]);
  for (const [code, { n, label }] of offScale) buckets.push({ kind: 'answer', code, label, count: n, onScale: false });
  buckets.push({ kind: 'refusal', code: null, label: 'refusal', count: refusals, onScale: false });
  buckets.push({ kind: 'unparseable', code: null, label: 'unparseable', count: unparseable, onScale: false });
  return buckets;
}

function modelFromKey(key: string): ModelRef {
  try {
    return parseModelKey(key);
  } catch {
    return { providerId: 'compat', modelId: key, modelVersion: null };
  }
}
