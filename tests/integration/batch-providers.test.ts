/**
 * Mistral and Gemini batch mode end to end over real HTTP to the fake provider's Mistral- and Gemini-shaped routes.
 * Mistral: the chunk's file uploaded to /v1/files (purpose batch), a job created at /v1/batch/jobs with the model, the
 * chat endpoint and the chunk's metadata. Gemini: the requests inlined in `models/{model}:batchGenerateContent`, each
 * keyed by its request id, the chunk and its hash in the display name. Each is polled until the provider finishes it
 * (held at the gate until the test lets it), collected once at batch prices (errored and expired requests back to the
 * queue uncharged), and what the provider keeps is deleted; a process killed between the provider's create and its
 * commit is adopted by the next one (`batches collect`), by metadata or by display name: one batch, every answer once.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchChunkView } from '../../src/shared/batch';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider, type FakeRequest } from '../fixtures/fake-provider.mjs';
import { cliKilledAt, cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'resources', 'definitions', 'council-housing.yaml');

interface ProviderCase {
  name: string;
  model: { providerId: 'mistral' | 'google'; modelId: string; modelVersion: null };
  format: 'mistral' | 'gemini';
  createPath: string;
  /** The provider's status once the (partly expired) batch ended. */
  ended: string;
  /** The create request carried the model and named the chunk. */
  checkCreate(create: FakeRequest, chunk: BatchChunkView, runId: string, total: number): void;
  /** The fake's id of a batch as the app records it. */
  recordedId(fakeId: string): string;
  /** Nothing the provider keeps is left (files gone, or the batch itself deleted). */
  checkCleaned(fake: FakeProvider): void;
  /** More of the fake's batch behaviour (Gemini's answers in a responses file). */
  batch?: { responsesFile?: boolean };
  /** Also killed after the create and adopted (once per provider is enough). */
  crash: boolean;
}

