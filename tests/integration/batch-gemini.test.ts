/**
 * Gemini batch mode end to end over real HTTP to the fake provider's Gemini-shaped routes: the chunk's requests
 * inlined in `models/{model}:batchGenerateContent` (each keyed by its request id, the chunk and its hash in the display
 * name), the operation polled until the provider finishes it (held at the gate until the test lets it), its inlined
 * answers collected once at batch prices (errored and expired requests back to the queue uncharged), the batch deleted
 * at the provider; and a process killed between the provider's create and its commit is adopted by the next one
 * (`batches collect`) by display name.
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
const MODEL = { providerId: 'google', modelId: 'gemini-2.0-flash', modelVersion: null } as const;
const CREATE_PATH = '/v1beta/models/gemini-2.0-flash:batchGenerateContent';

describe('Gemini batch mode', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { GEMINI_BASE_URL: fake.url, GEMINI_API_KEY: 'test-key' };
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

  it('creates an inlined batch named for its chunk, polls the operation, and collects every answer once', async () => {
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
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    const [create] = fake.requests.filter((r) => r.method === 'POST' && r.path === CREATE_PATH);
    const body = create!.body as {
      batch: { display_name: string; input_config: { requests: { requests: unknown[] } } };
    };
    expect(body.batch.display_name).toMatch(new RegExp(`^vr:${chunk!.id}:[0-9a-f]{64}$`));
    expect(body.batch.input_config.requests.requests).toHaveLength(total);
    expect(fake.requests.some((r) => r.path.startsWith('/v1/files'))).toBe(false);
    expect(chunk).toMatchObject({ state: 'submitted', providerStatus: 'RUNNING', requests: total });
    expect(chunk!.batchId).toMatch(/^batches\//);

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
    expect(collected).toMatchObject({ state: 'collected', providerStatus: 'EXPIRED', succeeded: total - 2 });
    // The batch (its inlined stimuli and answers) is deleted at the provider; the two unanswered jobs wait.
    expect(fake.batches().batches.map((b) => b.deleted)).toEqual([true]);
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

  it('adopts the batch a process killed after the provider created it (by display name): one batch, every answer once', async () => {
    await fake.reset();
    const dataDir = join(temp.dir, 'crash');
    const cli = cliRunner(() => env, ['--data-dir', dataDir]);
    const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
    const argv = ['run', definitionId, '--model', 'google:gemini-2.0-flash', '--batch', '--yes', '--ignore-health'];
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env, VALUERANK_BATCH_CRASH_AT: 'after-create' },
      stdio: 'ignore',
    });
    const signal = await new Promise<NodeJS.Signals | null>((done) => child.once('close', (_code, sig) => done(sig)));
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
    expect(held.batches.map((b) => [`batches/${b.id}`, b.format, b.deleted])).toEqual([
      [chunks[0]!.batchId, 'gemini', true],
    ]);
    expect(chunks[0]).toMatchObject({ succeeded: chunks[0]!.requests, duplicates: 0 });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === CREATE_PATH)).toHaveLength(1);
  });
});
