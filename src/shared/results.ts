/**
 * Results as the UI, CLI and tests see them: per-model aggregates computed in SQL, the per-scenario breakdown, related
 * runs and the comparison of two runs (the routes are in ipc/results.ts).
 */
import type { DimensionValue, ModelRef, RunSummary, ScaleEntry } from './domain';
import type { DecisionKind } from './vocabulary';

export type { DecisionKind } from './vocabulary';

export interface DecisionBucket {
  kind: DecisionKind;
  /** The score code for answers; null for refusals and unparseable answers. */
  code: number | null;
  label: string;
  count: number;
  /** False for a code the model gave that the definition's scale does not list. */
  onScale: boolean;
}

/** One (requested, reported) version pair actually seen in a model's transcripts. */
export interface VersionUse {
  requested: string | null;
  reported: string | null;
  count: number;
}

export interface FailureClass {
  code: string;
  count: number;
  example: string;
}

export interface ModelResults {
  modelKey: string;
  model: ModelRef;
  versions: VersionUse[];
  /** Every recorded decision: scored answers + refusals + unparseable. */
  decisions: number;
  scored: number;
  meanScore: number | null;
  medianScore: number | null;
  refusals: number;
  unparseable: number;
  /** The scale in order (every entry, zero counts included), then any off-scale codes, refusals and unparseable. */
  distribution: DecisionBucket[];
  failed: number;
  failures: FailureClass[];
  /** Jobs not yet finished (pending or running) and jobs cancelled before they ran. */
  remaining: number;
  cancelled: number;
}

export interface ResultsSummary {
  runId: string;
  definitionId: string;
  snapshotHash: string;
  scale: ScaleEntry[];
  totalDecisions: number;
  models: ModelResults[];
}

export interface ScenarioCell {
  modelKey: string;
  jobStatus: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  transcriptId: string | null;
  score: number | null;
  decision: string | null;
  reportedModelVersion: string | null;
  errorCode: string | null;
}

export interface ScenarioResultRow {
  scenarioId: string;
  ordinal: number;
  dimensions: Record<string, DimensionValue>;
  cells: ScenarioCell[];
}

export interface ScenarioResultsPage {
  total: number;
  offset: number;
  limit: number;
  dimensionNames: string[];
  modelKeys: string[];
  rows: ScenarioResultRow[];
}

export interface RelatedRuns {
  parent: RunSummary | null;
  children: RunSummary[];
}

/** A model of run A paired with its counterpart in run B (same provider and model id, possibly another version). */
export interface ComparedModel {
  label: string;
  a: ModelResults | null;
  b: ModelResults | null;
}

export interface FlippedScenario {
  scenarioId: string;
  dimensions: Record<string, DimensionValue>;
  pairLabel: string;
  a: { modelKey: string; transcriptId: string; score: number | null; decision: string };
  b: { modelKey: string; transcriptId: string; score: number | null; decision: string };
}

export interface RunComparison {
  runA: RunSummary;
  runB: RunSummary;
  scale: ScaleEntry[];
  models: ComparedModel[];
  /** Scenarios answered by both runs whose decision differs, for every model pair. */
  flippedTotal: number;
  /** Scenarios answered by both runs, for every model pair (the denominator of flippedTotal). */
  comparedTotal: number;
  flipped: FlippedScenario[];
}
