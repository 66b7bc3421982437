/**
 * Per-model results of a run, aggregated in SQLite with GROUP BY so a run of any size costs a handful of small
 * queries: versions used, decision distribution (scale order), mean and median, refusals, unparseable answers and
 * failures by error class. Nothing is dropped: every transcript lands in exactly one bucket.
 */
import type { SelfConsistency } from '../../../shared/comparison';
import type { JobStatus, ModelRef, ScaleEntry } from '../../../shared/domain';
import { parseModelKey } from '../../../shared/domain';
import type {
  DecisionBucket,
  FailureClass,
  ModelConsistency,
  ModelResults,
  ResultsSummary,
  VersionUse,
} from '../../../shared/results';
import { decisionKind } from '../../../shared/vocabulary';
import { DEFAULT_INTERVAL_METHOD } from '../analysis/bootstrap';
import { proportionMeanInterval } from '../analysis/noise-floor';
import { modelConsistency, type ModelConsistencyRow } from '../store/consistency';
import { failuresByModel, jobCountsByModel, type FailureCountRow, type JobCountRow } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { decisionCounts, versionCounts, type DecisionCountRow, type VersionCountRow } from '../store/transcripts';
import { loadRunInfo } from './run-info';
import { unreadAnswers } from './unread';

export function resultsSummary(sqlite: Sqlite, runId: string): ResultsSummary {
  const info = loadRunInfo(sqlite, runId);
  const decisions = decisionCounts(sqlite, runId);
  const versions = versionCounts(sqlite, runId);
  const jobs = jobCountsByModel(sqlite, runId);
  const failures = failuresByModel(sqlite, runId);
  // Only a run with repeated samples has anything to be consistent about; the others skip the query.
  const consistency = info.samples > 1 ? modelConsistency(sqlite, runId) : null;

  // Configured models first, in the run's order; any key seen only in rows (never expected) is still shown.
  const keys = new Map<string, ModelRef>(info.models.map(({ key, model }) => [key, model]));
  for (const row of [...decisions, ...jobs])
    if (!keys.has(row.modelKey)) keys.set(row.modelKey, modelFromKey(row.modelKey));

  const models = [...keys.entries()].map(([key, model]) => ({
    ...modelResults(
      key,
      model,
      info.scale,
      decisions.filter((r) => r.modelKey === key),
      versions.filter((r) => r.modelKey === key),
      jobs.filter((r) => r.modelKey === key),
      failures.filter((r) => r.modelKey === key),
    ),
    consistency: consistency ? consistencyOf(consistency.find((r) => r.modelKey === key)) : null,
  }));
  return {
    runId,
    samples: info.samples,
    definitionId: info.definitionId,
    snapshotHash: info.snapshotHash,
    scale: info.scale,
    totalDecisions: models.reduce((sum, m) => sum + m.decisions, 0),
    models,
    unread: unreadAnswers(sqlite, runId),
  };
}

function modelResults(
  key: string,
  model: ModelRef,
  scale: ScaleEntry[],
  decisions: DecisionCountRow[],
  versions: VersionCountRow[],
  jobs: JobCountRow[],
  failures: FailureCountRow[],
): Omit<ModelResults, 'consistency'> {
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

/** A model's consistency row as the results show it; a model with no answers yet has zeros and no means. */
function consistencyOf(row: ModelConsistencyRow | undefined): ModelConsistency {
  return {
    scenarios: row?.scenarios ?? 0,
    measured: row?.measured ?? 0,
    meanConsistency: row?.meanConsistency ?? null,
    meanSpread: row?.meanSpread ?? null,
    unanimous: row?.unanimous ?? 0,
    tied: row?.tied ?? 0,
    pairwise: pairwiseOf(row),
  };
}

/** The pairwise agreement over scenarios with two or more answers, with its 95 % t interval (README "Methods"). */
function pairwiseOf(row: ModelConsistencyRow | undefined): SelfConsistency | null {
  if (!row || row.paired === 0 || row.meanAgreement === null) return null;
  const { low, high } = proportionMeanInterval(
    row.paired,
    row.meanAgreement,
    row.meanAgreementSq ?? 0,
    DEFAULT_INTERVAL_METHOD.confidence,
  );
  return {
    agreement: row.meanAgreement,
    ciLow: low,
    ciHigh: high,
    entropy: row.meanEntropy ?? 0,
    scenarios: row.paired,
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
