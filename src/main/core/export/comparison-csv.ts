/**
 * The comparison of two runs as a tidy table (one row per estimate): per model pair the paired change of the mean
 * and of each dimension's effect, each run's self-disagreement and the flip test against it, with raw, Holm-adjusted
 * and Benjamini–Hochberg p-values and the multiplicity method named on every row. Text cells carry the main CSV's
 * formula guard unless raw; its manifest says which (`formulaGuard`).
 */
import { stringify } from 'csv-stringify/sync';
import type { EffectsComparison, ModelEffectChanges } from '../../../shared/analysis';
import type { PairedChange, SelfConsistency } from '../../../shared/comparison';
import { guardCell } from './csv';
import { writeFileSet } from './file-set';

export const COMPARISON_COLUMNS = [
  'run_a',
  'run_b',
  'pair',
  'model_key_a',
  'model_key_b',
  'kind',
  'dimension',
  'estimate',
  'ci_low',
  'ci_high',
  'df',
  'scenarios',
  'p_value',
  'p_method',
  'p_holm',
  'q_bh',
  'multiplicity',
  'family',
] as const;

/** What each row's estimate is (README "Methods: paired comparisons, noise floor"). */
export const COMPARISON_KINDS = [
  'mean_change',
  'effect_change',
  'self_disagreement_a',
  'self_disagreement_b',
  'cross_disagreement',
  'flip_test',
] as const;

type Cell = string | number | null;
type Row = Record<(typeof COMPARISON_COLUMNS)[number], Cell>;

function pairRows(report: EffectsComparison, pair: ModelEffectChanges): Row[] {
  const base = {
    run_a: report.runA,
    run_b: report.runB,
    pair: pair.label,
    model_key_a: pair.modelA,
    model_key_b: pair.modelB,
    multiplicity: report.multiplicity.method,
    family: report.multiplicity.family,
  };
  const empty = { df: null, p_value: null, p_method: null, p_holm: null, q_bh: null, dimension: null };
  const change = (kind: string, dimension: string | null, c: PairedChange): Row => ({
    ...base,
    kind,
    dimension,
    estimate: c.estimate,
    ci_low: c.ciLow,
    ci_high: c.ciHigh,
    df: c.df,
    scenarios: c.scenarios,
    p_value: c.pValue,
    p_method: c.pMethod,
    p_holm: c.pHolm,
    q_bh: c.qBh,
  });
  // Self-disagreement is one minus the pairwise agreement: its interval is the agreement's, turned around.
  const self = (kind: string, c: SelfConsistency): Row => ({
    ...base,
    ...empty,
    kind,
    estimate: 1 - c.agreement,
    ci_low: c.ciHigh === null ? null : 1 - c.ciHigh,
    ci_high: c.ciLow === null ? null : 1 - c.ciLow,
    df: c.ciLow === null ? null : c.scenarios - 1,
    scenarios: c.scenarios,
  });
  const rows: Row[] = [];
  if (pair.meanChange) rows.push(change('mean_change', null, pair.meanChange));
  for (const d of pair.dimensions) if (d.change) rows.push(change('effect_change', d.dimension, d.change));
  const floor = pair.floor;
  if (floor) {
    if (floor.a) rows.push(self('self_disagreement_a', floor.a));
    if (floor.b) rows.push(self('self_disagreement_b', floor.b));
    if (floor.crossDisagreement !== null)
      rows.push({
        ...base,
        ...empty,
        kind: 'cross_disagreement',
        estimate: floor.crossDisagreement,
        ci_low: null,
        ci_high: null,
        scenarios: null,
      });
    const t = floor.test;
    if (t)
      rows.push({
        ...base,
        kind: 'flip_test',
        dimension: null,
        // The estimate is the share of discordant scenarios that went against the floor (½ under no change).
        estimate: t.betweenOnly + t.withinOnly === 0 ? null : t.betweenOnly / (t.betweenOnly + t.withinOnly),
        ci_low: null,
        ci_high: null,
        df: null,
        scenarios: t.scenarios,
        p_value: t.pValue,
        p_method: 'mcnemar_exact',
        p_holm: t.pHolm,
        q_bh: t.qBh,
      });
  }
  return rows;
}

/** UTF-8 with a BOM, LF, full-precision numbers and empty cells where there is no value, like the main CSV. */
export function comparisonCsv(report: EffectsComparison, raw = false): string {
  const rows: Cell[][] = [[...COMPARISON_COLUMNS]];
  for (const pair of report.models) {
    for (const row of pairRows(report, pair)) {
      const cells = COMPARISON_COLUMNS.map((c) => row[c]);
      rows.push(raw ? cells : cells.map(guardCell));
    }
  }
  return '\ufeff' + stringify(rows, { cast: { number: (value) => (Number.isFinite(value) ? String(value) : '') } });
}

/**
 * Writes `<path>` and `<path>.manifest.json`: the runs, the columns and kinds of row, how the figures were computed,
 * and whether text cells carry the spreadsheet formula guard (`raw`: they do not). Returns both paths.
 */
export async function writeComparisonCsv(report: EffectsComparison, path: string, raw = false): Promise<string[]> {
  const manifestPath = `${path}.manifest.json`;
  const manifest = {
    kind: 'comparison',
    createdAt: new Date().toISOString(),
    runA: report.runA,
    runB: report.runB,
    file: path,
    columns: COMPARISON_COLUMNS,
    kinds: COMPARISON_KINDS,
    method: report.method,
    multiplicity: report.multiplicity,
    raw,
    formulaGuard: !raw,
  };
  // Both files appear together or neither does.
  return writeFileSet(
    [
      { path, content: comparisonCsv(report, raw) },
      {
        path: manifestPath,
        content: JSON.stringify(manifest, null, 2) + '\n',
        action: 'write the comparison manifest',
      },
    ],
    'write the comparison',
  );
}
