/**
 * The provider's enqueued-token queue is shared by every open batch of a model (issue 26): a chunk is submitted only
 * when it fits beside the model's submitted, not ended chunks of any run; the others wait in the outbox (their jobs
 * with them) and follow once earlier batches ended. A batch the provider fails for its queue limit
 * (token_limit_exceeded) sends its jobs back uncharged, is not counted as a refused chunk, and the next waits until the
 * batches enqueued then have ended. Batches are held at the fake provider with its gate, never with sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { PAUSED_TEXT } from '../../src/main/core/batches/queue';
import { failedChunkCount } from '../../src/main/core/store/batch-chunks';
import type { BatchChunkView } from '../../src/shared/batch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';

const QUOTA = 600;
const MODEL = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const MODEL_KEY = 'openai:gpt-4o-mini';
const PROCESS = { path: '/__batch/process' };

function helpers(h: CoreHarness, definitionId: string) {
  return {
    run: (samples: number) =>
      callRoute(h.core.dispatch, 'runs.create', {
        definitionId,
        models: [MODEL],
        options: { samples },
        mode: 'batch',
        ignoreHealth: true,
        costConfirmed: true,
      }),
    pass: () => callRoute(h.core.dispatch, 'batches.collect', {}),
    chunks: async (runId?: string): Promise<BatchChunkView[]> =>
      (await callRoute(h.core.dispatch, 'batches.list', runId ? { runId } : {})).sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.chunkNo - b.chunkNo,
      ),
    jobs: (runId: string) =>
      h.core.internals.database.sqlite
        .prepare(`SELECT status, attempts, batch_chunk_id AS chunkId, errors_json AS errors FROM jobs WHERE run_id = ?`)
        .all(runId) as { status: string; attempts: number; chunkId: string | null; errors: string }[],
  };
}

/** One harness (fake provider + core with this quota) per describe block. */
function useSetup(quota: Partial<Record<'openai', number>>) {
  const set = {} as { fake: FakeProvider; h: CoreHarness; t: ReturnType<typeof helpers>; definitionId: string };
  beforeAll(async () => {
    set.fake = await startFakeProvider();
    set.h = await startHarness({
      fake: set.fake,
      env: { OPENAI_BASE_URL: `${set.fake.url}/v1`, OPENAI_API_KEY: 'test-key' },
      batches: { maxEnqueuedTokens: quota, minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 },
    });
    set.definitionId = await set.h.importSample();
    set.t = helpers(set.h, set.definitionId);
    // The start-up pass (nothing to do yet) is over before the tests ask for their own.
    await set.h.core.internals.batches.reconcile();
  }, 60_000);
  afterAll(async () => {
    await set.h?.stop();
    await set.fake?.close();
  });
  return set;
}

const inUse = (chunks: BatchChunkView[]): number =>
  chunks.filter((c) => c.state === 'submitted').reduce((n, c) => n + c.estimatedInputTokens, 0);

