/**
 * Many tests on one page: adjusted p-values so that the page as a whole keeps its error rate. Holm's step-down
 * (Holm 1979) controls the family-wise error rate — the chance that any change shown as real is not — under any
 * dependence between the tests; Benjamini–Hochberg's step-up (1995) controls the false discovery rate — the expected
 * share of changes shown as real that are not — for independent or positively dependent tests. Both return adjusted
 * p-values in the input order (null stays null and is not counted in the family), to compare with the usual 0.05.
 */

/** The indices of the non-null p-values, ordered by p (then index, so equal p-values keep a stable order). */
function ranked(pValues: readonly (number | null)[]): number[] {
  const indices: number[] = [];
  pValues.forEach((p, i) => {
    if (p !== null && Number.isFinite(p)) indices.push(i);
  });
  return indices.sort((x, y) => pValues[x]! - pValues[y]! || x - y);
}

/** Holm's step-down adjusted p-values: p_(i) × (m − i + 1), made monotone from the smallest up, capped at 1. */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = ranked(pValues);
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]!));
    out[index] = running;
  });
  return out;
}

/** Benjamini–Hochberg adjusted p-values (q-values): p_(i) × m / i, made monotone from the largest down, capped at 1. */
export function benjaminiHochberg(pValues: readonly (number | null)[]): (number | null)[] {
  const order = ranked(pValues);
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank -= 1) {
    const index = order[rank]!;
    running = Math.min(running, (pValues[index]! * m) / (rank + 1));
    out[index] = running;
  }
  return out;
}

/** The family on one page, as the export and the UI name it. */
export const MULTIPLICITY = {
  method: 'holm',
  alpha: 0.05,
  why:
    'Holm (family-wise): a change is marked only when, over every test on the page, the chance of marking any ' +
    'change that is not real stays below 5 %; Benjamini–Hochberg q-values (false discovery rate) are given beside it',
} as const;
