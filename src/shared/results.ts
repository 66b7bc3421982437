/**
 * Results as the UI, CLI and tests see them: per-model aggregates computed in SQL, the per-scenario breakdown, related
 * runs and the comparison of two runs (the routes are in ipc/results.ts).
 */
import type { SelfConsistency } from './comparison';
import type { DimensionValue, ModelRef, RunSummary, ScaleEntry, UnreadAnswers } from './domain';
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
  /** How consistent the model's repeated samples were; null when the run asked each scenario once. */
  consistency: ModelConsistency | null;
}

/**
 * A model's consistency over a run with repeated samples (README "Methods"): the mean, over the scenarios with at
 * least two scored answers and a scored mode, of the share of scored answers giving the modal score, and of the spread.
 */
export interface ModelConsistency {
  /** Scenarios the model answered at least once. */
  scenarios: number;
  /** Scenarios behind the means (two or more scored answers, the mode a score). */
  measured: number;
  meanConsistency: number | null;
  /** Mean of (highest − lowest score) per measured scenario. */
  meanSpread: number | null;
  /** Measured scenarios whose scored answers all agreed. */
  unanimous: number;
  /** Scenarios whose mode was a tie (shown as a tie; counted apart in comparisons and agreement). */
  tied: number;
  /**
   * Consistency that does not depend on the number of samples: the probability that two samples of one scenario give
   * the same decision (refusals and unparseable answers count as decisions, as in the mode), with its t interval over
   * scenarios, and the mean per-scenario entropy; null when no scenario has two answers.
   */
  pairwise: SelfConsistency | null;
}

/** One scenario × model over its repeated samples: the modal decision, how consistent and how spread. */
export interface ScenarioConsistency {
  modelKey: string;
  modeScore: number | null;
  modeDecision: string;
  /** The first transcript that gave the modal decision. */
  transcriptId: string;
  /** Answers giving the modal decision. */
  modeCount: number;
  /** Answers (transcripts), refusals and unparseable included. */
  answers: number;
  scored: number;
  /** Share of the scored answers giving the modal score; null when the mode is a refusal or unparseable. */
  consistency: number | null;
  /** Highest minus lowest score among the scored answers; null when none is scored. */
  spread: number | null;
  /** Probability that two of its answers give the same decision (every answer counted); null with one answer. */
  agreement: number | null;
  /** Entropy of its decisions in bits (0 when every answer agrees). */
  entropy: number;
  /** Another decision was given as often; the mode is the lower score. */
  tied: boolean;
  /** On a tie, the next decision given as often ("tie: 2 and 4"); null otherwise. */
  tiedWith: string | null;
}

export interface ResultsSummary {
  runId: string;
  /** How many times the run asked each scenario of each model (1 for runs before repeated samples). */
  samples: number;
  definitionId: string;
  snapshotHash: string;
  scale: ScaleEntry[];
  totalDecisions: number;
  models: ModelResults[];
  /** Models with more than 5 % of their answers unparseable (UNREAD_WARN_SHARE), with three example replies. */
  unread: UnreadAnswers[];
}

export interface ScenarioCell {
  modelKey: string;
  /** The repeated sample (1-based); cells come by model, then sample. */
  sample: number;
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
  /** Per model that answered, the mode over its samples; empty when the run asked each scenario once. */
  consistency: ScenarioConsistency[];
}

export interface ScenarioResultsPage {
  /** The run's samples per scenario and model: above 1, rows carry `consistency`. */
  samples: number;
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
  a: FlipSide;
  b: FlipSide;
}

/** One run's side of a flipped scenario: its decision, or with repeated samples its modal decision. */
export interface FlipSide {
  modelKey: string;
  /** The answer (with samples: the first one giving the modal decision). */
  transcriptId: string;
  score: number | null;
  decision: string;
  /** Answers giving this decision, of `answers` (1 of 1 without repeated samples). */
  modeCount: number;
  answers: number;
}

export interface RunComparison {
  runA: RunSummary;
  runB: RunSummary;
  scale: ScaleEntry[];
  models: ComparedModel[];
  /** Above 1 when either run has repeated samples: scenarios are then compared by their modal decisions. */
  samples: { a: number; b: number };
  /** Scenarios answered by both runs whose (untied modal) decision differs, for every model pair. */
  flippedTotal: number;
  /** Scenarios answered by both runs, for every model pair (flipped, the same, or tied). */
  comparedTotal: number;
  /**
   * Scenarios whose modal decision is a tie in either run (repeated samples split evenly): neither flipped nor the
   * same, since breaking the tie would invent a decision.
   */
  tiedTotal: number;
  flipped: FlippedScenario[];
}
