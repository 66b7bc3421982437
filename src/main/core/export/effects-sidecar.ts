/**
 * `<file>.effects.csv`, written beside every export: the dimension effects in tidy form (one row per model, dimension
 * and level, plus one `effect` row per dimension), so a researcher gets the figures without writing pandas.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { DimensionEffect, EffectsReport, ModelEffects } from '../../../shared/analysis';
import { fsErrorToAppError } from '../util/fs-errors';

export const EFFECTS_COLUMNS = [
  'model_id',
  'model_version',
  'dimension',
  'level',
  'label',
  'n',
  'scenarios',
  'mean',
  'ci_low',
  'ci_high',
  'method',
] as const;

type Cell = string | number | null;

export function effectsPathFor(exportPath: string): string {
  return `${exportPath}.effects.csv`;
}

function effectRow(model: ModelEffects, dimension: DimensionEffect): Cell[] | null {
  const effect = dimension.effect;
  if (!effect) return null;
  const from = dimension.levels.find((l) => l.level === effect.fromLevel)!;
  const to = dimension.levels.find((l) => l.level === effect.toLevel)!;
  // The effect's interval is normal when either level's is (the same rule the analysis applies), else bootstrap.
  const method =
    effect.ciLow === null ? null : from.method === 'normal' || to.method === 'normal' ? 'normal' : 'bootstrap';
  return [
    model.model.modelId,
    model.model.modelVersion,
    dimension.dimension,
    'effect',
    `${to.label} − ${from.label}`,
    from.n + to.n,
    from.scenarios + to.scenarios,
    effect.estimate,
    effect.ciLow,
    effect.ciHigh,
    method,
  ];
}

/**
 * The tidy table as CSV text, like the main CSV: UTF-8 with a BOM (Excel), LF, numbers at full precision, empty
 * cells where there is no value.
 */
export function effectsCsv(report: EffectsReport): string {
  const rows: Cell[][] = [[...EFFECTS_COLUMNS]];
  for (const model of report.models) {
    for (const dimension of model.dimensions) {
      for (const level of dimension.levels) {
        rows.push([
          model.model.modelId,
          model.model.modelVersion,
          dimension.dimension,
          level.level,
          level.label,
          level.n,
          level.scenarios,
          level.mean,
          level.ciLow,
          level.ciHigh,
          level.method,
        ]);
      }
      const effect = effectRow(model, dimension);
      if (effect) rows.push(effect);
    }
  }
  return '\ufeff' + stringify(rows, { cast: { number: (value) => String(value) } });
}

export async function writeEffectsSidecar(report: EffectsReport, exportPath: string): Promise<string> {
  const path = effectsPathFor(exportPath);
  await writeFile(path, effectsCsv(report), 'utf8').catch((error: unknown) => {
    throw fsErrorToAppError(error, 'write the effects table', path);
  });
  return path;
}
