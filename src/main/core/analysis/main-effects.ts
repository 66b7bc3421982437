/**
 * Effects from the whole design: ordinary least squares over scenario means (samples averaged first, so the scenario
 * is the unit and repeated samples are never counted as independent evidence) with one indicator per non-baseline
 * level of every dimension. Each coefficient is that level's average marginal component effect against the baseline
 * (Hainmueller, Hopkins & Yamamoto 2014); any linear contrast of them (highest − lowest) gets a Student-t interval with
 * the residual degrees of freedom (scenarios − parameters), which holds its coverage with few scenarios.
 */
import { studentTQuantile } from './student-t';

export interface DesignDimension {
  /** Level scores present in the design, in display order. */
  levels: number[];
  baseline: number;
}

export interface DesignRow {
  y: number;
  /** The scenario's level score in each dimension, in the dimensions' order. */
  levels: number[];
}

export interface MainEffectsFit {
  /** Column j of the design: the intercept (dimension −1) or one non-baseline level of one dimension. */
  columns: { dimension: number; level: number }[];
  coef: number[];
  /** σ̂² (XᵀX)⁻¹. */
  cov: number[][];
  /** Residual degrees of freedom: scenarios − parameters. */
  df: number;
}

/** (XᵀX)⁻¹ by Gauss–Jordan with partial pivoting; null when the design is singular (a level confounded or missing). */
function invert(matrix: number[][]): number[][] | null {
  const n = matrix.length;
  const a = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  const scale = Math.max(1, ...matrix.map((row, i) => Math.abs(row[i]!)));
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (Math.abs(a[pivot]![col]!) < 1e-10 * scale) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const row = a[col]!;
    const p = row[col]!;
    for (let j = 0; j < 2 * n; j += 1) row[j]! /= p;
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const other = a[r]!;
      const f = other[col]!;
      if (f === 0) continue;
      for (let j = 0; j < 2 * n; j += 1) other[j]! -= f * row[j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

/** The least-squares fit of the additive model; null when the design cannot identify every level. */
export function fitMainEffects(
  rows: readonly DesignRow[],
  dimensions: readonly DesignDimension[],
): MainEffectsFit | null {
  const columns: MainEffectsFit['columns'] = [{ dimension: -1, level: 0 }];
  dimensions.forEach((d, i) => {
    for (const level of d.levels) if (level !== d.baseline) columns.push({ dimension: i, level });
  });
  const p = columns.length;
  if (rows.length < p) return null;
  // Each dimension's level → its column (none for the baseline), so a row finds its columns in one lookup per dimension.
  const columnByLevel = dimensions.map(() => new Map<number, number>());
  columns.forEach((c, j) => {
    if (c.dimension >= 0) columnByLevel[c.dimension]!.set(c.level, j);
  });
  // Each row's columns (the intercept, then one per dimension off its baseline), found once for both passes.
  const width = columnByLevel.length + 1;
  const active = new Int32Array(rows.length * width);
  const count = new Int32Array(rows.length);
  rows.forEach((row, r) => {
    let k = r * width;
    active[k++] = 0;
    for (let d = 0; d < columnByLevel.length; d += 1) {
      const j = columnByLevel[d]!.get(row.levels[d]!);
      if (j !== undefined) active[k++] = j;
    }
    count[r] = k - r * width;
  });
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let r = 0; r < rows.length; r += 1) {
    const y = rows[r]!.y;
    const start = r * width;
    const end = start + count[r]!;
    for (let a = start; a < end; a += 1) {
      const i = active[a]!;
      xty[i]! += y;
      const line = xtx[i]!;
      for (let b = start; b < end; b += 1) line[active[b]!]! += 1;
    }
  }
  const inverse = invert(xtx);
  if (!inverse) return null;
  const coef = inverse.map((r) => r.reduce((sum, v, j) => sum + v * xty[j]!, 0));
  let rss = 0;
  for (let r = 0; r < rows.length; r += 1) {
    const start = r * width;
    const end = start + count[r]!;
    let fitted = 0;
    for (let a = start; a < end; a += 1) fitted += coef[active[a]!]!;
    rss += (rows[r]!.y - fitted) ** 2;
  }
  const df = rows.length - p;
  const sigma2 = df > 0 ? rss / df : Number.NaN;
  return { columns, coef, cov: inverse.map((r) => r.map((v) => v * sigma2)), df };
}

export interface ContrastEstimate {
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
  df: number;
}

/** Σ weight × coefficient over the named columns, with its t interval (none without residual degrees of freedom). */
export function contrastOf(
  fit: MainEffectsFit,
  weights: ReadonlyMap<number, number>,
  confidence: number,
): ContrastEstimate {
  let estimate = 0;
  let variance = 0;
  for (const [i, wi] of weights) {
    estimate += wi * fit.coef[i]!;
    for (const [j, wj] of weights) variance += wi * wj * fit.cov[i]![j]!;
  }
  if (fit.df < 1 || !Number.isFinite(variance)) return { estimate, ciLow: null, ciHigh: null, df: fit.df };
  const half = studentTQuantile(confidence, fit.df) * Math.sqrt(Math.max(0, variance));
  return { estimate, ciLow: estimate - half, ciHigh: estimate + half, df: fit.df };
}

/** The column of one level of one dimension; undefined for the baseline (its effect is 0 by definition). */
export function columnOf(fit: MainEffectsFit, dimension: number, level: number): number | undefined {
  const j = fit.columns.findIndex((c) => c.dimension === dimension && c.level === level);
  return j < 0 ? undefined : j;
}
