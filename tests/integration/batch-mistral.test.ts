/**
 * Mistral batch inference end to end over real HTTP to the fake provider's Mistral-shaped job routes: the chunk's file
 * uploaded to /v1/files (purpose batch), a job created at /v1/batch/jobs with the model, the chat endpoint and the
 * chunk's metadata, polled until the provider finishes it (held at the gate until the test lets it), collected once at
 * batch prices (errored and expired requests back to the queue uncharged), the provider's files deleted; and a process
 * killed between the provider's create and its commit is adopted by the next one (`batches collect`) by metadata.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'resources', 'definitions', 'council-housing.yaml');
const MODEL = { providerId: 'mistral', modelId: 'mistral-small-latest', modelVersion: null } as const;

describe('Mistral batch mode', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { MISTRAL_BASE_URL: `${fake.url}/v1`, MISTRAL_API_KEY: 'test-key' };
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

  it('uploads, creates a job with model and metadata, polls until it ends, and collects every answer once', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { outOfOrder: true, errors: 1, expire: 1 } });
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
    const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(sent).toMatchObject({ submitted: 1, polled: 1, collected: 0, errors: [] });
    const upload = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files');
    expect(upload).toHaveLength(1);
    const [create] = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batch/jobs');
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(create!.body).toMatchObject({
      model: 'mistral-small-latest',
      endpoint: '/v1/chat/completions',
      metadata: { vr_run: run.id, vr_chunk: chunk!.id },
    });
    expect(chunk).toMatchObject({ state: 'submitted', providerStatus: 'RUNNING', requests: total });

    // The provider finishes the job; the next pass collects it.
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
    expect(collected).toMatchObject({ state: 'collected', providerStatus: 'TIMEOUT_EXCEEDED', succeeded: total - 2 });
    expect(collected!.actualCostUsd).toBeGreaterThan(0);
    // Input, output and error files are gone from the provider; the two unanswered jobs wait, attempts unused.
    expect(fake.batches().files).toEqual([]);
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

  it('adopts the job a process killed after the provider created it (by metadata): one job, every answer once', async () => {
    await fake.reset();
    const dataDir = join(temp.dir, 'crash');
    const cli = cliRunner(() => env, ['--data-dir', dataDir]);
    const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
    const argv = ['run', definitionId, '--model', 'mistral:mistral-small-latest', '--batch', '--yes'];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv, '--ignore-health'],
      { cwd: ROOT, env: { ...process.env, ...env, VALUERANK_BATCH_CRASH_AT: 'after-create' }, stdio: 'ignore' },
    );
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.once('close', (code, sig) => done([code, sig])),
    );
    expect(signal).toBe('SIGKILL');
    expect(fake.batches().batches).toHaveLength(1);

    const collected = await cli('batches', 'collect');
    expect(collected.code, collected.err.join('\n')).toBe(0);
    expect(collected.out.at(-1)).toBe('0');
    const runs = JSON.parse((await cli('runs', '--json')).out.at(-1)!) as { id: string; status: string }[];
    expect(runs[0]!.status).toBe('completed');
    const chunks = JSON.parse((await cli('batches', 'status', runs[0]!.id, '--json')).out.at(-1)!) as {
      batchId: string;
      succeeded: number;
      requests: number;
      duplicates: number;
    }[];
    const held = fake.batches();
    expect(held.batches.map((b) => [b.id, b.format])).toEqual([[chunks[0]!.batchId, 'mistral']]);
    expect(chunks[0]).toMatchObject({ succeeded: chunks[0]!.requests, duplicates: 0 });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batch/jobs')).toHaveLength(1);
    expect(held.files).toEqual([]);
  });
});
