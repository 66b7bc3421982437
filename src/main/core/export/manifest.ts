/**
 * The manifest written beside every export (`<file>.manifest.json`): enough provenance to reproduce or cite the file
 * later — app version, definition and snapshot hash, models and the versions providers reported, run options
 * (including the sample seed), counts, export time, format and columns.
 */
import type { Counterbalance } from '../../../shared/definition-content';
import { writeFile } from 'node:fs/promises';
import { fsErrorToAppError } from '../util/fs-errors';
import { basename } from 'node:path';
import type { ModelRef, RunEvent, RunOptions, RunStatus, UnreadAnswers } from '../../../shared/domain';
import { manifestPathFor, type ExportFormat } from '../../../shared/export';
import { understandScale } from '../../../shared/scale';
import { EFFECTS_METHODS } from './effects-sidecar';
import { appIdentity } from '../paths';
import { runHistory, unreadAnswers } from '../results/unread';
import type { RunCost } from '../../../shared/prices';
import { runCostOf } from '../runs/cost';
import { tokenCounts } from '../store/cost';
import { loadRun } from '../store/runs';
import { chunksOf } from '../store/batch-chunks';
import { versionCounts } from '../store/transcripts';
import type { Sqlite } from '../store/sql';
import type { WriteResult } from './format';

export interface ExportManifest {
  manifestVersion: 1;
  format: ExportFormat;
  file: string;
  exportedAt: string;
  app: { name: string; version: string };
  run: {
    id: string;
    status: RunStatus;
    partial: boolean;
    createdAt: string;
    startedAt: string | null;
    completedAt: string | null;
    options: RunOptions;
  };
  definition: {
    id: string;
    name: string;
    snapshotHash: string;
    dimensions: string[];
    /** Counterbalancing of the design, when it has any (definition format `counterbalance`). */
    counterbalance?: Counterbalance;
  };
  models: (ModelRef & { reportedVersions: string[]; transcripts: number })[];
  includeFailures: boolean;
  /** CSV text cells a spreadsheet would evaluate carry a leading apostrophe (false: raw CSV, or JSON Lines). */
  formulaGuard: boolean;
  counts: {
    rows: number;
    transcripts: number;
    failures: number;
    jobs: { total: number; completed: number; failed: number; cancelled: number };
  };
  columns: string[];
  /** Tokens the providers reported and their cost, per model, at the prices recorded when the run was created. */
  cost: RunCost;
  /**
   * Files written beside the export: the dimension effects table (`<file>.effects.csv`), whether its text cells carry
   * the formula guard (the same choice as the main file's: raw exports have none), and how its figures were computed.
   */
  sidecars?: {
    effects: string;
    effectsFormulaGuard: boolean;
    effectsMethods: typeof EFFECTS_METHODS;
    /** CSV exports: Python (statsmodels) and R scripts that reproduce the effects table's AMCEs from the CSV. */
    scripts?: { python: string; r: string };
    /** One row per scenario × model: the modal decision (ties as ties), pairwise agreement, entropy, spread. */
    scenarios?: string;
  };
  /** The scale the decisions were read on, as the importer understood the definition snapshot. */
  scale: { summary: string; codes: number[] };
  /** Models with more than 5 % of their answers unparseable, with the count and three example replies. */
  unreadAnswers: UnreadAnswers[];
  /** What was done to the run after its jobs ran (decisions re-extracted), oldest first. */
  history: RunEvent[];
  /** A batch run's provider batches (absent for a real-time run): what each asked, answered and paid for. */
  batches?: {
    chunkNo: number;
    modelKey: string;
    batchId: string | null;
    state: string;
    requests: number;
    succeeded: number;
    errored: number;
    expired: number;
    cancelled: number;
    duplicates: number;
    inputTokens: number;
    outputTokens: number;
  }[];
}

