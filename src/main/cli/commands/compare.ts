/**
 * `compare RUN_A RUN_B [--json] [--out FILE [--raw-csv]]`: the compare page in text (and, with --out, as a tidy CSV) — per model pair the changed decisions against each run's
 * self-disagreement (McNemar's exact test), and the paired change of the mean and of each dimension's effect with its
 * interval, p-value and Holm-adjusted p (Benjamini–Hochberg q beside it) over every test of the comparison.
 */
import type { EffectsComparison } from '../../../shared/analysis';
import type { NoiseFloor, PairedChange, SelfConsistency } from '../../../shared/comparison';
import type { RunComparison } from '../../../shared/results';
import { resolve } from 'node:path';
import { type Core, callRoute, writeComparisonCsv } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';
import { RAW_CSV_FLAG } from './export';
import type { CommandIo } from './results';

const fixed = (value: number | null, signed = false): string =>
  value === null ? '—' : `${signed && value > 0 ? '+' : ''}${value.toFixed(2)}`;
const pText = (p: number | null): string => (p === null ? '—' : p < 0.001 ? '<0.001' : p.toFixed(3));
const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)} %`);

function changeText(change: PairedChange | null, alpha: number): string {
  if (!change) return '—';
  const ci =
    change.ciLow === null || change.ciHigh === null
      ? 'no interval'
      : `[${fixed(change.ciLow)}, ${fixed(change.ciHigh)}]`;
  const marked = change.pHolm !== null && change.pHolm < alpha ? '  *' : '';
  return (
    `${fixed(change.estimate, true)} ${ci} n=${change.scenarios} p=${pText(change.pValue)}` +
    ` (${change.pMethod ?? '—'}) Holm p=${pText(change.pHolm)} BH q=${pText(change.qBh)}${marked}`
  );
}

function selfText(c: SelfConsistency | null): string {
  if (!c) return 'unknown (one sample per scenario)';
  const ci = c.ciLow === null || c.ciHigh === null ? '' : ` [${pct(1 - c.ciHigh)}, ${pct(1 - c.ciLow)}]`;
  return `${pct(1 - c.agreement)}${ci} (${c.scenarios} scenarios, entropy ${c.entropy.toFixed(2)} bits)`;
}

function floorLines(floor: NoiseFloor, alpha: number): string[] {
  const lines = [
    `  self-disagreement A: ${selfText(floor.a)}`,
    `  self-disagreement B: ${selfText(floor.b)}`,
    `  between runs: ${pct(floor.crossDisagreement)} (a sample of A and one of B differ)`,
  ];
  const t = floor.test;
  if (!t) lines.push(`  noise floor: ${floor.note ?? 'unknown'}`);
  else {
    const above = t.pHolm !== null && t.pHolm < alpha;
    lines.push(
      `  flips vs noise floor (McNemar exact, ${t.scenarios} scenarios, floor from run ${t.floorSide.toUpperCase()}): ` +
        `${t.betweenOnly} differ between runs where the run agreed with itself, ${t.withinOnly} the other way; ` +
        `p=${pText(t.pValue)} Holm p=${pText(t.pHolm)} — ${above ? 'a change above the noise floor' : 'within the noise floor'}`,
    );
  }
  return lines;
}

export function formatComparison(flips: RunComparison, report: EffectsComparison): string[] {
  const { alpha, family } = report.multiplicity;
  const lines = [
    `Run ${report.runA} → ${report.runB}: ${flips.flippedTotal} of ${flips.comparedTotal} scenario decisions changed` +
      (flips.samples.a > 1 || flips.samples.b > 1
        ? ` (modal decisions; ${flips.tiedTotal} with a tied mode, counted apart)`
        : ''),
    `Changes B − A are paired on the scenarios both runs scored (95 % t intervals); * marks Holm p < ${alpha} over ` +
      `all ${family} tests below (family-wise), BH q = false discovery rate. README "Methods".`,
  ];
  for (const pair of report.models) {
    lines.push(
      '',
      pair.modelA && pair.modelB
        ? `${pair.label}  (${pair.modelA} → ${pair.modelB})`
        : `${pair.label}  (in one run only)`,
    );
    if (pair.floor) lines.push(...floorLines(pair.floor, alpha));
    lines.push(`  mean decision: ${changeText(pair.meanChange, alpha)}`);
    for (const d of pair.dimensions) lines.push(`  ${d.dimension} effect: ${changeText(d.change, alpha)}`);
  }
  return lines;
}

export async function compareCommand(
  core: Core,
  rest: string[],
  args: ParsedArgs,
  io: CommandIo & { env?: Record<string, string | undefined> },
): Promise<number> {
  const [runA, runB] = rest;
  if (!runA || !runB) throw new UsageError('compare takes two run ids: compare RUN_A RUN_B');
  const report = await callRoute(core.dispatch, 'results.compareEffects', { runA, runB });
  const flips = await callRoute(core.dispatch, 'results.compare', { runA, runB, offset: 0, limit: 1 });
  const out = single(args, 'out');
  if (out !== undefined) {
    // The tidy table (one row per estimate) for a spreadsheet or the analysis scripts; the text report still prints.
    const path = resolve(io.env?.INIT_CWD ?? process.cwd(), out);
    // Beside it, its manifest: the runs, the method, and whether text cells carry the formula guard.
    await writeComparisonCsv(report, path, args.booleans.has(RAW_CSV_FLAG));
  }
  if (args.booleans.has('json')) {
    io.out(
      JSON.stringify({
        ...report,
        flippedTotal: flips.flippedTotal,
        comparedTotal: flips.comparedTotal,
        tiedTotal: flips.tiedTotal,
      }),
    );
  } else for (const line of formatComparison(flips, report)) io.out(line);
  return 0;
}
