/** The export through every front door: the IPC routes (with Save-As and progress), browser mode's downloads, the CLI. */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { createMemoryLogger } from '../helpers/memory';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { AppError } from '../../src/shared/errors';
import { exportFileName } from '../../src/shared/export';
import { GPT, makeExportDb, type ExportDb } from '../helpers/export-fixture';
import { unzip } from '../helpers/unzip';

describe('export routes, browser-mode downloads and the CLI', () => {
  let t: ExportDb;
  let core: Core;
  let server: WebServer;
  let runId: string;
  let savePath: string | null = null;

  beforeAll(async () => {
    t = await makeExportDb();
    runId = t.newRun([GPT]);
    t.completeNext();
    t.completeNext();
    t.completeNext();
    t.failNext();
    core = await createCore({ dataDir: t.dir, env: {}, startScheduler: false, logger: createMemoryLogger().logger });
    const renderer = join(t.dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ValueRank</title>');
    server = await startWebServer({ core, dataDir: t.dir, rendererDir: renderer });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    t.cleanup();
  });

  const get = (path: string) => fetch(`${server.origin}${path}${path.includes('?') ? '&' : '?'}token=${server.token}`);

  it('writes CSV and JSON Lines with manifests into <dataDir>/exports when nobody is asked', async () => {
    const csv = await callRoute(core.dispatch, 'export.csv', { runId });
    expect(csv).toMatchObject({
      status: 'saved',
      format: 'csv',
      rows: 3,
      failures: 0,
      partial: false,
      fileName: exportFileName(runId, 'csv'),
    });
    expect(csv.path).toBe(join(t.dir, 'exports', exportFileName(runId, 'csv')));
    expect(existsSync(csv.manifestPath!)).toBe(true);
    const jsonl = await callRoute(core.dispatch, 'export.jsonl', { runId, includeFailures: true });
    expect(jsonl).toMatchObject({ status: 'saved', format: 'jsonl', rows: 4, failures: 1 });
    expect(readFileSync(jsonl.path!, 'utf8').trimEnd().split('\n')).toHaveLength(4);
    expect(await callRoute(core.dispatch, 'export.progress', { runId })).toMatchObject({
      active: false,
      rowsWritten: 0,
    });
    await expect(callRoute(core.dispatch, 'export.csv', { runId: 'run_missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(callRoute(core.dispatch, 'export.csv', { runId: ' ' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('asks where to save when a Save-As is wired, and reports a cancelled dialog', async () => {
    const asked: string[] = [];
    const withDialog = await createCore({
      dataDir: t.dir,
      env: {},
      startScheduler: false,
      logger: createMemoryLogger().logger,
      chooseSavePath: async (name) => {
        asked.push(name);
        return savePath;
      },
    });
    try {
      expect(await callRoute(withDialog.dispatch, 'export.jsonl', { runId })).toMatchObject({
        status: 'cancelled',
        path: null,
        rows: 0,
      });
      savePath = join(t.dir, 'chosen.csv');
      expect(await callRoute(withDialog.dispatch, 'export.csv', { runId })).toMatchObject({
        status: 'saved',
        path: savePath,
        rows: 3,
      });
      expect(asked).toEqual([exportFileName(runId, 'jsonl'), exportFileName(runId, 'csv')]);
      expect(existsSync(`${savePath}.manifest.json`)).toBe(true);
    } finally {
      await withDialog.close();
    }
  });

  it('drags out through the export.drag route where the front door can drag, and answers UNSUPPORTED elsewhere', async () => {
    await expect(callRoute(core.dispatch, 'export.drag', { path: join(t.dir, 'x.csv') })).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    const dragged: string[] = [];
    const withDrag = await createCore({
      dataDir: t.dir,
      env: {},
      startScheduler: false,
      logger: createMemoryLogger().logger,
      startDrag: (path) => {
        if (!path.endsWith('.csv')) throw new AppError('NOT_FOUND', 'not an export');
        dragged.push(path);
      },
    });
    try {
      const path = join(t.dir, 'exports', 'a.csv');
      expect(await callRoute(withDrag.dispatch, 'export.drag', { path })).toEqual({ started: true });
      expect(dragged).toEqual([path]);
      await expect(callRoute(withDrag.dispatch, 'export.drag', { path: '/etc/passwd' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(callRoute(withDrag.dispatch, 'export.drag', { path: '' })).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    } finally {
      await withDrag.close();
    }
  });

  it('downloads a run export and an already written file in browser mode, and nothing else', async () => {
    const csv = await get(`/api/export/run/${encodeURIComponent(runId)}.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${exportFileName(runId, 'csv')}"`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(parse(Buffer.from(await csv.arrayBuffer()), { bom: true, columns: true })).toHaveLength(3);

    const jsonl = await get(`/api/export/run/${encodeURIComponent(runId)}.jsonl?failures=1`);
    expect(jsonl.status).toBe(200);
    expect((await jsonl.text()).trimEnd().split('\n')).toHaveLength(4);

    const manifest = await get(`/api/export/file/${exportFileName(runId, 'csv')}.manifest.json`);
    expect(manifest.status).toBe(200);
    expect(await manifest.json()).toMatchObject({ format: 'csv', run: { id: runId } });

    for (const bad of ['valuerank.sqlite', '..%2Fvaluerank.sqlite', '.hidden.csv', 'nope.csv']) {
      expect((await get(`/api/export/file/${bad}`)).status).toBe(404);
    }
    expect((await get('/api/export/run/run_missing.jsonl')).status).toBe(404);
    expect((await fetch(`${server.origin}/api/export/file/${exportFileName(runId, 'csv')}`)).status).toBe(401);
  });

  it('downloads an export with every file written beside it as one ZIP, and nothing from outside the folder', async () => {
    const csv = await callRoute(core.dispatch, 'export.csv', { runId });
    const name = csv.fileName!;
    const response = await get(`/api/export/bundle/${encodeURIComponent(name)}.zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${name}.zip"`);
    const entries = unzip(Buffer.from(await response.arrayBuffer()));
    // Every file the export wrote (the folder holds this run's other exports too: only this one's name prefix).
    const written = readdirSync(join(t.dir, 'exports')).filter((f) => f === name || f.startsWith(`${name}.`));
    expect([...entries.keys()].sort()).toEqual(written.sort());
    expect([...entries.keys()].slice(0, 2)).toEqual([name, `${name}.manifest.json`]);
    expect(written.map((f) => f.slice(name.length)).sort()).toEqual(
      ['', '.analysis.R', '.analysis.py', '.effects.csv', '.manifest.json', '.scenarios.csv'].sort(),
    );
    for (const [file, bytes] of entries) expect(bytes.equals(readFileSync(join(t.dir, 'exports', file)))).toBe(true);

    // A JSON Lines export has no scripts; its bundle is what its manifest lists.
    const jsonl = await callRoute(core.dispatch, 'export.jsonl', { runId });
    const jsonlEntries = unzip(
      Buffer.from(await (await get(`/api/export/bundle/${jsonl.fileName!}.zip`)).arrayBuffer()),
    );
    expect([...jsonlEntries.keys()].map((f) => f.slice(jsonl.fileName!.length)).sort()).toEqual(
      ['', '.effects.csv', '.manifest.json', '.scenarios.csv'].sort(),
    );

    // A manifest naming a file outside the folder (or the database) adds nothing; unknown names are 404.
    const manifestPath = join(t.dir, 'exports', `${name}.manifest.json`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { sidecars: Record<string, unknown> };
    manifest.sidecars.effects = '../valuerank.sqlite';
    manifest.sidecars.scenarios = 'valuerank.sqlite';
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const tampered = unzip(Buffer.from(await (await get(`/api/export/bundle/${name}.zip`)).arrayBuffer()));
    expect([...tampered.keys()].sort()).toEqual(
      [name, `${name}.manifest.json`, `${name}.analysis.py`, `${name}.analysis.R`].sort(),
    );
    // A manifest that no longer parses lists nothing: the bundle is the file and the manifest as they are.
    writeFileSync(manifestPath, '{ not json');
    const unreadable = unzip(Buffer.from(await (await get(`/api/export/bundle/${name}.zip`)).arrayBuffer()));
    expect([...unreadable.keys()]).toEqual([name, `${name}.manifest.json`]);
    for (const bad of ['valuerank.sqlite', '..%2Fvaluerank.sqlite', 'nope.csv', `${name}.manifest.json`]) {
      expect((await get(`/api/export/bundle/${bad}.zip`)).status).toBe(404);
    }
    expect((await fetch(`${server.origin}/api/export/bundle/${name}.zip`)).status).toBe(401);
  });

  it('exports from the CLI in either format, with or without failed jobs', async () => {
    const io = { out: [] as string[], err: [] as string[] };
    const cli = (...argv: string[]) =>
      runCli(['--data-dir', t.dir, ...argv], {
        out: (l) => io.out.push(l),
        err: (l) => io.err.push(l),
        env: {},
        coreOptions: { logger: createMemoryLogger().logger },
      });
    const file = join(t.dir, 'cli', 'out.jsonl');
    expect(await cli('export', runId, '--out', file, '--format', 'jsonl', '--include-failures')).toBe(0);
    expect(io.out.at(-1)).toBe(file);
    expect(io.err.at(-1)).toMatch(/Wrote 3 results and 1 failed or cancelled job /);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(4);
    expect(JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'))).toMatchObject({
      format: 'jsonl',
      includeFailures: true,
    });

    const csvFile = join(t.dir, 'cli', 'out.csv');
    expect(await cli('export', runId, '--out', csvFile)).toBe(0);
    expect(parse(readFileSync(csvFile), { bom: true, columns: true })).toHaveLength(3);
    expect(await cli('export', runId, '--out', csvFile, '--format', 'xml')).toBe(64);
    expect(io.err.at(-1)).toMatch(/--format must be csv or jsonl/);
    expect(await cli('export', runId)).toBe(64);
    expect(await cli('export', 'run_missing', '--out', csvFile)).toBe(1);
  });
});
