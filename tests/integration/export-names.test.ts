/**
 * Exports name the model unambiguously (a `model_key` column: provider:model@version as the app shows it, in CSV and
 * JSON Lines), and a raw CSV gets its own file name and manifest instead of replacing the guarded one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { exportFileName } from '../../src/shared/export';
import { GPT, makeExportDb, PINNED, type ExportDb } from '../helpers/export-fixture';
import { createMemoryLogger } from '../helpers/memory';

const UNPINNED_GPT4O = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null } as const;

describe('export names', () => {
  let t: ExportDb;
  let core: Core;
  let runId: string;

  beforeAll(async () => {
    t = await makeExportDb();
    // Two versions of gpt-4o in one run: model_id alone would pool them.
    runId = t.newRun([GPT, PINNED, UNPINNED_GPT4O]);
    for (let i = 0; i < 6; i += 1) t.completeNext();
    core = await createCore({ dataDir: t.dir, env: {}, startScheduler: false, logger: createMemoryLogger().logger });
  });
  afterAll(async () => {
    await core.close();
    t.cleanup();
  });

  it('adds model_key to every CSV row, telling two versions of one model apart', async () => {
    const csv = await callRoute(core.dispatch, 'export.csv', { runId });
    const rows = parse(readFileSync(csv.path!, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(6);
    const keys = new Set(rows.map((r) => r.model_key));
    expect(keys).toEqual(new Set(['openai:gpt-4o-mini', 'openai:gpt-4o@gpt-4o-2024-08-06', 'openai:gpt-4o']));
    for (const row of rows)
      expect(row.model_key).toBe(
        `${row.provider_id}:${row.model_id}${row.model_version ? `@${row.model_version}` : ''}`,
      );
  });

  it('adds model_key to every JSON line', async () => {
    const jsonl = await callRoute(core.dispatch, 'export.jsonl', { runId });
    const lines = readFileSync(jsonl.path!, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { model_key: string; model_id: string });
    const gpt4o = new Set(lines.filter((l) => l.model_id === 'gpt-4o').map((l) => l.model_key));
    expect(gpt4o).toEqual(new Set(['openai:gpt-4o@gpt-4o-2024-08-06', 'openai:gpt-4o']));
    expect(new Set(lines.map((l) => l.model_key)).size).toBe(3);
  });

  it('gives the raw CSV its own name and manifest, leaving the guarded one in place', async () => {
    const guarded = await callRoute(core.dispatch, 'export.csv', { runId });
    const raw = await callRoute(core.dispatch, 'export.csv', { runId, raw: true });
    // The run is still active (half its jobs done): both are partial, and only the raw one says raw.
    expect(guarded.fileName).toBe(exportFileName(runId, 'csv', new Date(), { partial: true }));
    expect(raw.fileName).toBe(exportFileName(runId, 'csv', new Date(), { partial: true, raw: true }));
    expect(raw.fileName).toMatch(/_partial_raw\.csv$/);
    expect(raw.path).not.toBe(guarded.path);
    expect(raw.manifestPath).not.toBe(guarded.manifestPath);
    for (const path of [guarded.path!, guarded.manifestPath!, raw.path!, raw.manifestPath!])
      expect(existsSync(path)).toBe(true);
    const rawManifest = JSON.parse(readFileSync(raw.manifestPath!, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(rawManifest)).toContain(raw.fileName!);
    // JSON Lines is always exact: no raw mark.
    expect(exportFileName(runId, 'jsonl', new Date(), { raw: true })).not.toContain('_raw');
  });
});
