/**
 * `study list|create|show|add|remove|export|delete` and `results RUN_ID... --values [--out FILE]` (issue 25): studies of runs, and the
 * value ranking per model (utilities with intervals, win rates, the fit's checks, and two models compared).
 */
import type { ValueRankingReport } from '../../../shared/values';
import { type Core, callRoute, writeValueRanking } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';
import type { CommandIo } from './results';

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const fixed = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? '–' : x.toFixed(digits);
const percent = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(0)} %`;

/** The ranking as text: per model, each value by rank with its utility, interval and win rate; then the checks. */
export function formatValueRanking(report: ValueRankingReport): string[] {
  const lines: string[] = [];
  if (report.values.length === 0)
    lines.push('No values to rank: no run states which value each end of its scale serves.');
  for (const entry of report.models) {
    const r = entry.ranking;
    lines.push(
      `${entry.key}  (${r.answers} answers over ${r.clusters} scenarios; ${entry.refusals} refused, ${entry.unparseable} unreadable)`,
    );
    for (const v of [...r.values].sort((a, b) => a.rank - b.rank)) {
      const name = report.values[v.value] ?? `value ${v.value}`;
      const u = v.utility;
      const stake = v.atStake === 0 ? '  (never at stake)' : '';
      lines.push(
        `  ${String(v.rank).padStart(2)}. ${name.padEnd(28)} utility ${fixed(u.estimate).padStart(6)} [${fixed(u.low)}, ${fixed(u.high)}]` +
          `  wins ${percent(v.winRate.rate)} [${percent(v.winRate.low)}, ${percent(v.winRate.high)}]${stake}`,
      );
    }
    const checks = [
      r.heldOut ? `held-out accuracy ${percent(r.heldOut.accuracy)} on ${r.heldOut.pairs} pairs` : 'no pairs held out',
      r.triads.decided ? `intransitive triads ${r.triads.intransitive}/${r.triads.decided}` : 'no triads',
      r.positionBias
        ? `position bias β ${fixed(r.positionBias.estimate)} [${fixed(r.positionBias.low)}, ${fixed(r.positionBias.high)}]`
        : 'position bias: no pair asked both ways round',
    ];
    lines.push(`  checks: ${checks.join('; ')}`);
  }
  const c = report.comparison;
  if (c) {
    lines.push(
      `${c.b} against ${c.a}: Kendall τ ${fixed(c.tau?.estimate)} [${fixed(c.tau?.low)}, ${fixed(c.tau?.high)}]`,
    );
    for (const change of c.changes.filter((x) => x.changed))
      lines.push(
        `  changed: ${report.values[change.value]} by ${fixed(change.difference.estimate)} [${fixed(change.difference.low)}, ${fixed(change.difference.high)}] (Holm p ${change.adjustedP.toPrecision(2)})`,
      );
    if (!c.changes.some((x) => x.changed)) lines.push('  no value changed beyond the noise (Holm, 5 %)');
  }
  for (const s of report.skipped) lines.push(`skipped run ${s.runId}: ${s.reason}`);
  const m = report.method;
  lines.push(
    `method: Bradley–Terry with a position term, ${m.prior}; ${Math.round(m.confidence * 100)} % intervals: ${m.interval} (${m.resamples} resamples, seed ${m.seed})`,
  );
  return lines;
}

export async function valuesCommand(core: Core, runIds: string[], args: ParsedArgs, io: CommandIo): Promise<number> {
  if (runIds.length === 0) throw new UsageError('missing RUN_ID');
  const report = await callRoute(core.dispatch, 'results.values', { runIds });
  const out = single(args, 'out');
  if (out !== undefined) {
    for (const path of await writeValueRanking(report, out, { runIds })) io.out(path);
    return 0;
  }
  if (args.booleans.has('json')) io.out(JSON.stringify(report));
  else for (const line of formatValueRanking(report)) io.out(line);
  return 0;
}

export async function studyCommand(core: Core, rest: string[], args: ParsedArgs, io: CommandIo): Promise<number> {
  const [sub, id, ...more] = rest;
  const json = args.booleans.has('json');
  const need = (): string => {
    if (!id) throw new UsageError(sub === 'create' ? 'missing NAME' : 'missing STUDY_ID');
    return id;
  };
  switch (sub) {
    case 'list': {
      const studies = await callRoute(core.dispatch, 'studies.list', {});
      if (json) io.out(JSON.stringify(studies));
      else if (studies.length === 0) io.out('No studies yet.');
      else
        for (const s of studies)
          io.out(`${s.id}  ${s.name}  ${plural(s.runCount, 'run')}, ${plural(s.definitionCount, 'definition')}`);
      return 0;
    }
    case 'create': {
      const notes = single(args, 'notes');
      const study = await callRoute(core.dispatch, 'studies.create', {
        name: need(),
        runIds: args.flags.get('run') ?? [],
        ...(notes !== undefined ? { notes } : {}),
      });
      io.out(json ? JSON.stringify(study) : study.id);
      return 0;
    }
    case 'show': {
      const detail = await callRoute(core.dispatch, 'studies.get', { id: need() });
      const ranking = await callRoute(core.dispatch, 'studies.ranking', { id: detail.id });
      if (json) {
        io.out(JSON.stringify({ ...detail, ranking }));
        return 0;
      }
      io.out(`${detail.name}  (${detail.id})`);
      if (detail.notes) io.out(detail.notes);
      for (const run of detail.runs) io.out(`  run ${run.id}  ${run.status}  ${run.name ?? run.definitionName}`);
      for (const line of formatValueRanking(ranking)) io.out(line);
      return 0;
    }
    case 'add':
    case 'remove': {
      if (more.length === 0) throw new UsageError('missing RUN_ID');
      const study = await callRoute(core.dispatch, 'studies.members', {
        id: need(),
        kind: 'runs',
        [sub]: more,
      });
      io.out(`${study.name}: ${plural(study.runCount, 'run')}`);
      return 0;
    }
    case 'export': {
      const out = single(args, 'out');
      if (out === undefined) throw new UsageError('missing --out FILE');
      const studyId = need();
      const ranking = await callRoute(core.dispatch, 'studies.ranking', { id: studyId });
      const detail = await callRoute(core.dispatch, 'studies.get', { id: studyId });
      const runIds = detail.runs.map((r) => r.id);
      for (const path of await writeValueRanking(ranking, out, { studyId, runIds })) io.out(path);
      return 0;
    }
    case 'delete':
      await callRoute(core.dispatch, 'studies.delete', { id: need() });
      io.out('deleted');
      return 0;
    default:
      throw new UsageError(`unknown study command "${sub ?? ''}"`);
  }
}
