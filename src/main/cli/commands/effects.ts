/**
 * `results RUN_ID --by DIMENSION [--by DIMENSION [--out FILE]] [--json]`: the dimension effects (one --by) or the interaction of
 * two dimensions (two --by) as tables a researcher can paste, the same numbers as the run page and the export.
 */
import type { EffectsReport, InteractionReport, LevelEstimate, RateEstimate } from '../../../shared/analysis';
import { type Core, callRoute } from '../../core';
import { UsageError, type ParsedArgs } from '../args';
import { writeAnalysisOut, type AnalysisIo } from './agreement';

const fixed = (value: number | null, signed = false): string =>
  value === null ? '—' : `${signed && value > 0 ? '+' : ''}${value.toFixed(2)}`;
const interval = (low: number | null, high: number | null): string =>
  low === null || high === null ? '—' : `[${fixed(low)}, ${fixed(high)}]`;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd());
}

/** One --by: per model, the level means with their intervals and the effect highest − lowest. */
export function formatEffects(report: EffectsReport, dimension: string): string[] {
  const { method } = report;
  const lines = [
    `Run ${report.runId}: mean decision by ${dimension} (${Math.round(method.confidence * 100)} % interval: ` +
      'Student-t over scenario means, n = scenarios; effects from a main-effects model of the whole design over ' +
      'scenario means, each level against the baseline, t on the residual df; README "Methods"). Refusals and ' +
      'unparseable answers are left out and counted.',
  ];
  for (const model of report.models) {
    const effect = model.dimensions.find((d) => d.dimension === dimension)!;
    lines.push(
      '',
      `${model.modelKey}  (scored ${model.scored}, refusals ${model.refusals}, unparseable ${model.unparseable})`,
    );
    const rows = [
      [
        'level',
        'label',
        'scenarios',
        'answers',
        'mean',
        '95 % CI',
        'AMCE vs baseline',
        '95 % CI',
        'refused',
        'unparseable',
      ],
    ];
    for (const level of effect.levels) {
      const amce = effect.amce.find((a) => a.level === level.level);
      const base = effect.baseline === level.level;
      rows.push([
        ...levelRow(level),
        base ? 'baseline' : amce ? fixed(amce.estimate, true) : '—',
        amce ? interval(amce.ciLow, amce.ciHigh) : '',
        rateText(level.refusals),
        rateText(level.unparseable),
      ]);
    }
    lines.push(...table(rows));
    const e = effect.effect;
    const from = effect.levels.find((l) => l.level === e?.fromLevel)?.label;
    const to = effect.levels.find((l) => l.level === e?.toLevel)?.label;
    lines.push(
      e
        ? `  highest − lowest, ${to} − ${from}: ${fixed(e.estimate, true)} ${interval(e.ciLow, e.ciHigh)}` +
            ` (${model.scenarios} scenarios, residual df ${model.residualDf ?? '—'})`
        : '  effect: — (needs answers at the lowest and the highest level)',
    );
  }
  return lines;
}

/** "2 (8 %) [2 %, 25 %]": a count among a level's answers with its Wilson interval. */
function rateText(rate: RateEstimate): string {
  if (rate.rate === null) return '—';
  const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)} %`);
  return `${rate.count} (${pct(rate.rate)}) [${pct(rate.ciLow)}, ${pct(rate.ciHigh)}]`;
}

function levelRow(level: LevelEstimate): string[] {
  const ci =
    level.mean !== null && level.ciLow === null
      ? 'too few scenarios for an interval'
      : interval(level.ciLow, level.ciHigh);
  return [String(level.level), level.label, String(level.scenarios), String(level.n), fixed(level.mean), ci];
}

/** Two --by: per model, a grid of the mean decision (and answers behind it) for every pair of levels. */
export function formatInteraction(report: InteractionReport): string[] {
  const lines = [
    `Run ${report.runId}: mean decision (n) by ${report.dimensionA} (rows) × ${report.dimensionB} (columns)`,
  ];
  for (const model of report.models) {
    lines.push('', model.modelKey);
    const rows = [
      [`${report.dimensionA} \\ ${report.dimensionB}`, ...report.levelsB.map((l) => `${l.score} ${l.label}`)],
    ];
    for (const a of report.levelsA) {
      rows.push([
        `${a.score} ${a.label}`,
        ...report.levelsB.map((b) => {
          const cell = model.cells.find((c) => c.levelA === a.score && c.levelB === b.score);
          return cell && cell.mean !== null ? `${fixed(cell.mean)} (${cell.n})` : '—';
        }),
      ]);
    }
    lines.push(...table(rows));
  }
  return lines;
}

/** `--baseline DIM=SCORE` (repeatable): the level each dimension's AMCEs are measured against. */
export function baselinesOf(values: readonly string[]): Record<string, number> | undefined {
  if (values.length === 0) return undefined;
  const out: Record<string, number> = {};
  for (const value of values) {
    const match = /^(.+)=(-?\d+)$/.exec(value);
    if (!match) throw new UsageError(`--baseline takes DIMENSION=LEVEL_SCORE, got "${value}"`);
    out[match[1]!.trim()] = Number(match[2]);
  }
  return out;
}

export async function effectsCommand(core: Core, runId: string, args: ParsedArgs, io: AnalysisIo): Promise<number> {
  const by = args.flags.get('by') ?? [];
  if (by.length > 2) throw new UsageError('--by takes one dimension (effects) or two (their interaction)');
  const json = args.booleans.has('json');
  if (by.length === 2) {
    const report = await callRoute(core.dispatch, 'results.interaction', {
      runId,
      dimensionA: by[0]!,
      dimensionB: by[1]!,
    });
    // --out: the heat map's tidy table (one row per model and pair of levels) and its manifest.
    if (await writeAnalysisOut('interaction', report, args, io)) return 0;
    if (json) io.out(JSON.stringify(report));
    else for (const line of formatInteraction(report)) io.out(line);
    return 0;
  }
  const baselines = baselinesOf(args.flags.get('baseline') ?? []);
  const report = await callRoute(core.dispatch, 'results.effects', { runId, ...(baselines ? { baselines } : {}) });
  const dimension = by[0]!;
  if (!report.dimensions.some((d) => d.name === dimension)) {
    const known = report.dimensions.map((d) => d.name).join(', ') || 'none';
    throw new UsageError(`the run has no dimension "${dimension}" (its dimensions: ${known})`);
  }
  if (json) {
    const models = report.models.map(({ dimensions, ...model }) => ({
      ...model,
      ...dimensions.find((d) => d.dimension === dimension)!,
    }));
    io.out(JSON.stringify({ runId, dimension, method: report.method, scale: report.scale, models }));
  } else for (const line of formatEffects(report, dimension)) io.out(line);
  return 0;
}
