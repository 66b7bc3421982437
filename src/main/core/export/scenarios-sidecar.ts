/**
 * `<file>.scenarios.csv`, written beside every export of a run: one row per scenario × model with its modal decision
 * — a tie shown as a tie (`tied` 1 and both decisions in `mode_decision`, "tie: Rating 2 | Rating 4"), never broken to
 * the lower score — and how consistent its answers were: the pairwise agreement (every answer counted, refusals and
 * unparseable answers as decisions, as in the mode), the entropy in bits, the modal share of scored answers and the
 * spread. Text cells carry the main CSV's formula guard unless raw.
 */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import { runModes, type ModeRow } from '../store/consistency';
import { scenarioVariantLabels } from '../store/export-rows';
import type { Sqlite } from '../store/sql';
import { fsErrorToAppError } from '../util/fs-errors';
import { guardCell } from './csv';

export const SCENARIO_COLUMNS = [
  'scenario_id',
  'model_key',
  'answers',
  'scored',
  'mode_decision',
  'mode_score',
  'mode_count',
  'tied',
  'pairwise_agreement',
  'entropy_bits',
  'modal_share_scored',
  'spread',
  // Counterbalancing: the scenario's wording variant and scale order (empty when the definition does not vary them).
  'wording',
  'order',
] as const;

type Cell = string | number | null;

export function scenariosPathFor(exportPath: string): string {
  return `${exportPath}.scenarios.csv`;
}

type Labels = ReadonlyMap<string, { wording: string | null; scaleOrder: string | null }>;

function rowOf(mode: ModeRow, labels: Labels): Cell[] {
  const tied = mode.tied === 1;
  const variant = labels.get(mode.scenarioId);
  return [
    mode.scenarioId,
    mode.modelKey,
    mode.answers,
    mode.scored,
    tied ? `tie: ${mode.modeDecision} | ${mode.tiedWith ?? ''}` : mode.modeDecision,
    // A tie has no modal score: the lower one would be an invented decision.
    tied ? null : mode.modeScore,
    mode.modeCount,
    tied ? 1 : 0,
    mode.agreement,
    mode.entropy,
    tied ? null : mode.consistency,
    mode.spread,
    variant?.wording ?? null,
    variant?.scaleOrder ?? null,
  ];
}

export function scenariosCsv(modes: readonly ModeRow[], raw = false, labels: Labels = new Map()): string {
  const rows: Cell[][] = [[...SCENARIO_COLUMNS]];
  for (const mode of modes) {
    const cells = rowOf(mode, labels);
    rows.push(raw ? cells : cells.map(guardCell));
  }
  return '\ufeff' + stringify(rows, { cast: { number: (value) => (Number.isFinite(value) ? String(value) : '') } });
}

export async function writeScenariosSidecar(
  sqlite: Sqlite,
  runId: string,
  exportPath: string,
  raw = false,
): Promise<string> {
  const path = scenariosPathFor(exportPath);
  await writeFile(path, scenariosCsv(runModes(sqlite, runId), raw, scenarioVariantLabels(sqlite, runId)), 'utf8').catch(
    (error: unknown) => {
      throw fsErrorToAppError(error, 'write the per-scenario table', path);
    },
  );
  return path;
}
