/**
 * Bradley–Terry utilities for forced choices between values, with a position term: the chance that the option shown
 * first wins is σ(u_first − u_second + β). Choices can be fractional (a Likert answer's strength toward one side), so
 * the fit maximises the binomial log-likelihood with shares, under a weak N(0, 3²) prior on every utility that keeps
 * the estimates finite when a value always wins (complete separation) and fixes the scale's origin at mean 0.
 *
 * The fit works on cells (first, second) of summed weights and shares, so its cost grows with the number of pairs that
 * met, not with the number of answers: a bootstrap replicate only re-weights clusters' cell contributions.
 */

/** One answer to a forced choice: which values were shown in which order and how much it sided with the first. */
export interface PairedChoice {
  /** The resampling unit (a scenario): answers to one scenario move together in the bootstrap. */
  cluster: string;
  first: number;
  second: number;
  /** 1 = sided fully with the first option, 0 = with the second, 0.5 = neutral; in between for Likert strength. */
  firstShare: number;
  /** How many identical answers this row stands for (default 1): runs report decisions counted per scenario. */
  count?: number;
}

export const countOf = (choice: PairedChoice): number => choice.count ?? 1;

/** The prior's precision on each utility: N(0, 3²), weak next to a handful of answers per pair. */
export const UTILITY_PRIOR_PRECISION = 1 / 9;

export interface CellTable {
  values: number;
  /** Per cell: the first value, the second, the answers' total weight and their summed first-shares. */
  first: Int32Array;
  second: Int32Array;
  weight: Float64Array;
  share: Float64Array;
}

export interface BradleyTerryFit {
  utilities: number[];
  positionBias: number;
  iterations: number;
  converged: boolean;
}

/** Aggregates answers into cells; `weights[i]` multiplies answer i (a bootstrap's cluster multiplicity). */
export function cellTable(values: number, choices: readonly PairedChoice[], weights?: ArrayLike<number>): CellTable {
  const index = new Map<number, number>();
  const first: number[] = [];
  const second: number[] = [];
  const weight: number[] = [];
  const share: number[] = [];
  choices.forEach((choice, i) => {
    const w = (weights ? weights[i]! : 1) * countOf(choice);
    if (!w) return;
    const key = choice.first * values + choice.second;
    let cell = index.get(key);
    if (cell === undefined) {
      cell = first.length;
      index.set(key, cell);
      first.push(choice.first);
      second.push(choice.second);
      weight.push(0);
      share.push(0);
    }
    weight[cell]! += w;
    share[cell]! += w * choice.firstShare;
  });
  return {
    values,
    first: Int32Array.from(first),
    second: Int32Array.from(second),
    weight: Float64Array.from(weight),
    share: Float64Array.from(share),
  };
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Solves the symmetric positive-definite system A x = b in place (Cholesky); A is n×n row-major. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j += 1) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k += 1) d -= a[j * n + k]! * a[j * n + k]!;
    const root = Math.sqrt(Math.max(d, 1e-12));
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i += 1) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k += 1) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = s / root;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let s = b[i]!;
    for (let k = 0; k < i; k += 1) s -= a[i * n + k]! * y[k]!;
    y[i] = s / a[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k += 1) s -= a[k * n + i]! * x[k]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}

/**
 * Newton–Raphson on the penalised log-likelihood (concave, so it converges from any start; `start` warm-starts the
 * bootstrap's replicates). The position term carries no prior: both orders of every pair identify it.
 */
export function fitBradleyTerry(
  table: CellTable,
  options: { positionTerm?: boolean; start?: BradleyTerryFit; maxIterations?: number } = {},
): BradleyTerryFit {
  const k = table.values;
  const withPosition = options.positionTerm ?? true;
  const n = withPosition ? k + 1 : k;
  const theta = new Float64Array(n);
  if (options.start) {
    options.start.utilities.forEach((u, i) => (theta[i] = u));
    if (withPosition) theta[k] = options.start.positionBias;
  }
  const maxIterations = options.maxIterations ?? 50;
  const cells = table.first.length;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations += 1;
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n);
    for (let i = 0; i < k; i += 1) {
      gradient[i] = -UTILITY_PRIOR_PRECISION * theta[i]!;
      hessian[i * n + i] = UTILITY_PRIOR_PRECISION;
    }
    // A vanishing ridge on the position term keeps the system solvable when one order never occurs.
    if (withPosition) hessian[k * n + k] = 1e-8;
    for (let c = 0; c < cells; c += 1) {
      const a = table.first[c]!;
      const b = table.second[c]!;
      const w = table.weight[c]!;
      const p = sigmoid(theta[a]! - theta[b]! + (withPosition ? theta[k]! : 0));
      const residual = table.share[c]! - w * p;
      const info = w * p * (1 - p);
      gradient[a]! += residual;
      gradient[b]! -= residual;
      hessian[a * n + a]! += info;
      hessian[b * n + b]! += info;
      hessian[a * n + b]! -= info;
      hessian[b * n + a]! -= info;
      if (withPosition) {
        gradient[k]! += residual;
        hessian[k * n + k]! += info;
        hessian[a * n + k]! += info;
        hessian[k * n + a]! += info;
        hessian[b * n + k]! -= info;
        hessian[k * n + b]! -= info;
      }
    }
    const step = solveSpd(hessian, gradient, n);
    let largest = 0;
    for (let i = 0; i < n; i += 1) {
      theta[i]! += step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < 1e-9) {
      converged = true;
      break;
    }
  }
  const utilities = Array.from(theta.subarray(0, k));
  const centre = utilities.reduce((s, u) => s + u, 0) / (k || 1);
  return {
    utilities: utilities.map((u) => u - centre),
    positionBias: withPosition ? theta[k]! : 0,
    iterations,
    converged,
  };
}

/** The model's chance that the option shown first is chosen. */
export function predictFirst(fit: BradleyTerryFit, first: number, second: number): number {
  return sigmoid(fit.utilities[first]! - fit.utilities[second]! + fit.positionBias);
}
