/**
 * CLI commands over the results routes: `results RUN_ID` (per-model summary; with --by, the dimension effects in
 * commands/effects.ts) and `runs` (the dashboard list).
 */
import { RUN_STATUSES, modelKey, type RunStatus, type UnreadAnswers } from '../../../shared/domain';
import type { ModelResults, ResultsSummary } from '../../../shared/results';
import { type Core, callRoute } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';
import { agreementCommand } from './agreement';
import { effectsCommand } from './effects';

export interface CommandIo {
  out: (line: string) => void;
}

export async function resultsCommand(core: Core, runId: string, args: ParsedArgs, io: CommandIo): Promise<number> {
  if (args.booleans.has('agreement')) return agreementCommand(core, runId, args, io);
  if (args.flags.has('by')) return effectsCommand(core, runId, args, io);
  const summary = await callRoute(core.dispatch, 'results.summary', { runId });
  if (args.booleans.has('json')) io.out(JSON.stringify(summary));
  else for (const line of formatSummary(summary)) io.out(line);
  return 0;
}

export async function runsCommand(core: Core, args: ParsedArgs, io: CommandIo): Promise<number> {
  const status = single(args, 'status');
  if (status !== undefined && !(RUN_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}, got "${status}"`);
  }
  if (args.booleans.has('archived') && args.booleans.has('all'))
    throw new UsageError('give --archived or --all, not both');
  const archived = args.booleans.has('archived') ? 'only' : args.booleans.has('all') ? 'include' : 'hide';
  const search = single(args, 'search');
  const runs = await callRoute(core.dispatch, 'runs.list', {
    ...(status ? { status: status as RunStatus } : {}),
    archived,
    ...(search !== undefined ? { search } : {}),
  });
  if (args.booleans.has('json')) {
    io.out(JSON.stringify(runs));
    return 0;
  }
  const filtered = search !== undefined || archived !== 'hide';
  if (runs.length === 0)
    io.out(status ? `No runs with status ${status}.` : filtered ? 'No runs match.' : 'No runs yet.');
  for (const run of runs) {
    const p = run.progress;
    const type =
      (run.runType === 'test' ? '  [test run]' : run.runType === 'rerun' ? '  [re-run]' : '') +
      (run.archivedAt ? '  [archived]' : '');
    const name = run.name ? `"${run.name}"  ` : '';
    io.out(
      `${run.id}  ${run.createdAt}  ${run.status}  ${p.completed}/${p.total} done, ${p.failed} failed  ${name}${run.definitionName}  ` +
        `${run.models.map(modelKey).join(', ')}${type}`,
    );
  }
  return 0;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** "1,200 answers, 1,101 scored": every recorded answer (refusals and unparseable included) and those with a score. */
export function answersText(answers: number, scored: number): string {
  return `${count(answers)} answer${answers === 1 ? '' : 's'}, ${count(scored)} scored`;
}

/** Human-readable lines: one block per model with versions, counts, mean/median and the distribution. */
export function formatSummary(summary: ResultsSummary): string[] {
  const samples = summary.samples > 1 ? `, ${summary.samples} samples per scenario and model` : '';
  const lines = [
    `Run ${summary.runId}: ${answersText(
      summary.totalDecisions,
      summary.models.reduce((sum, m) => sum + m.scored, 0),
    )}${samples} (definition snapshot ${summary.snapshotHash.slice(0, 12)})`,
  ];
  if (summary.models.every((m) => m.decisions === 0 && m.failed === 0)) lines.push('No results yet.');
  for (const u of summary.unread) {
    lines.push(`WARNING unread answers: ${unreadLine(u)}`);
    lines.push(`  fix the definition's scale, then: npm run cli -- reextract ${summary.runId}`);
  }
  for (const model of summary.models) lines.push(...formatModel(model));
  return lines;
}

function formatModel(model: ModelResults): string[] {
  const versions =
    model.versions.length > 0
      ? model.versions
          .map((v) => `${v.reported ?? 'unknown'} ×${v.count}${v.requested ? ` (requested ${v.requested})` : ''}`)
          .join(', ')
      : model.remaining > 0
        ? 'none yet'
        : 'none (no answers)';
  const lines = [
    `${model.modelKey}`,
    `  versions: ${versions}`,
    `  ${answersText(model.decisions, model.scored)} (${count(model.refusals)} refusals, ${count(model.unparseable)} unparseable); failed jobs: ${count(model.failed)}` +
      (model.remaining > 0 ? `; remaining: ${model.remaining}` : ''),
    `  mean score: ${formatScore(model.meanScore)}  median: ${formatScore(model.medianScore)}`,
  ];
  const c = model.consistency;
  if (c)
    lines.push(
      `  consistency: ${c.meanConsistency === null ? '—' : `${Math.round(c.meanConsistency * 100)}%`} mean share of ` +
        `scored samples agreeing with the mode over ${c.measured} scenario${c.measured === 1 ? '' : 's'} ` +
        `(${c.unanimous} unanimous, ${c.tied} tied); mean spread ${formatScore(c.meanSpread)}`,
    );
  const p = c?.pairwise;
  if (p) {
    const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);
    lines.push(
      `  pairwise agreement: ${pct(p.agreement)} [${pct(p.ciLow)}, ${pct(p.ciHigh)}] that two samples of a scenario ` +
        `give the same decision (refusals and unparseable answers included) over ${p.scenarios} scenarios; ` +
        `mean entropy ${p.entropy.toFixed(2)} bits`,
    );
  }
  for (const bucket of model.distribution) {
    if (bucket.kind !== 'answer' && bucket.count === 0) continue;
    const name =
      bucket.code === null ? bucket.label : `${bucket.code} ${bucket.label}${bucket.onScale ? '' : ' (off scale)'}`;
    lines.push(`    ${String(bucket.count).padStart(6)}  ${name}`);
  }
  for (const failure of model.failures) lines.push(`  failed ×${failure.count} ${failure.code}: ${failure.example}`);
  return lines;
}

/** One line per model: "12 of 40 answers (30 %) could not be read, e.g. …". */
export function unreadLine(u: UnreadAnswers): string {
  const examples = u.examples.map((e) => JSON.stringify(e.excerpt)).join('; ');
  return (
    `${u.modelKey}: ${u.unparseable} of ${u.answers} answers (${Math.round(u.share * 100)} %) could not be read` +
    (examples ? `, e.g. ${examples}` : '')
  );
}

function formatScore(value: number | null): string {
  return value === null ? '—' : String(Math.round(value * 100) / 100);
}
