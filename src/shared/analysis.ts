/**
 * What a dimensional dilemma is for: how each model's decision moves with each dimension's level, how two dimensions
 * interact, and how far models agree on the same scenario. Shapes shared by the core, the renderer and the CLI.
 */
import type { Multiplicity, NoiseFloor, PairedChange } from './comparison';
import type { DimensionValue, ModelRef, ScaleEntry } from './domain';

/** How the intervals were computed, so a figure can be reproduced and cited (README "Methods"). */
export interface IntervalMethod {
  confidence: number;
  /** Percentile bootstrap over scenarios with this many resamples; levels above `bootstrapMaxScenarios` use `normal`. */
  resamples: number;
  seed: number;
  bootstrapMaxScenarios: number;
}

/** The mean decision of one model at one level of one dimension. */
export interface LevelEstimate {
  level: number;
  label: string;
  /** Scenarios at this level with at least one scored answer (the interval's unit: n = scenarios). */
  scenarios: number;
  /** Scored answers behind the mean. */
  n: number;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Every answer at this level: scored, refusals and unparseable. */
  answers: number;
  /** Refusals among the answers at this level, with a Wilson interval (a refusal rising with a level is a finding). */
  refusals: RateEstimate;
  unparseable: RateEstimate;
  /** 't': Student-t over scenario means (n − 1 df); null below MIN_INTERVAL_SCENARIOS ("too few scenarios"). */
  method: 't' | 'bootstrap' | 'normal' | null;
}

/** A count among a level's answers with its rate and 95 % Wilson score interval (null rate without answers). */
export interface RateEstimate {
  count: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** Fewer scenarios than this at a level, or no residual degrees of freedom in the model: no interval is shown. */
export const MIN_INTERVAL_SCENARIOS = 2;

/** One level's average marginal component effect against the dimension's baseline level (main-effects model). */
export interface AmceEstimate {
  level: number;
  label: string;
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** The model's residual degrees of freedom (scenarios − parameters). */
  df: number;
}

export interface EffectEstimate {
  /** Highest level minus lowest level (by level score). */
  fromLevel: number;
  toLevel: number;
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface DimensionEffect {
  dimension: string;
  levels: LevelEstimate[];
  /** The named contrast "highest − lowest" level, from the main-effects model. */
  effect: EffectEstimate | null;
  /** The level every AMCE is measured against (default the first level); null without a model fit. */
  baseline: number | null;
  /** Every other level against the baseline (empty when the design cannot identify them). */
  amce: AmceEstimate[];
}

export interface ModelEffects {
  modelKey: string;
  model: ModelRef;
  /** Answers left out of every mean, counted here so nothing is silently dropped. */
  refusals: number;
  unparseable: number;
  scored: number;
  /** Scenarios with at least one scored answer: the rows of the main-effects model. */
  scenarios: number;
  /** scenarios − parameters of the main-effects model; null when it could not be fitted. */
  residualDf: number | null;
  dimensions: DimensionEffect[];
}

export interface EffectsReport {
  runId: string;
  scale: ScaleEntry[];
  dimensions: { name: string; levels: { score: number; label: string }[] }[];
  method: IntervalMethod;
  models: ModelEffects[];
}

export interface InteractionCell {
  levelA: number;
  levelB: number;
  scenarios: number;
  n: number;
  mean: number | null;
}

export interface InteractionReport {
  runId: string;
  dimensionA: string;
  dimensionB: string;
  levelsA: { score: number; label: string }[];
  levelsB: { score: number; label: string }[];
  models: { modelKey: string; model: ModelRef; cells: InteractionCell[] }[];
}

export interface AgreementPair {
  modelA: string;
  modelB: string;
  /** Scenarios both models answered (any decision, refusals included). */
  compared: number;
  /** Same decision (the modal one when a scenario was sampled several times). */
  exact: number;
  /** Both scored and at most one point apart on the scale. */
  withinOne: number;
  /** Scenarios where both models gave a score (the denominator of withinOne). */
  bothScored: number;
  /**
   * Scenarios where either model's modal decision was a tie (repeated samples split evenly): counted apart, in none of
   * exact, withinOne, bothScored or kappa, since breaking the tie would invent a decision.
   */
  tied: number;
  /** Cohen's κ with linear weights over the scenarios both scored (README "Methods"); null when undefined. */
  kappa: ChanceCorrected | null;
}

/** A chance-corrected agreement (1 perfect, 0 chance) with a jackknife Student-t interval over scenarios. */
export interface ChanceCorrected {
  estimate: number;
  /** Null below MIN_CHANCE_SCENARIOS scenarios. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Scenarios behind the figure. */
  scenarios: number;
}

export interface DisagreementSide {
  modelKey: string;
  transcriptId: string;
  score: number | null;
  decision: string;
}

export interface Disagreement {
  scenarioId: string;
  dimensions: Record<string, DimensionValue>;
  /** |score A − score B|; null when one side has no score (a refusal against an answer). */
  distance: number | null;
  a: DisagreementSide;
  b: DisagreementSide;
}

export interface AgreementReport {
  runId: string;
  pairs: AgreementPair[];
  /** Krippendorff's α (ordinal) over every model's untied modal scores; null with fewer than three models. */
  alpha: ChanceCorrected | null;
  /** The scenarios where models disagree most (largest distance first, then refusal-vs-answer). */
  disagreements: Disagreement[];
}

/** How one dimension's effect changed from run A to run B for one model pair. */
export interface EffectChange {
  dimension: string;
  a: EffectEstimate | null;
  b: EffectEstimate | null;
  /**
   * Effect in B minus effect in A (highest − lowest), paired: the main-effects model fitted to each shared scenario's
   * difference of means, with its t interval and p-value.
   */
  change: PairedChange | null;
}

export interface ModelEffectChanges {
  /** The pair's name (the shared key, or provider:model when the versions differ). */
  label: string;
  modelA: string | null;
  modelB: string | null;
  /** The change of the mean decision B − A over the scenarios scored in both (paired t, sign-flip p). */
  meanChange: PairedChange | null;
  /** Changed decisions against each run's self-disagreement. */
  floor: NoiseFloor | null;
  dimensions: EffectChange[];
}

export interface EffectsComparison {
  runA: string;
  runB: string;
  method: IntervalMethod;
  multiplicity: Multiplicity;
  models: ModelEffectChanges[];
}
