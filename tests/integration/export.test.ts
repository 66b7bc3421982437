/** Export through the real worker thread against a real SQLite file: every field round-trips, failures, partial, JSONL. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRunCsv } from '../../src/main/core/export/csv';
import { writeRunJsonl } from '../../src/main/core/export/jsonl';
import type { ExportManifest } from '../../src/main/core/export/manifest';
import { exportWorkerFile, runExportInWorker } from '../../src/main/core/export/runner';
import { ExportService } from '../../src/main/core/export/service';
import { renderTranscript } from '../../src/shared/transcript';
import type { Turn } from '../../src/shared/domain';
import { createMemoryLogger } from '../helpers/memory';
import { GPT, makeExportDb, PINNED, type ExportDb } from '../helpers/export-fixture';
import { seedTranscripts } from '../../bench/export-seed';

interface DbTranscript {
  scenario_id: string;
  model_id: string;
  model_version: string | null;
  score: number | null;
  decision: string;
  completed_at: string;
  provider_id: string;
  reported_model_version: string | null;
  parse_path: string;
  decision_source: string;
  input_tokens: number | null;
  output_tokens: number | null;
  duration_ms: number | null;
  dimensions_json: string;
}

const cell = (value: string | number | null): string => (value === null ? '' : String(value));
const ROOT = resolve(__dirname, '..', '..');

describe('run export', () => {
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

  const exportTo = (runId: string, name: string, format: 'csv' | 'jsonl' = 'csv', includeFailures = false) =>
    service.exportToFile({ runId, path: join(t.dir, name), format, includeFailures });

  it('round-trips every field of every transcript through csv-parse, exactly as stored', async () => {
    const runId = t.newRun();
    while (t.completeNext()) {
      /* every job answers */
    }
    const result = await exportTo(runId, 'all.csv');
    expect(result).toMatchObject({ rows: 8, transcripts: 8, failures: 0, partial: false });
    const bytes = readFileSync(result.path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true, cast: false }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      'run_id',
      'scenario_id',
      'model_id',
      'model_version',
      'score',
      'decision',
      'timestamp',
      'status',
      'error_code',
      'error_message',
      'provider_id',
      'reported_model_version',
      'parse_path',
      'definition_id',
      'definition_name',
      'input_tokens',
      'output_tokens',
      'duration_ms',
      'truncated',
      'sample',
      'model_key',
      'decision_source',
      'tier',
      'batch_id',
      'wording',
      'order',
      'dim_Stakes',
      'dim_Stakes_label',
      'dim_Certainty',
      'dim_Certainty_label',
    ]);
    const stored = t.database.sqlite
      .prepare(
        `SELECT t.*, s.dimensions_json FROM transcripts t JOIN scenarios s ON s.id = t.scenario_id AND s.definition_id = ?
          WHERE t.run_id = ? ORDER BY t.scenario_id, t.rowid`,
      )
      .all(t.definitionId, runId) as DbTranscript[];
    expect(records).toHaveLength(stored.length);
    const name = t.definitions.get(t.definitionId).name;
    expect(name).toContain('"quoted"');
    stored.forEach((row, i) => {
      const record = records[i]!;
      const dims = JSON.parse(row.dimensions_json) as Record<string, { score: number; label: string }>;
      expect(record).toEqual({
        run_id: runId,
        scenario_id: row.scenario_id,
        model_id: row.model_id,
        model_version: cell(row.model_version),
        score: cell(row.score),
        decision: row.decision,
        timestamp: new Date(row.completed_at).toISOString(),
        status: 'completed',
        error_code: '',
        error_message: '',
        provider_id: row.provider_id,
        reported_model_version: cell(row.reported_model_version),
        parse_path: row.parse_path,
        definition_id: t.definitionId,
        definition_name: name,
        input_tokens: cell(row.input_tokens),
        output_tokens: cell(row.output_tokens),
        duration_ms: cell(row.duration_ms),
        truncated: '0',
        sample: '1',
        model_key: `${row.provider_id}:${row.model_id}${row.model_version ? `@${row.model_version}` : ''}`,
        decision_source: row.decision_source,
        tier: 'realtime',
        batch_id: '',
        wording: '',
        order: '',
        dim_Stakes: cell(dims.Stakes!.score),
        dim_Stakes_label: dims.Stakes!.label,
        dim_Certainty: cell(dims.Certainty!.score),
        dim_Certainty_label: dims.Certainty!.label,
      });
      expect(record.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });
    // The tricky text really is in there, so the comparison above proved something.
    const labels = records.flatMap((r) => [r.dim_Stakes_label, r.dim_Certainty_label, r.decision]);
    expect(labels).toEqual(
      expect.arrayContaining([
        'low, "tiny"',
        'عالية 高 🔥',
        'weak\nsecond line',
        'No, 絶対に, لا',
        'Yes, "definitely" 👍',
      ]),
    );
    expect(records.filter((r) => r.model_version === '')).toHaveLength(4);
  });

  it('writes the same bytes in the worker thread as in-process (and as the built worker when present)', async () => {
    const runId = t.newRun();
    for (let i = 0; i < 5; i += 1) t.completeNext();
    t.failNext();
    const viaWorker = readFileSync((await exportTo(runId, 'w.csv', 'csv', true)).path, 'utf8');
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const inProcess = await writeRunCsv(t.database.sqlite, runId, sink, { includeFailures: true, pageSize: 2 });
    expect(inProcess).toMatchObject({ rows: 6, transcripts: 5, failures: 1, partial: true });
    expect(Buffer.concat(chunks).toString('utf8')).toBe(viaWorker);
    expect(exportWorkerFile(join(ROOT, 'src/main/core/export/runner.ts'))).toMatch(/worker-dev\.mjs$/);

    const built = join(ROOT, 'out', 'main', 'export-worker.js');
    if (!existsSync(built)) return; // `npm test` builds first; a bare `vitest run` may not have
    expect(exportWorkerFile(join(ROOT, 'out', 'main', 'index.js'))).toBe(built);
    expect(exportWorkerFile(join(ROOT, 'out', 'main', 'chunks', 'any.js'))).toBe(built);
    const path = join(t.dir, 'built.csv');
    await runExportInWorker(
      { databasePath: t.database.path, runId, path, format: 'csv', includeFailures: true },
      built,
    );
    expect(readFileSync(path, 'utf8')).toBe(viaWorker);
  });

  it('gives failed and cancelled jobs rows only when asked, with their errors and empty answers', async () => {
    const runId = t.newRun([GPT]);
    t.completeNext();
    t.completeNext();
    const failed = t.failNext()!;
    t.controls.apply(runId, 'cancel');
    const plain = parse(readFileSync((await exportTo(runId, 'plain.csv')).path), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(plain.map((r) => r.status)).toEqual(['completed', 'completed']);

    const result = await exportTo(runId, 'failures.csv', 'csv', true);
    expect(result).toMatchObject({ rows: 4, transcripts: 2, failures: 2, partial: false });
    const rows = parse(readFileSync(result.path), { bom: true, columns: true }) as Record<string, string>[];
    const failedRow = rows.find((r) => r.status === 'failed')!;
    expect(failedRow).toMatchObject({
      scenario_id: failed.scenarioId,
      score: '',
      decision: '',
      error_code: 'PROVIDER_ERROR',
      error_message: 'HTTP 500: "upstream", broken\nsecond line 💥',
      parse_path: '',
      decision_source: '',
      input_tokens: '',
      tier: '',
      batch_id: '',
    });
    expect(Number.isNaN(Date.parse(failedRow.timestamp!))).toBe(false);
    expect(rows.find((r) => r.status === 'cancelled')).toMatchObject({
      error_code: 'CANCELLED',
      score: '',
      decision: '',
    });
  });

  it('exports the header only when every job failed', async () => {
    const runId = t.newRun([GPT]);
    while (t.failNext()) {
      /* every job fails */
    }
    const result = await exportTo(runId, 'empty.csv');
    expect(result).toMatchObject({ rows: 0, partial: false });
    const text = readFileSync(result.path, 'utf8');
    expect(text.split('\n')).toEqual([expect.stringMatching(/^\uFEFFrun_id,scenario_id,.*,dim_Certainty_label$/), '']);
    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    expect(manifest.run.status).toBe('failed');
    expect(manifest.counts).toMatchObject({ rows: 0, jobs: { total: 4, failed: 4 } });
  });

  it('exports only finished transcripts of a running run and says it is partial', async () => {
    const runId = t.newRun();
    t.completeNext();
    t.store.claim('other', Date.now(), 60_000, []); // one job in flight, six still pending
    const result = await exportTo(runId, 'partial.csv');
    expect(result).toMatchObject({ rows: 1, partial: true });
    expect(parse(readFileSync(result.path), { bom: true, columns: true })).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    expect(manifest.run).toMatchObject({ status: 'running', partial: true });
  });

  it('writes JSON Lines with full transcripts and a manifest describing the export', async () => {
    const runId = t.newRun();
    for (let i = 0; i < 7; i += 1) t.completeNext();
    t.failNext();
    const result = await exportTo(runId, 'run.jsonl', 'jsonl', true);
    expect(result).toMatchObject({ rows: 8, transcripts: 7, failures: 1, format: 'jsonl' });
    const lines = readFileSync(result.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(8);
    const stored = t.database.sqlite
      .prepare(
        `SELECT id, turns_json, request_params_json, snapshot_hash, content FROM transcripts WHERE run_id = ? ORDER BY scenario_id, rowid`,
      )
      .all(runId) as {
      id: string;
      turns_json: string;
      request_params_json: string;
      snapshot_hash: string;
      content: string;
    }[];
    stored.forEach((row, i) => {
      expect(lines[i]).toMatchObject({
        status: 'completed',
        transcript_id: row.id,
        sample: 1,
        turns: JSON.parse(row.turns_json),
        request_params: JSON.parse(row.request_params_json),
        snapshot_hash: row.snapshot_hash,
        // The reply is stored once (in the turns); the export renders the conversation from them.
        content: renderTranscript(JSON.parse(row.turns_json) as Turn[]),
        truncated: false,
      });
      expect(row.content).toBe('');
    });
    expect(lines[7]).toMatchObject({ status: 'failed', score: null, error: { code: 'PROVIDER_ERROR' }, attempts: 1 });
    expect((lines[7]!.errors as unknown[]).length).toBe(1);

    const manifest = JSON.parse(readFileSync(result.manifestPath, 'utf8')) as ExportManifest;
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = t.database.sqlite.prepare(`SELECT snapshot_hash AS hash FROM runs WHERE id = ?`).get(runId) as {
      hash: string;
    };
    expect(manifest).toMatchObject({
      manifestVersion: 1,
      format: 'jsonl',
      file: 'run.jsonl',
      app: { name: 'valuerank-desktop', version: pkg.version },
      run: {
        id: runId,
        status: 'completed_with_errors',
        partial: false,
        options: { sampleSeed: 7, samplePercentage: 100, samples: 1 },
      },
      definition: { id: t.definitionId, snapshotHash: run.hash, dimensions: ['Stakes', 'Certainty'] },
      includeFailures: true,
      counts: { rows: 8, transcripts: 7, failures: 1, jobs: { total: 8, failed: 1 } },
    });
    expect(manifest.columns).toContain('turns');
    expect(manifest.models).toEqual([
      // Jobs alternate between the two models, and the fixture's reported version alternates with them.
      expect.objectContaining({ ...GPT, transcripts: 4, reportedVersions: ['model-"v0", 版'] }),
      expect.objectContaining({ ...PINNED, transcripts: 3, reportedVersions: ['model-"v1", 版'] }),
    ]);
    expect(Date.parse(manifest.exportedAt)).toBeGreaterThan(Date.now() - 60_000);

    const sink = new PassThrough();
    let inProcess = '';
    sink.on('data', (chunk: Buffer) => (inProcess += chunk.toString('utf8')));
    await writeRunJsonl(t.database.sqlite, runId, sink, { includeFailures: true, pageSize: 3 });
    expect(inProcess).toBe(readFileSync(result.path, 'utf8'));
  });

  it('reports progress while a large export is written, then nothing active', async () => {
    const runId = t.newRun([GPT]);
    seedTranscripts(t.database.sqlite, runId, 12_000);
    const seen: number[] = [];
    let activeDuring = false;
    const result = await service.exportToFile({
      runId,
      path: join(t.dir, 'large.csv'),
      format: 'csv',
      includeFailures: false,
      onProgress: (rows, expected) => {
        seen.push(rows);
        expect(expected).toBe(12_000);
        activeDuring ||= service.progress(runId).active && service.progress(runId).rowsExpected === 12_000;
      },
    });
    expect(result.rows).toBe(12_000);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(12_000);
    expect(activeDuring).toBe(true);
    expect(service.progress(runId)).toEqual({ runId, active: false, format: null, rowsWritten: 0, rowsExpected: 0 });
  });

  it('refuses an unknown run and leaves no file behind for a failed write', async () => {
    await expect(exportTo('run_missing', 'x.csv')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const runId = t.newRun([GPT]);
    await expect(
      service.exportToFile({ runId, path: join(t.dir, 'no-such-dir', 'x.csv'), format: 'csv', includeFailures: false }),
    ).rejects.toMatchObject({
      code: 'PATH_NOT_FOUND',
    });
    expect(existsSync(join(t.dir, 'no-such-dir'))).toBe(false);
  });
});
