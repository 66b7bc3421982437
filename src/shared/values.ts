/**
 * Value priorities (issue 25): the shapes a study's or run's value ranking is reported in, to the renderer, the CLI and
 * the export. Values are named by the definitions' `values:` (the value each end of the scale serves).
 */
import type { ModelRef } from './domain';

export interface Estimate {
  estimate: number;
  low: number | null;
  high: number | null;
  /** The bootstrap standard error, where the interval is built from it. */
  se?: number;
}

export interface Rate {
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface ValueStanding {
  value: number;
  /** 1 = put first. */
  rank: number;
  utility: Estimate;
  /** Share of decisive answers that sided with this value when it was at stake (neutral answers counted apart). */
  winRate: Rate;
  atStake: number;
  neutral: number;
}

export interface ValueRanking {
  values: ValueStanding[];
  /**
   * β: the log-odds advantage of the option shown first (in a Likert dilemma, the value at the scale's top), null
   * when no pair was asked both ways round; and the raw share of decisive answers won by that option.
   */
  positionBias: (Estimate & { firstWins: Rate }) | null;
  heldOut: { pairs: number; answers: number; accuracy: number | null } | null;
  triads: { decided: number; intransitive: number; share: number | null };
  /** Every pair of values that met (a < b): answers, and the strength-weighted share that sided with a. */
  pairs: { a: number; b: number; answers: number; aShare: number }[];
  answers: number;
  clusters: number;
  converged: boolean;
}

export interface ValueChange {
  value: number;
  /** B's utility minus A's. */
  difference: Estimate;
  p: number;
  /** Holm-adjusted over the values compared. */
  adjustedP: number;
  changed: boolean;
}

export interface RankingComparison {
  a: string;
  b: string;
  tau: Estimate | null;
  changes: ValueChange[];
}

export interface ModelValueRanking {
  key: string;
  model: ModelRef;
  ranking: ValueRanking;
  /** Answers that were not a choice: refused, or unreadable. They are counted here, never in the ranking. */
  refusals: number;
  unparseable: number;
}

/** The scenarios in which values a and b (a < b) were set against each other, in one run. */
export interface PairScenarios {
  a: number;
  b: number;
  runId: string;
  scenarios: string[];
}

export interface ValueRankingReport {
  values: string[];
  models: ModelValueRanking[];
  /** τ-b between every two models' utilities (point estimates), keyed "a\u0000b". */
  tauMatrix: { a: string; b: string; tau: number | null }[];
  comparison: RankingComparison | null;
  /**
   * The dilemmas behind the ranking: each run's definition and the two values its scale's ends serve (null for a
   * pairwise design, whose scenarios set many pairs against each other).
   */
  dilemmas: { runId: string; definitionId: string; definitionName: string; high: number | null; low: number | null }[];
  /**
   * Where each pair of values met in a pairwise design: the first such run and the scenarios there (both orders), so
   * a win-matrix cell opens only that pair's transcripts. Pairs that met only in a scale's or options' dilemma have none.
   */
  pairScenarios: PairScenarios[];
  /** Runs whose definition states no values at its scale's ends, so they cannot enter the ranking. */
  skipped: { runId: string; reason: string }[];
  method: {
    model: 'bradley-terry';
    prior: string;
    interval: string;
    confidence: number;
    resamples: number;
    seed: number;
    holdOutShare: number;
    multiplicity: 'holm';
  };
}
