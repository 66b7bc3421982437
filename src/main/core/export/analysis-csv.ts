/**
 * The interaction of two dimensions and the agreement between models as tidy CSV (issue 21), each with a manifest:
 * `interactionCsv` one row per model and pair of levels (the heat map's cells), `agreementCsv` one row per pair of
 * models. UTF-8 with a BOM, numbers at full precision, text cells guarded against formula evaluation unless raw.
 */
import type { AgreementReport, InteractionReport } from '../../../shared/analysis';
import { csvLines, guardCell, type Cell } from './csv';
import { writeFileSet } from './file-set';

/** One row per model and cell: the mean decision over the answers where dimension A has level_a and B has level_b. */
export const INTERACTION_COLUMNS = [
  'run_id',
  'model_key',
  'provider_id',
  'model_id',
  'model_version',
  'dimension_a',
  'level_a',
  'level_a_label',
  'dimension_b',
  'level_b',
  'level_b_label',
  'scenarios',
  'answers',
  'mean',
] as const;

/** One row per pair of models over the scenarios both answered (modal decisions; ties counted apart). */
export const AGREEMENT_COLUMNS = [
  'run_id',
  'model_a',
  'model_b',
  'compared',
  'exact',
  'exact_rate',
  'within_one',
  'both_scored',
  'within_one_rate',
  'tied',
  'kappa',
  'kappa_low',
  'kappa_high',
  'kappa_scenarios',
] as const;

const table = (header: readonly string[], rows: Cell[][], raw: boolean): string =>
  '\ufeff' + csvLines([[...header], ...(raw ? rows : rows.map((row) => row.map(guardCell)))]);

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function interactionCsv(report: InteractionReport, raw = false): string {
  const labelA = new Map(report.levelsA.map((l) => [l.score, l.label]));
  const labelB = new Map(report.levelsB.map((l) => [l.score, l.label]));
  const rows: Cell[][] = [];
  for (const m of report.models)
    for (const a of report.levelsA)
      for (const b of report.levelsB) {
        const cell = m.cells.find((c) => c.levelA === a.score && c.levelB === b.score);
        rows.push([
          report.runId,
          m.modelKey,
          m.model.providerId,
          m.model.modelId,
          m.model.modelVersion ?? null,
          report.dimensionA,
          a.score,
          labelA.get(a.score) ?? null,
          report.dimensionB,
          b.score,
          labelB.get(b.score) ?? null,
          cell?.scenarios ?? 0,
          cell?.n ?? 0,
          cell?.mean ?? null,
        ]);
      }
  return table(INTERACTION_COLUMNS, rows, raw);
}

export function agreementCsv(report: AgreementReport, raw = false): string {
  const rows: Cell[][] = report.pairs.map((p) => [
    report.runId,
    p.modelA,
    p.modelB,
    p.compared,
    p.exact,
    rate(p.exact, p.compared - p.tied),
    p.withinOne,
    p.bothScored,
    rate(p.withinOne, p.bothScored),
    p.tied,
    p.kappa?.estimate ?? null,
    p.kappa?.ciLow ?? null,
    p.kappa?.ciHigh ?? null,
    p.kappa?.scenarios ?? null,
  ]);
  return table(AGREEMENT_COLUMNS, rows, raw);
}

const METHODS = {
  interaction:
    'mean decision per model and pair of levels over scored answers (refusals and unparseable answers left out); README "Methods"',
  agreement:
    'modal decision per scenario and model; exact = same decision, within_one = both scored and at most one point apart; ' +
    'ties counted apart; kappa = Cohen\'s kappa with linear weights, jackknife t interval over scenarios; README "Methods"',
} as const;

/** Writes `<path>` and `<path>.manifest.json` (kind, run, columns, method); returns both paths. */
export async function writeAnalysisCsv(
  kind: 'interaction' | 'agreement',
  report: InteractionReport | AgreementReport,
  path: string,
  raw = false,
): Promise<string[]> {
  const text =
    kind === 'interaction'
      ? interactionCsv(report as InteractionReport, raw)
      : agreementCsv(report as AgreementReport, raw);
  const manifestPath = `${path}.manifest.json`;
  const manifest = {
    kind,
    createdAt: new Date().toISOString(),
    runId: report.runId,
    file: path,
    columns: kind === 'interaction' ? INTERACTION_COLUMNS : AGREEMENT_COLUMNS,
    method: METHODS[kind],
    raw,
    formulaGuard: !raw,
    ...(kind === 'interaction'
      ? {
          dimensions: [(report as InteractionReport).dimensionA, (report as InteractionReport).dimensionB],
          levels: { a: (report as InteractionReport).levelsA, b: (report as InteractionReport).levelsB },
        }
      : { alpha: (report as AgreementReport).alpha }),
  };
  // The table and its manifest appear together or neither does.
  return writeFileSet(
    [
      { path, content: text },
      { path: manifestPath, content: JSON.stringify(manifest, null, 2) + '\n', action: `write the ${kind} manifest` },
    ],
    `write the ${kind} table`,
  );
}
