/**
 * Value priorities as tidy CSV (issue 25): `<file>` has one row per model and value (rank, utility with its interval,
 * win rate with its interval, answers at stake, neutral answers), `<file>.pairs.csv` one row per model and pair of
 * values that met (answers, the share siding with each), and `<file>.manifest.json` the method, seed, runs and
 * dilemmas. UTF-8 with a BOM, numbers at full precision, text cells guarded against formula evaluation.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ValueRankingReport } from '../../../shared/values';
import { fsErrorToAppError } from '../util/fs-errors';
import { csvLines, guardCell, type Cell } from './csv';
import { partialPathFor } from './write-file';
import { writeFileSet } from './file-set';

export const VALUE_COLUMNS = [
  'model_key',
  'provider_id',
  'model_id',
  'model_version',
  'value',
  'rank',
  'utility',
  'utility_low',
  'utility_high',
  'utility_se',
  'win_rate',
  'win_rate_low',
  'win_rate_high',
  'at_stake',
  'neutral',
] as const;

export const PAIR_COLUMNS = ['model_key', 'value_a', 'value_b', 'answers', 'share_a', 'share_b'] as const;

const table = (header: readonly string[], rows: Cell[][]): string =>
  '\ufeff' + csvLines([[...header], ...rows.map((row) => row.map(guardCell))]);

export function valueRankingCsv(report: ValueRankingReport): { values: string; pairs: string } {
  const values: Cell[][] = [];
  const pairs: Cell[][] = [];
  for (const m of report.models) {
    for (const v of [...m.ranking.values].sort((a, b) => a.rank - b.rank)) {
      const asked = v.atStake > 0;
      values.push([
        m.key,
        m.model.providerId,
        m.model.modelId,
        m.model.modelVersion ?? null,
        report.values[v.value] ?? null,
        v.rank,
        asked ? v.utility.estimate : null,
        asked ? v.utility.low : null,
        asked ? v.utility.high : null,
        asked ? (v.utility.se ?? null) : null,
        v.winRate.rate,
        v.winRate.low,
        v.winRate.high,
        v.atStake,
        v.neutral,
      ]);
    }
    for (const p of m.ranking.pairs)
      pairs.push([m.key, report.values[p.a] ?? null, report.values[p.b] ?? null, p.answers, p.aShare, 1 - p.aShare]);
  }
  return { values: table(VALUE_COLUMNS, values), pairs: table(PAIR_COLUMNS, pairs) };
}

/** Writes `content` to a temporary file beside `path`, renamed into place only when complete. */
export async function writeAtomically(
  path: string,
  content: string | Buffer,
  action = 'write the value ranking',
): Promise<void> {
  const partial = partialPathFor(path);
  try {
    await writeFile(partial, content);
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw fsErrorToAppError(error, action, path);
  }
}

/** Writes the three files; returns their paths. */
export async function writeValueRanking(
  report: ValueRankingReport,
  path: string,
  source: { studyId?: string; runIds: string[] },
): Promise<string[]> {
  const { values, pairs } = valueRankingCsv(report);
  const pairsPath = path.replace(/\.csv$/i, '') + '.pairs.csv';
  const manifestPath = `${path}.manifest.json`;
  const manifest = {
    kind: 'value-ranking',
    createdAt: new Date().toISOString(),
    ...source,
    files: { values: path, pairs: pairsPath },
    // By name, beside the file (browser mode's download bundles the sidecars a manifest names).
    sidecars: { pairs: basename(pairsPath) },
    columns: { values: VALUE_COLUMNS, pairs: PAIR_COLUMNS },
    method: report.method,
    values: report.values,
    dilemmas: report.dilemmas,
    skipped: report.skipped,
    models: report.models.map((m) => ({
      key: m.key,
      answers: m.ranking.answers,
      refusals: m.refusals,
      unparseable: m.unparseable,
      heldOut: m.ranking.heldOut,
      triads: m.ranking.triads,
      positionBias: m.ranking.positionBias,
    })),
    comparison: report.comparison,
  };
  // The three files appear together or none does.
  return writeFileSet(
    [
      { path, content: values },
      { path: pairsPath, content: pairs },
      { path: manifestPath, content: JSON.stringify(manifest, null, 2) + '\n' },
    ],
    'write the value ranking',
  );
}
