/**
 * Paired comparisons of two runs on the same scenarios (README "Methods"): the change of a mean or an effect from
 * per-scenario differences, the flips judged against each run's self-disagreement, and the page's multiplicity
 * control. Shapes shared by the core, the renderer and the CLI.
 */

/** A change B − A from per-scenario differences, with its p-value raw and adjusted over the page's family. */
export interface PairedChange {
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Degrees of freedom of the t interval (pairs − 1 for a mean, the paired model's residual df for an effect). */
  df: number | null;
  /** Scenarios scored in both runs: the pairs. */
  scenarios: number;
  /** Two-sided p-value for "no change"; null without an interval. */
  pValue: number | null;
  /** `sign_flip_exact`/`sign_flip_mc`: sign-flip permutation of the differences; `t`: the paired t (or OLS t) test. */
  pMethod: 'sign_flip_exact' | 'sign_flip_mc' | 't' | null;
  /** Holm-adjusted p over every test on the page (family-wise); a change is marked when below 0.05. */
  pHolm: number | null;
  /** Benjamini–Hochberg q-value over the same family (false discovery rate). */
  qBh: number | null;
}

/** A run's consistency from repeated samples: pairwise agreement of a scenario's samples, and their entropy. */
export interface SelfConsistency {
  /** The probability that two samples of one scenario give the same decision (mean over scenarios). */
  agreement: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Mean per-scenario entropy of the decisions, in bits (0 = every sample alike). */
  entropy: number;
  /** Scenarios with at least two samples. */
  scenarios: number;
}

/** Whether the decisions of a model pair changed more than each run's own sample-to-sample noise. */
export interface NoiseFloor {
  /** Self-consistency of each side; null with one sample per scenario (the floor is then unknown). */
  a: SelfConsistency | null;
  b: SelfConsistency | null;
  /** The probability that one sample of A and one of B differ on a scenario (mean over shared scenarios). */
  crossDisagreement: number | null;
  /** McNemar's exact test of between-run against within-run disagreement; null when neither run has repeats. */
  test: {
    scenarios: number;
    floorSide: 'a' | 'b';
    betweenOnly: number;
    withinOnly: number;
    pValue: number;
    pHolm: number | null;
    qBh: number | null;
  } | null;
  /** Why there is no test (one sample per scenario on both sides: how many samples would measure the floor). */
  note: string | null;
}

/** How the page's family of tests is controlled. */
export interface Multiplicity {
  method: 'holm';
  alpha: number;
  /** Tests in the family (every p-value on the page). */
  family: number;
  why: string;
}
