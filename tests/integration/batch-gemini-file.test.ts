/**
 * Gemini batches from an uploaded requests file, end to end over real HTTP to the fake provider: a chunk over the
 * inline limit (set to 0 bytes here, so every chunk is over it) is uploaded through the Files API's resumable upload,
 * its file id committed, and the batch created on it by `input_config.file_name`; the answers come back in a responses
 * file, are collected exactly once, and the provider keeps nothing afterwards (batch, responses file and the uploaded
 * input file deleted). A refused upload is tried again on the next pass; a process killed after the provider took the
 * upload (before its file id was recorded) or after it created the batch (before its id was recorded) is finished by
 * the next one: the file found by its display name, the batch by its display name, neither made twice.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchChunkView } from '../../src/shared/batch';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliKilledAt, cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'resources', 'definitions', 'council-housing.yaml');
const MODEL = { providerId: 'google', modelId: 'gemini-2.0-flash', modelVersion: null } as const;
const CREATE_PATH = '/v1beta/models/gemini-2.0-flash:batchGenerateContent';
const UPLOAD_PATH = '/upload/v1beta/files';

describe('Gemini batch mode by uploaded file', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeProvider();
    env = {
      GEMINI_BASE_URL: fake.url,
      GEMINI_API_KEY: 'test-key',
      VALUERANK_BATCH_GEMINI_INLINE_MAX_BYTES: '0',
    };
    h = await startHarness({
      fake,
      env,
      batches: { minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000, geminiInlineMaxBytes: 0 },
    });
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    temp.cleanup();
  });

  const sql = <T>(query: string, ...params: unknown[]): T[] =>
    h.core.internals.database.sqlite.prepare(query).all(...params) as T[];
  const posts = (path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path);
  const finalized = () => posts(UPLOAD_PATH).filter((r) => r.headers['x-goog-upload-command'] === 'upload, finalize');

  function checkCleaned(): void {
    const held = fake.batches();
    expect(held.batches).toHaveLength(1);
    expect(held.batches.every((b) => b.deleted)).toBe(true);
    expect(held.files).toEqual([]);
  }

  it('uploads the chunk, batches it by file name, collects every answer once and cleans the provider', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { errors: 1 } });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [MODEL],
      options: { samples: 2 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    const total = run.progress.total;
    fake.hold({ path: '/__batch/process' });
    // The first upload is refused: nothing is stored, and the chunk waits for the next pass.
    await fake.setBehavior({ batch: { errors: 1, failUploads: 1 } });
    const refused = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(refused.submitted).toBe(0);
    expect(refused.errors).toHaveLength(1);
    expect(fake.batches().files).toEqual([]);
    expect((await callRoute(h.core.dispatch, 'batches.list', { runId: run.id }))[0]).toMatchObject({ state: 'outbox' });

    const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(sent).toMatchObject({ submitted: 1, polled: 1, collected: 0, errors: [] });
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunk).toMatchObject({ state: 'submitted', requests: total });
    expect(finalized()).toHaveLength(1);
    const [input] = fake.batches().files;
    expect(input?.filename).toMatch(new RegExp(`^vr-${chunk!.id}-[0-9a-f]{16}\\.jsonl$`));
    const [recorded] = sql<{ fileId: string }>(
      `SELECT input_file_id AS fileId FROM batch_chunks WHERE id = ?`,
      chunk!.id,
    );
    expect(recorded!.fileId).toBe(`files/${input!.id}`);
    const [create] = posts(CREATE_PATH);
    expect(create!.body).toMatchObject({ batch: { input_config: { file_name: `files/${input!.id}` } } });
    expect(posts(CREATE_PATH)).toHaveLength(1);

    await fake.waitForHeld(1);
    fake.release();
    const done = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(done).toMatchObject({ polled: 1, collected: 1, ingested: total - 1, requeued: 1, errors: [] });
    const rows = sql<{ jobId: string; tier: string }>(
      `SELECT job_id AS jobId, tier FROM transcripts WHERE run_id = ?`,
      run.id,
    );
    expect(rows).toHaveLength(total - 1);
    expect(new Set(rows.map((r) => r.jobId)).size).toBe(total - 1);
    expect(rows.every((r) => r.tier === 'batch')).toBe(true);
    checkCleaned();
    await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
  });

  for (const crashAt of ['after-upload', 'after-create']) {
    it(`adopts the file and batch a process killed ${crashAt} left at the provider`, async () => {
      await fake.reset();
      const dataDir = join(temp.dir, `crash-${crashAt}`);
      const cli = cliRunner(() => env, ['--data-dir', dataDir]);
      const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
      const model = `${MODEL.providerId}:${MODEL.modelId}`;
      const argv = ['run', definitionId, '--model', model, '--batch', '--yes', '--ignore-health'];
      const signal = await cliKilledAt(dataDir, argv, env, crashAt);
      expect(signal).toBe('SIGKILL');
      // The uploaded input file (after-create: the batch may have finished already, its responses file beside it).
      expect(fake.batches().files.filter((f) => f.filename.startsWith('vr-'))).toHaveLength(1);
      expect(fake.batches().batches).toHaveLength(crashAt === 'after-create' ? 1 : 0);

      const collected = await cli('batches', 'collect');
      expect(collected.code, collected.err.join('\n')).toBe(0);
      expect(collected.out.at(-1)).toBe('0');
      const runs = JSON.parse((await cli('runs', '--json')).out.at(-1)!) as { id: string; status: string }[];
      expect(runs[0]!.status).toBe('completed');
      const status = await cli('batches', 'status', runs[0]!.id, '--json');
      const chunks = JSON.parse(status.out.at(-1)!) as BatchChunkView[];
      expect(chunks).toHaveLength(1);
      expect(chunks[0]).toMatchObject({ state: 'collected', succeeded: chunks[0]!.requests, duplicates: 0 });
      expect(fake.batches().batches.map((b) => `batches/${b.id}`)).toEqual([chunks[0]!.batchId]);
      // One upload and one create, whichever process made them.
      expect(finalized()).toHaveLength(1);
      expect(posts(CREATE_PATH)).toHaveLength(1);
      checkCleaned();
    });
  }
});
