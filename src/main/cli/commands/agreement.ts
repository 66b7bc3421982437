/**
 * `results RUN_ID --agreement [--json] [--out FILE [--raw-csv]]`: how often each pair of models gives the same decision
 * (or one within a point), with weighted κ; --out writes the tidy table (one row per pair of models) and
 * FILE.manifest.json, as `results RUN_ID --by A --by B --out FILE` does for the interaction of two dimensions.
 */
import { resolve } from 'node:path';
import type { AgreementReport, InteractionReport } from '../../../shared/analysis';
import { type Core, callRoute, writeAnalysisCsv } from '../../core';
import { single, type ParsedArgs } from '../args';
import { RAW_CSV_FLAG } from './export';
import type { CommandIo } from './results';

export type AnalysisIo = CommandIo & { env?: Record<string, string | undefined> };

/** With --out: writes the tidy CSV and its manifest, prints both paths and returns true; else false. */
export async function writeAnalysisOut(
  kind: 'interaction' | 'agreement',
  report: InteractionReport | AgreementReport,
  args: ParsedArgs,
  io: AnalysisIo,
): Promise<boolean> {
  const out = single(args, 'out');
  if (out === undefined) return false;
  const path = resolve(io.env?.INIT_CWD ?? process.cwd(), out);
  for (const written of await writeAnalysisCsv(kind, report, path, args.booleans.has(RAW_CSV_FLAG))) io.out(written);
  return true;
}

const pct = (part: number, whole: number): string => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : '—');
const fixed = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : x.toFixed(2));

export function formatAgreement(report: AgreementReport): string[] {
  const lines = [`Run ${report.runId}: agreement between models (modal decisions; ties counted apart)`];
  if (report.pairs.length === 0) lines.push('  fewer than two models answered');
  for (const p of report.pairs) {
    const kappa = p.kappa
      ? `κ ${fixed(p.kappa.estimate)} [${fixed(p.kappa.ciLow)}, ${fixed(p.kappa.ciHigh)}] (n = ${p.kappa.scenarios})`
      : 'κ —';
    lines.push(
      `  ${p.modelA} ~ ${p.modelB}: same ${pct(p.exact, p.compared - p.tied)} (${p.exact}), within one ` +
        `${pct(p.withinOne, p.bothScored)} (${p.withinOne} of ${p.bothScored}), ${p.tied} tied; ${kappa}`,
    );
  }
  if (report.alpha)
    lines.push(
      `  Krippendorff's α (ordinal) ${fixed(report.alpha.estimate)} [${fixed(report.alpha.ciLow)}, ${fixed(report.alpha.ciHigh)}]`,
    );
  return lines;
}

export async function agreementCommand(core: Core, runId: string, args: ParsedArgs, io: AnalysisIo): Promise<number> {
  const report = await callRoute(core.dispatch, 'results.agreement', { runId, limit: 50 });
  if (await writeAnalysisOut('agreement', report, args, io)) return 0;
  if (args.booleans.has('json')) io.out(JSON.stringify(report));
  else for (const line of formatAgreement(report)) io.out(line);
  return 0;
}