function batchesOf(sqlite: Sqlite, runId: string): Pick<ExportManifest, 'batches'> {
  const rows = chunksOf(sqlite, runId);
  if (rows.length === 0) return {};
  return {
    batches: rows
      .map((c) => ({
        chunkNo: c.chunkNo,
        modelKey: c.modelKey,
        batchId: c.batchId,
        state: c.state,
        requests: c.requestCount,
        succeeded: c.succeeded,
        errored: c.errored,
        expired: c.expired,
        cancelled: c.cancelled,
        duplicates: c.duplicates,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
      }))
      .sort((a, b) => a.chunkNo - b.chunkNo),
  };
}

export function buildManifest(
  sqlite: Sqlite,
  input: {
    runId: string;
    path: string;
    format: ExportFormat;
    includeFailures: boolean;
    raw?: boolean;
    result: WriteResult;
    exportedAt?: Date;
    effectsPath?: string;
    scripts?: { python: string; r: string };
    scenariosPath?: string;
  },
): ExportManifest {
  // The run as the export read it, inside the same snapshot as its rows.
  const { header } = input.result;
  const versions = versionCounts(sqlite, input.runId);
  const { snapshot, scale, config } = loadRun(sqlite, input.runId);
  const understood = snapshot ? understandScale(snapshot) : null;
  const models = header.models.map((model) => {
    const mine = versions.filter(
      (v) => v.providerId === model.providerId && v.modelId === model.modelId && v.requested === model.modelVersion,
    );
    return {
      ...model,
      reportedVersions: [...new Set(mine.map((v) => v.reported).filter((v): v is string => v !== null))].sort(),
      transcripts: mine.reduce((sum, v) => sum + v.n, 0),
    };
  });
  return {
    manifestVersion: 1,
    format: input.format,
    file: basename(input.path),
    exportedAt: (input.exportedAt ?? new Date()).toISOString(),
    app: appIdentity(),
    run: {
      id: header.runId,
      status: header.status,
      partial: input.result.partial,
      createdAt: header.createdAt,
      startedAt: header.startedAt,
      completedAt: header.completedAt,
      options: header.options,
    },
    definition: {
      id: header.definitionId,
      name: header.definitionName,
      snapshotHash: header.snapshotHash,
      dimensions: header.dimensions,
      // The design's counterbalancing (absent when the definition has none): what the `wording`/`order` columns vary.
      ...(snapshot?.counterbalance ? { counterbalance: snapshot.counterbalance } : {}),
    },
    models,
    includeFailures: input.includeFailures,
    formulaGuard: input.format === 'csv' && !input.raw,
    counts: {
      rows: input.result.rows,
      transcripts: input.result.transcripts,
      failures: input.result.failures,
      jobs: header.counts,
    },
    columns: input.result.columns,
    cost: runCostOf(header.models, tokenCounts(sqlite, input.runId), config),
    ...(input.effectsPath
      ? {
          sidecars: {
            effects: basename(input.effectsPath),
            effectsFormulaGuard: !input.raw,
            effectsMethods: EFFECTS_METHODS,
            ...(input.scenariosPath ? { scenarios: basename(input.scenariosPath) } : {}),
            ...(input.scripts
              ? { scripts: { python: basename(input.scripts.python), r: basename(input.scripts.r) } }
              : {}),
          },
        }
      : {}),
    scale: {
      summary: understood?.summary ?? 'unknown (the snapshot no longer parses)',
      codes: scale.map((e) => e.code),
    },
    unreadAnswers: unreadAnswers(sqlite, input.runId),
    history: runHistory(sqlite, input.runId),
    ...batchesOf(sqlite, input.runId),
  };
}

export async function writeManifest(manifest: ExportManifest, exportPath: string): Promise<string> {
  const path = manifestPathFor(exportPath);
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`, 'utf8').catch((error: unknown) => {
    throw fsErrorToAppError(error, 'write the export manifest', path);
  });
  return path;
}
