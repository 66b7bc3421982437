/**
 * `<file>.effects.csv`, written beside every export: the dimension effects in tidy form, one row per model, dimension
 * and figure. `kind` says which figure a row is (a level's mean, a level's AMCE against the baseline, or the named
 * contrast highest − lowest), so the numeric `level` column only ever holds level scores; `model_key` and
 * `provider_id` tell apart models of the same name on two providers. Text cells get the main CSV's formula guard
 * unless the export is raw.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { DimensionEffect, EffectsReport, ModelEffects } from '../../../shared/analysis';
import { fsErrorToAppError } from '../util/fs-errors';
import { guardCell } from './csv';

export const EFFECTS_COLUMNS = [
  'model_key',
  'provider_id',
  'model_id',
  'model_version',
  'dimension',
  'kind',
  'level',
  'baseline',
  'label',
  'scenarios',
  'n',
  'estimate',
  'ci_low',
  'ci_high',
  'df',
  'method',
] as const;

/** What each row's figure is (README "Methods"). */
export const EFFECT_KINDS = ['level_mean', 'amce', 'contrast', 'refusal_rate', 'unparseable_rate'] as const;

/** The estimators behind the table, for the manifest. */
export const EFFECTS_METHODS = {
  levelMean: 'mean of scenario means; Student-t interval on scenarios − 1 df (method "t")',
  amce:
    'main-effects OLS over scenario means (one row per scenario, samples averaged first), one indicator per ' +
    'non-baseline level; Student-t interval on the residual df (method "ols_t")',
  contrast: 'highest − lowest level, the difference of two AMCE coefficients from the same model (method "ols_t")',
  baseline: 'the first level of each dimension (by level score) unless chosen',
  rates:
    'refusal_rate and unparseable_rate: the share of all answers at a level (n = answers), with a Wilson score ' +
    'interval (method "wilson"; answers treated as independent)',
  minScenarios: 'no interval from one scenario at a level, or without residual degrees of freedom',
  multiplicity: 'none: each interval is a 95 % interval on its own',
} as const;

type Cell = string | number | null;

export function effectsPathFor(exportPath: string): string {
  return `${exportPath}.effects.csv`;
}

function modelCells(model: ModelEffects): Cell[] {
  return [model.modelKey, model.model.providerId, model.model.modelId, model.model.modelVersion];
}

function dimensionRows(model: ModelEffects, dimension: DimensionEffect): Cell[][] {
  const rows: Cell[][] = [];
  const head = [...modelCells(model), dimension.dimension];
  for (const level of dimension.levels) {
    const df = level.ciLow === null ? null : level.scenarios - 1;
    rows.push([
      ...head,
      'level_mean',
      level.level,
      null,
      level.label,
      level.scenarios,
      level.n,
      level.mean,
      level.ciLow,
      level.ciHigh,
      df,
      level.method,
    ]);
  }
  for (const level of dimension.levels) {
    for (const [kind, rate] of [
      ['refusal_rate', level.refusals],
      ['unparseable_rate', level.unparseable],
    ] as const) {
      rows.push([
        ...head,
        kind,
        level.level,
        null,
        level.label,
        level.scenarios,
        level.answers,
        rate.rate,
        rate.ciLow,
        rate.ciHigh,
        null,
        rate.rate === null ? null : 'wilson',
      ]);
    }
  }
  const byLevel = new Map(dimension.levels.map((l) => [l.level, l]));
  for (const amce of dimension.amce) {
    const level = byLevel.get(amce.level);
    rows.push([
      ...head,
      'amce',
      amce.level,
      dimension.baseline,
      amce.label,
      model.scenarios,
      level?.n ?? null,
      amce.estimate,
      amce.ciLow,
      amce.ciHigh,
      amce.df,
      amce.ciLow === null ? null : 'ols_t',
    ]);
  }
  const effect = dimension.effect;
  if (effect) {
    const from = byLevel.get(effect.fromLevel);
    const to = byLevel.get(effect.toLevel);
    rows.push([
      ...head,
      'contrast',
      effect.toLevel,
      effect.fromLevel,
      `${to?.label ?? effect.toLevel} − ${from?.label ?? effect.fromLevel}`,
      model.scenarios,
      (from?.n ?? 0) + (to?.n ?? 0),
      effect.estimate,
      effect.ciLow,
      effect.ciHigh,
      model.residualDf,
      effect.ciLow === null ? null : 'ols_t',
    ]);
  }
  return rows;
}

/**
 * The tidy table as CSV text, like the main CSV: UTF-8 with a BOM (Excel), LF, numbers at full precision, empty
 * cells where there is no value, text cells guarded against formula evaluation unless `raw`.
 */
export function effectsCsv(report: EffectsReport, raw = false): string {
  const rows: Cell[][] = [[...EFFECTS_COLUMNS]];
  for (const model of report.models) {
    for (const dimension of model.dimensions) {
      for (const row of dimensionRows(model, dimension)) rows.push(raw ? row : row.map(guardCell));
    }
  }
  return '\ufeff' + stringify(rows, { cast: { number: (value) => (Number.isFinite(value) ? String(value) : '') } });
}

export async function writeEffectsSidecar(report: EffectsReport, exportPath: string, raw = false): Promise<string> {
  const path = effectsPathFor(exportPath);
  await writeFile(path, effectsCsv(report, raw), 'utf8').catch((error: unknown) => {
    throw fsErrorToAppError(error, 'write the effects table', path);
  });
  return path;
}