describe('the provider’s enqueued-token queue, shared by a model’s open chunks', () => {
  const s = useSetup({ openai: QUOTA });

  it('submits only the chunks that fit; the rest wait in the outbox and follow once earlier batches ended', async () => {
    const { fake, h, t } = s;
    await fake.reset();
    fake.hold(PROCESS);
    const run = await t.run(3);
    const first = await t.pass();
    expect(first.errors).toEqual([]);
    let chunks = await t.chunks(run.id);
    expect(chunks.length).toBeGreaterThan(2);
    // Each chunk is as full as the quota allows, so two never fit together: one is sent, every other one waits.
    expect(first).toMatchObject({ submitted: 1, waiting: chunks.length - 1 });
    expect(chunks.map((c) => c.state)).toEqual(['submitted', ...chunks.slice(1).map(() => 'outbox')]);
    expect(fake.batches().batches).toHaveLength(1);
    const used = chunks[0]!.estimatedInputTokens;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(QUOTA);
    const text = `waiting for the provider's queue: ${used.toLocaleString('en-US')} of ${QUOTA} enqueued tokens in use`;
    expect(chunks.slice(1).map((c) => c.waiting)).toEqual(chunks.slice(1).map(() => text));
    expect(chunks[0]!.waiting).toBeNull();
    // The waiting chunks' jobs stay batched in the outbox, pending, no attempt used.
    const waitingIds = new Set(chunks.slice(1).map((c) => c.id));
    const held = t.jobs(run.id).filter((j) => j.chunkId !== null && waitingIds.has(j.chunkId));
    expect(held.length).toBe(chunks.slice(1).reduce((n, c) => n + c.requests, 0));
    expect(held.every((j) => j.status === 'pending' && j.attempts === 0)).toBe(true);

    // Each pass collects the batch that ended and sends the next: never more than the quota enqueued at once.
    for (let sent = 1; sent < chunks.length; sent += 1) {
      await fake.waitForHeld(1);
      fake.release();
      const report = await t.pass();
      expect(report).toMatchObject({ collected: 1, submitted: 1, waiting: chunks.length - sent - 1, errors: [] });
      const now = await t.chunks(run.id);
      expect(now.filter((c) => c.state === 'submitted').map((c) => c.id)).toEqual([chunks[sent]!.id]);
      expect(inUse(now)).toBeLessThanOrEqual(QUOTA);
    }
    await fake.waitForHeld(1);
    fake.open();
    expect(await t.pass()).toMatchObject({ collected: 1, submitted: 0, waiting: 0 });
    chunks = await t.chunks(run.id);
    expect(chunks.every((c) => c.state === 'collected' && c.waiting === null)).toBe(true);
    expect(fake.batches().batches).toHaveLength(chunks.length);
    expect(h.core.internals.runs.get(run.id)).toMatchObject({
      status: 'completed',
      progress: { completed: run.progress.total, failed: 0 },
    });
  });

  it('two runs of the same model share the queue: a run with nothing sent waits for the other run’s batch', async () => {
    const { fake, h, t } = s;
    await fake.reset();
    fake.hold(PROCESS);
    const a = await t.run(1);
    const b = await t.run(1);
    const ours = async () => (await t.chunks()).filter((c) => c.runId === a.id || c.runId === b.id);
    const first = await t.pass();
    expect(first.errors).toEqual([]);
    let chunks = await ours();
    expect(first).toMatchObject({ submitted: 1, waiting: chunks.length - 1 });
    const [sentA] = chunks;
    expect(sentA).toMatchObject({ runId: a.id, state: 'submitted', waiting: null });
    const ofB = chunks.filter((c) => c.runId === b.id);
    expect(ofB.length).toBeGreaterThan(0);
    expect(ofB.every((c) => c.state === 'outbox' && c.batchId === null)).toBe(true);
    expect(ofB[0]!.waiting).toBe(
      `waiting for the provider's queue: ${sentA!.estimatedInputTokens} of ${QUOTA} enqueued tokens in use`,
    );
    // A pass of run B alone still sees run A's batch in the queue.
    expect(await callRoute(h.core.dispatch, 'batches.collect', { runId: b.id })).toMatchObject({ submitted: 0 });
    expect((await ours()).filter((c) => c.state === 'submitted').map((c) => c.id)).toEqual([sentA!.id]);

    // One batch of the model at a time across both runs, until every chunk was sent and collected.
    for (let pass = 1; pass < chunks.length; pass += 1) {
      await fake.waitForHeld(1);
      fake.release();
      expect(await t.pass()).toMatchObject({ collected: 1, submitted: 1, errors: [] });
      const now = await ours();
      expect(now.filter((c) => c.state === 'submitted')).toHaveLength(1);
      expect(inUse(now)).toBeLessThanOrEqual(QUOTA);
    }
    await fake.waitForHeld(1);
    fake.open();
    expect(await t.pass()).toMatchObject({ collected: 1, submitted: 0, waiting: 0 });
    chunks = await ours();
    expect(chunks.every((c) => c.state === 'collected')).toBe(true);
    for (const run of [a, b]) expect(h.core.internals.runs.get(run.id).status).toBe('completed');
  });
});

