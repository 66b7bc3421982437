/**
 * A mixed finish (issue 26): a batch run whose batch expired partly done finishes the remainder in real time. The jobs
 * outside a batch are sent at once, one request each; a batch still open at the provider keeps its jobs and is still
 * collected, and what it leaves unanswered is sent in real time too. Every job ends exactly once, each transcript
 * saying truthfully which tier answered it, and no new batch is made.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { manifestPathFor } from '../../src/shared/export';
import type { RunCost } from '../../src/shared/prices';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';

const MODEL = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const PROCESS = '/__batch/process';

describe('finish the remainder of a batch run in real time', () => {
  let fake: FakeProvider;
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    fake = await startFakeProvider();
    h = await startHarness({
      fake,
      env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' },
      // Chunks of 2 requests; polls whenever asked; the app's own timer never runs during the test.
      batches: { maxRequests: 2, minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 },
    });
    definitionId = await h.importSample();
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  const sql = <T>(query: string, ...params: unknown[]): T[] =>
    h.core.internals.database.sqlite.prepare(query).all(...params) as T[];
  const batchRun = () =>
    callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [MODEL],
      options: { samples: 1 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
  const realtimeRequests = (): number => fake.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

  it('sends the expired jobs and those of a later expiry in real time, once each, with the tier they ran at', async () => {
    await fake.reset();
    // The last request of every batch expires; each batch finishes only when the test releases its processing.
    await fake.setBehavior({ batch: { expire: 1 } });
    fake.hold({ path: PROCESS });
    const run = await batchRun();
    const total = run.progress.total;
    expect(total).toBe(4);
    const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(sent).toMatchObject({ submitted: 2, errors: [] });
    await fake.waitForHeld(2);

    // The first batch ends with one answer and one expired request, which goes back to the queue.
    expect(fake.release(1)).toBe(1);
    const first = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(first).toMatchObject({ collected: 1, ingested: 1, requeued: 1 });
    expect(realtimeRequests()).toBe(0);

    const finishing = await callRoute(h.core.dispatch, 'batches.finishRealtime', { runId: run.id });
    expect(finishing).toEqual({ runId: run.id, realtimeJobs: 1 });
    // The expired job is answered in real time while the second batch is still open at the provider.
    const realtimeFirst = await waitForTranscripts(2);
    expect(realtimeFirst.filter((t) => t.tier === 'realtime')).toHaveLength(1);
    expect(h.core.internals.runs.get(run.id).status).not.toBe('completed');

    // The second batch ends the same way: its answer is collected, its expired request is sent in real time.
    expect(fake.release(1)).toBe(1);
    const second = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(second).toMatchObject({ submitted: 0, collected: 1, ingested: 1, requeued: 1 });
    const done = await h.waitForRun(run.id);
    expect(done.status).toBe('completed');
    expect(done.progress).toMatchObject({ completed: total, failed: 0 });

    const rows = await waitForTranscripts(total);
    expect(new Set(rows.map((r) => r.jobId)).size).toBe(total);
    expect(rows.filter((r) => r.tier === 'batch' && r.batchId !== null)).toHaveLength(2);
    expect(rows.filter((r) => r.tier === 'realtime' && r.batchId === null)).toHaveLength(2);
    // The realtime answers are exactly the jobs the batches left unanswered.
    const expired = sql<{ jobId: string }>(
      `SELECT id AS jobId FROM jobs WHERE run_id = ? AND errors_json LIKE '%BATCH_UNANSWERED%'`,
      run.id,
    ).map((j) => j.jobId);
    expect(rows.filter((r) => r.tier === 'realtime').map((r) => r.jobId)).toEqual(expect.arrayContaining(expired));
    expect(expired).toHaveLength(2);
    expect(realtimeRequests()).toBe(2);
    // The cost: the batch answers at the batch price, the real-time ones at the real-time price (recorded at creation).
    const { cost } = h.core.internals.runs.get(run.id);
    const [model] = cost.perModel;
    const tokens = sql<{ tier: string; input: number; output: number }>(
      `SELECT tier, SUM(input_tokens) AS input, SUM(output_tokens) AS output FROM transcripts WHERE run_id = ?
        GROUP BY tier ORDER BY tier`,
      run.id,
    );
    expect(tokens.map((t) => t.tier)).toEqual(['batch', 'realtime']);
    const [batchTokens, realtimeTokens] = tokens;
    expect(model?.tiers?.batch).toMatchObject({ inputTokens: batchTokens?.input, outputTokens: batchTokens?.output });
    expect(model?.tiers?.realtime).toMatchObject({
      inputTokens: realtimeTokens?.input,
      outputTokens: realtimeTokens?.output,
    });
    const realtimePrice = model?.tiers?.realtime.basis;
    const batchPrice = model?.tiers?.batch.basis;
    if (realtimePrice?.kind !== 'priced' || batchPrice?.kind !== 'priced') throw new Error('gpt-4o-mini has a price');
    expect(batchPrice.price.inputUsdPerMTok).toBeCloseTo(realtimePrice.price.inputUsdPerMTok / 2, 12);
    const expected =
      ((batchTokens?.input ?? 0) * batchPrice.price.inputUsdPerMTok +
        (batchTokens?.output ?? 0) * batchPrice.price.outputUsdPerMTok +
        (realtimeTokens?.input ?? 0) * realtimePrice.price.inputUsdPerMTok +
        (realtimeTokens?.output ?? 0) * realtimePrice.price.outputUsdPerMTok) /
      1_000_000;
    expect(cost.costUsd).toBeGreaterThan(0);
    expect(cost.costUsd).toBeCloseTo(expected, 12);
    expect(cost.tiers?.realtime.costUsd).toBeGreaterThan(0);
    // The export manifest carries the same split.
    const exported = await callRoute(h.core.dispatch, 'export.csv', { runId: run.id });
    const manifest = JSON.parse(readFileSync(manifestPathFor(exported.path!), 'utf8')) as { cost: RunCost };
    expect(manifest.cost.tiers).toEqual(cost.tiers);
    expect(manifest.cost.costUsd).toBe(cost.costUsd);
    // No new batch was made for the remainder.
    const chunks = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunks.map((c) => c.state)).toEqual(['collected', 'collected']);
    expect(fake.batches().batches).toHaveLength(2);

    async function waitForTranscripts(n: number) {
      for (;;) {
        const found = sql<{ jobId: string; tier: string; batchId: string | null }>(
          `SELECT job_id AS jobId, tier, batch_id AS batchId FROM transcripts WHERE run_id = ?`,
          run.id,
        );
        if (found.length >= n) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  });

  it('finishes from the CLI (`batches finish RUN`) while the app sends the remainder', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { expire: 1 } });
    const run = await batchRun();
    const collected = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(collected).toMatchObject({ collected: 2, ingested: 2, requeued: 2 });
    const cli = cliRunner(
      () => ({ OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' }),
      ['--data-dir', h.dataDir],
    );
    expect(await cli('batches', 'finish')).toMatchObject({ code: 64 });
    const finished = await cli('batches', 'finish', run.id);
    expect(finished).toMatchObject({ code: 0, out: ['2'] });
    expect(finished.err.join('\n')).toContain('real time');
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    const tiers = sql<{ tier: string; n: number }>(
      `SELECT tier, count(DISTINCT job_id) AS n FROM transcripts WHERE run_id = ? GROUP BY tier ORDER BY tier`,
      run.id,
    );
    expect(tiers).toEqual([
      { tier: 'batch', n: 2 },
      { tier: 'realtime', n: 2 },
    ]);
    // `status` says how it was sent, and its cost split by tier.
    const status = (await cli('status', run.id)).out.join('\n');
    expect(status).toContain('sent as provider batches, remainder in real time since');
    expect(status).toMatch(/batch \$[\d.,]+ \+ real time \$[\d.,]+\)/);
    // A finished run cannot be finished again.
    expect(await cli('batches', 'finish', run.id)).toMatchObject({ code: 1 });
  });

  it('refuses a run that is not a batch run still under way', async () => {
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [MODEL],
      options: { samples: 1 },
      ignoreHealth: true,
      costConfirmed: true,
    });
    const refused = await h.core.dispatch('batches.finishRealtime', { runId: run.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RUN_NOT_CONTROLLABLE' } });
    await h.waitForRun(run.id);
  });
});