const CASES: ProviderCase[] = [
  {
    name: 'Mistral',
    model: { providerId: 'mistral', modelId: 'mistral-small-latest', modelVersion: null },
    format: 'mistral',
    createPath: '/v1/batch/jobs',
    ended: 'TIMEOUT_EXCEEDED',
    checkCreate(create, chunk, runId) {
      expect(create.body).toMatchObject({
        model: 'mistral-small-latest',
        endpoint: '/v1/chat/completions',
        metadata: { vr_run: runId, vr_chunk: chunk.id },
      });
    },
    recordedId: (id) => id,
    checkCleaned: (fake) => expect(fake.batches().files).toEqual([]),
    crash: true,
  },
  {
    name: 'Gemini',
    model: { providerId: 'google', modelId: 'gemini-2.0-flash', modelVersion: null },
    format: 'gemini',
    createPath: '/v1beta/models/gemini-2.0-flash:batchGenerateContent',
    ended: 'EXPIRED',
    checkCreate(create, chunk, _runId, total) {
      const body = create.body as { batch: { display_name: string; input_config: { requests: { requests: [] } } } };
      expect(body.batch.display_name).toMatch(new RegExp(`^vr:${chunk.id}:[0-9a-f]{64}$`));
      expect(body.batch.input_config.requests.requests).toHaveLength(total);
      expect(chunk.batchId).toMatch(/^batches\//);
    },
    recordedId: (id) => `batches/${id}`,
    checkCleaned: (fake) => {
      expect(fake.batches().batches.every((b) => b.deleted)).toBe(true);
      expect(fake.batches().files).toEqual([]);
    },
    crash: true,
  },
];
// Gemini again, its answers in a responses file (a large batch) rather than inlined in the operation.
CASES.push({ ...CASES[1]!, name: 'Gemini (responses file)', batch: { responsesFile: true }, crash: false });

describe('Mistral and Gemini batch mode', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeProvider();
    env = {
      MISTRAL_BASE_URL: `${fake.url}/v1`,
      MISTRAL_API_KEY: 'test-key',
      GEMINI_BASE_URL: fake.url,
      GEMINI_API_KEY: 'test-key',
    };
    h = await startHarness({ fake, env, batches: { minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 } });
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    temp.cleanup();
  });

  const sql = <T>(query: string, ...params: unknown[]): T[] =>
    h.core.internals.database.sqlite.prepare(query).all(...params) as T[];
  const created = (c: ProviderCase) => fake.requests.filter((r) => r.method === 'POST' && r.path === c.createPath);

  for (const c of CASES) {
    it(`${c.name}: sends a chunk, polls until it ends, collects every answer once, cleans the provider`, async () => {
      await fake.reset();
      await fake.setBehavior({ batch: { outOfOrder: true, errors: 1, expire: 1, ...c.batch } });
      const definitionId = await h.importSample();
      const run = await callRoute(h.core.dispatch, 'runs.create', {
        definitionId,
        models: [c.model],
        options: { samples: 2 },
        mode: 'batch',
        ignoreHealth: true,
        costConfirmed: true,
      });
      const total = run.progress.total;
      fake.hold({ path: '/__batch/process' });
      const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
      expect(sent).toMatchObject({ submitted: 1, polled: 1, collected: 0, errors: [] });
      const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
      expect(created(c)).toHaveLength(1);
      c.checkCreate(created(c)[0]!, chunk!, run.id, total);
      const uploads = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files').length;
      expect(uploads).toBe(c.format === 'mistral' ? 1 : 0);
      // A small Gemini chunk is inlined: no file through the Files API.
      expect(fake.requests.filter((r) => r.path === '/upload/v1beta/files')).toEqual([]);
      expect(chunk).toMatchObject({ state: 'submitted', providerStatus: 'RUNNING', requests: total });

      // The provider finishes the batch; the next pass collects it.
      await fake.waitForHeld(1);
      fake.release();
      const done = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
      expect(done).toMatchObject({ polled: 1, collected: 1, ingested: total - 2, requeued: 2, errors: [] });
      const rows = sql<{ jobId: string; tier: string; batchId: string }>(
        `SELECT job_id AS jobId, tier, batch_id AS batchId FROM transcripts WHERE run_id = ?`,
        run.id,
      );
      expect(new Set(rows.map((r) => r.jobId)).size).toBe(total - 2);
      expect(rows.every((r) => r.tier === 'batch' && r.batchId === chunk!.batchId)).toBe(true);
      const [collected] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
      expect(collected).toMatchObject({ state: 'collected', providerStatus: c.ended, succeeded: total - 2 });
      expect(collected!.actualCostUsd).toBeGreaterThan(0);
      c.checkCleaned(fake);
      // The two unanswered jobs wait for the next chunk, their attempts unused.
      const back = sql<{ attempts: number; chunk: string | null }>(
        `SELECT attempts, batch_chunk_id AS chunk FROM jobs WHERE run_id = ? AND status = 'pending'`,
        run.id,
      );
      expect(back).toEqual([
        { attempts: 0, chunk: null },
        { attempts: 0, chunk: null },
      ]);
      await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
    });

    if (!c.crash) continue;
    it(`${c.name}: adopts the batch a process killed after the provider created it`, async () => {
      await fake.reset();
      const dataDir = join(temp.dir, `crash-${c.format}`);
      const cli = cliRunner(() => env, ['--data-dir', dataDir]);
      const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
      const model = `${c.model.providerId}:${c.model.modelId}`;
      const argv = ['run', definitionId, '--model', model, '--batch', '--yes', '--ignore-health'];
      const signal = await cliKilledAt(dataDir, argv, env, 'after-create');
      expect(signal).toBe('SIGKILL');
      expect(fake.batches().batches).toHaveLength(1);

      const collected = await cli('batches', 'collect');
      expect(collected.code, collected.err.join('\n')).toBe(0);
      expect(collected.out.at(-1)).toBe('0');
      const runs = JSON.parse((await cli('runs', '--json')).out.at(-1)!) as { id: string; status: string }[];
      expect(runs[0]!.status).toBe('completed');
      const status = await cli('batches', 'status', runs[0]!.id, '--json');
      const chunks = JSON.parse(status.out.at(-1)!) as BatchChunkView[];
      const held = fake.batches();
      expect(held.batches.map((b) => [c.recordedId(b.id), b.format])).toEqual([[chunks[0]!.batchId, c.format]]);
      expect(chunks[0]).toMatchObject({ succeeded: chunks[0]!.requests, duplicates: 0 });
      expect(created(c)).toHaveLength(1);
      c.checkCleaned(fake);
    });
  }
});