describe('pinned and unpinned versions of one model', () => {
  const s = useSetup({ openai: QUOTA });

  it('share the provider’s queue: a pinned run waits for the unpinned run’s batch, and none is refused', async () => {
    const { fake, h, t } = s;
    await fake.reset();
    // The fake, as OpenAI, counts a dated snapshot against its model's queue.
    await fake.setBehavior({ batch: { queueTokens: QUOTA } });
    fake.hold(PROCESS);
    const unpinned = await t.run(1);
    const pinned = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: s.definitionId,
      models: [{ ...MODEL, modelVersion: 'gpt-4o-mini-2024-07-18' }],
      options: { samples: 1 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    const first = await t.pass();
    expect(first).toMatchObject({ submitted: 1, errors: [] });
    const [sent] = await t.chunks(unpinned.id);
    expect(sent).toMatchObject({ state: 'submitted' });
    const [waiting] = await t.chunks(pinned.id);
    expect(waiting).toMatchObject({ state: 'outbox', modelKey: 'openai:gpt-4o-mini@gpt-4o-mini-2024-07-18' });
    expect(sent!.estimatedInputTokens + waiting!.estimatedInputTokens).toBeGreaterThan(QUOTA);
    expect(waiting!.waiting).toBe(
      `waiting for the provider's queue: ${sent!.estimatedInputTokens} of ${QUOTA} enqueued tokens in use`,
    );
    fake.open();
    for (let pass = 0; pass < 20; pass += 1) {
      const report = await t.pass();
      expect(report.errors).toEqual([]);
      if (report.submitted === 0 && report.waiting === 0 && report.polled === 0) break;
    }
    const models = fake.batches().batches.map((b) => [b.model, b.status]);
    expect(models.filter(([, status]) => status !== 'completed')).toEqual([]);
    expect(new Set(models.map(([model]) => model))).toEqual(new Set(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18']));
    for (const run of [unpinned, pinned]) expect(h.core.internals.runs.get(run.id).status).toBe('completed');
  });
});

describe('the unsent chunks of a paused or cancelled run', () => {
  const s = useSetup({ openai: QUOTA });

  it('stay in the outbox while the run is paused, not holding up another run, and go once it resumes', async () => {
    const { fake, h, t } = s;
    fake.hold(PROCESS);
    const a = await t.run(1);
    expect(await t.pass()).toMatchObject({ submitted: 1, errors: [] });
    const unsentA = (await t.chunks(a.id)).filter((c) => c.state === 'outbox');
    expect(unsentA.length).toBeGreaterThan(0);
    await callRoute(h.core.dispatch, 'runs.pause', { id: a.id });
    expect((await t.chunks(a.id)).filter((c) => c.state === 'outbox').map((c) => c.waiting)).toEqual(
      unsentA.map(() => PAUSED_TEXT),
    );
    const b = await t.run(1);
    await fake.waitForHeld(1);
    fake.release();
    // Run A's batch ended: run B's first chunk goes, run A's paused chunks stay (and do not hold run B up).
    expect(await t.pass()).toMatchObject({ collected: 1, submitted: 1 });
    const [sentB] = await t.chunks(b.id);
    expect(sentB).toMatchObject({ state: 'submitted' });
    expect((await t.chunks(a.id)).filter((c) => c.state === 'outbox')).toHaveLength(unsentA.length);
    await callRoute(h.core.dispatch, 'runs.resume', { id: a.id });
    fake.open();
    // Passes until both runs are done: each sends what fits, collects what ended (nothing held now).
    for (let pass = 0; pass < 10; pass += 1) {
      const report = await t.pass();
      expect(report.errors).toEqual([]);
      if (report.submitted === 0 && report.waiting === 0) break;
    }
    for (const run of [a, b]) expect(h.core.internals.runs.get(run.id).status).toBe('completed');
  });
  it('are closed unsent once the run is cancelled, their requests never reaching the provider', async () => {
    const { fake, h, t } = s;
    await fake.reset();
    fake.hold(PROCESS);
    const run = await t.run(2);
    expect(await t.pass()).toMatchObject({ submitted: 1, errors: [] });
    const unsent = (await t.chunks(run.id)).filter((c) => c.state === 'outbox');
    expect(unsent.length).toBeGreaterThan(0);
    await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
    expect(await t.pass()).toMatchObject({ submitted: 0, waiting: 0, errors: [] });
    const chunks = await t.chunks(run.id);
    for (const chunk of unsent)
      expect(chunks.find((c) => c.id === chunk.id)).toMatchObject({ state: 'collected', batchId: null, succeeded: 0 });
    // Only the batch sent before the cancel exists at the provider (and was cancelled there); no unsent file stays.
    const state = fake.batches();
    expect(state.batches).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.endsWith('/cancel'))).toHaveLength(1);
    expect(state.files).toEqual([]);
    expect(h.core.internals.runs.get(run.id).status).toBe('cancelled');
  });
});

describe('a batch the provider fails for its queue limit (token_limit_exceeded)', () => {
  // No quota known to the app: only the provider says when its queue is full.
  const s = useSetup({});

  it('sends its jobs back uncharged, does not count it as refused, and sends it again once the queue emptied', async () => {
    const { fake, h, t } = s;
    fake.hold(PROCESS);
    const a = await t.run(1);
    expect(await t.pass()).toMatchObject({ submitted: 1, errors: [] });
    const [chunkA] = await t.chunks(a.id);
    // The provider's real queue: run A's batch and half as much again.
    await fake.setBehavior({ batch: { queueTokens: Math.floor(chunkA!.estimatedInputTokens * 1.5) } });
    const b = await t.run(1);
    const refusedPass = await t.pass();
    expect(refusedPass).toMatchObject({ submitted: 1, waiting: 0 });
    const [refused] = await t.chunks(b.id);
    expect(refused).toMatchObject({ state: 'failed', providerStatus: 'failed', queueRefused: true });
    expect(refused!.lastError).toMatch(/queue for this model was full \(token_limit_exceeded\)/);
    // Back in the queue outside any chunk, no attempt used, a note saying it was not charged.
    const jobs = t.jobs(b.id);
    expect(jobs.every((j) => j.status === 'pending' && j.attempts === 0 && j.chunkId === null)).toBe(true);
    for (const job of jobs)
      expect(JSON.parse(job.errors)).toEqual([expect.objectContaining({ code: 'BATCH_UNANSWERED', charged: false })]);
    // Not the researcher's retry budget: a chunk refused for the queue does not count as a refused chunk.
    expect(failedChunkCount(h.core.internals.database.sqlite, b.id, MODEL_KEY)).toBe(0);

    // Replanned, it waits until run A's batch (enqueued when the provider refused) has ended, not sent to fail again.
    const waitPass = await t.pass();
    expect(waitPass).toMatchObject({ submitted: 0, waiting: 1 });
    const [, again] = await t.chunks(b.id);
    expect(again).toMatchObject({ state: 'outbox' });
    expect(again!.waiting).toMatch(
      /^waiting for the provider's queue: it refused a batch for its enqueued-token limit/,
    );
    expect(fake.batches().batches).toHaveLength(2);

    await fake.waitForHeld(1);
    fake.release();
    expect(await t.pass()).toMatchObject({ collected: 1, submitted: 1, waiting: 0 });
    expect((await t.chunks(b.id))[1]).toMatchObject({ state: 'submitted', waiting: null });
    await fake.waitForHeld(1);
    fake.open();
    expect(await t.pass()).toMatchObject({ collected: 1 });
    expect(h.core.internals.runs.get(b.id)).toMatchObject({
      status: 'completed',
      progress: { completed: b.progress.total, failed: 0 },
    });
    expect(h.core.internals.runs.get(a.id).status).toBe('completed');
  });
});
