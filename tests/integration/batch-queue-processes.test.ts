/**
 * The provider's enqueued-token queue with two real processes on one data folder (issue 26): the app (a core in this
 * test) and `valuerank batches collect` (a CLI child process). Admission is one IMMEDIATE transaction that checks the
 * queue and marks the chunk admitted, so while the CLI holds an admitted chunk (its first request held at the fake
 * provider), the app counts it and its own chunk waits: the fake provider, whose queue limit two chunks together
 * exceed, never refuses a batch. An admitted chunk whose holder was killed (kill -9) gives its place back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliProcess } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const HOUR = 3_600_000;
const QUOTA = 600;
const PROCESS = { path: '/__batch/process' };

interface ChunkRow {
  id: string;
  runId: string;
  state: string;
  tokens: number;
  admittedAt: number | null;
  leaseOwner: string | null;
  lastError: string | null;
}

describe('the provider’s queue, admitted by two processes at once', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    fake = await startFakeProvider();
    h = await startHarness({
      fake,
      dataDir: temp.dir,
      env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' },
      batches: { maxEnqueuedTokens: { openai: QUOTA }, minPollMs: 0, maxPollMs: 0, tickMs: HOUR },
    });
    await h.core.internals.batches.reconcile();
    definitionId = await h.importSample();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    temp.cleanup();
  });

  /** One `valuerank batches collect [RUN]` pass as its own process, with the app's queue quota. */
  const collector = (runId?: string) =>
    cliProcess(temp.dir, ['batches', 'collect', ...(runId ? [runId] : [])], {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      VALUERANK_BATCH_MAX_ENQUEUED_TOKENS: `openai=${QUOTA}`,
    });

  const newRun = () =>
    callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      options: { samples: 1 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });

  /** The chunks of these runs (every run when none given), oldest first. */
  const chunks = (...runIds: string[]): ChunkRow[] =>
    (
      h.core.internals.database.sqlite
        .prepare(
          `SELECT id, run_id AS runId, state, est_input_tokens AS tokens, admitted_at AS admittedAt,
            lease_owner AS leaseOwner, last_error_json AS lastError FROM batch_chunks ORDER BY created_at, chunk_no`,
        )
        .all() as ChunkRow[]
    ).filter((c) => runIds.length === 0 || runIds.includes(c.runId));

  /** App passes until every chunk is collected; then nothing was refused and each job was answered once. */
  async function finishAndCheck(runIds: string[]) {
    fake.open();
    for (let pass = 0; pass < 20 && chunks(...runIds).some((c) => c.state !== 'collected'); pass += 1)
      expect((await h.core.internals.batches.reconcile({ force: true })).errors).toEqual([]);
    const all = chunks(...runIds);
    expect(all.every((c) => c.state === 'collected' && c.admittedAt === null)).toBe(true);
    const batches = fake.batches().batches;
    expect(batches.map((b) => b.status).filter((s) => s !== 'completed')).toEqual([]);
    expect(batches).toHaveLength(all.length);
    const sqlite = h.core.internals.database.sqlite;
    for (const runId of runIds) {
      expect(h.core.internals.runs.get(runId).status).toBe('completed');
      const jobs = sqlite.prepare(`SELECT attempts FROM jobs WHERE run_id = ?`).pluck().all(runId) as number[];
      expect(jobs.every((a) => a === 1)).toBe(true);
      expect(sqlite.prepare(`SELECT count(*) FROM transcripts WHERE run_id = ?`).pluck().get(runId)).toBe(jobs.length);
    }
  }

  it('counts a chunk the other process admitted before its batch exists: the second chunk waits', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { queueTokens: QUOTA } });
    const run = await newRun();
    // The CLI's first request (is the chunk's file there already?) and every batch's processing are held.
    fake.hold({ nth: 1 });
    fake.hold(PROCESS);
    const cli = collector();
    const held = await fake.waitForHeld(1, 120_000);
    expect(held.held[0]).toMatchObject({ index: 1, path: '/v1/files' });
    const [first, ...rest] = chunks(run.id);
    expect(rest.length).toBeGreaterThan(0);
    expect(first!.tokens + rest[0]!.tokens).toBeGreaterThan(QUOTA);
    // Admitted (durably) by the CLI, under its lease, before any batch exists.
    expect(first).toMatchObject({ state: 'outbox', leaseOwner: expect.stringMatching(/:\d+:[0-9a-f]{8}$/) });
    expect(first!.admittedAt).not.toBeNull();

    const pass = await h.core.internals.batches.reconcile({ force: true });
    expect(pass).toMatchObject({ submitted: 0, waiting: rest.length, errors: [] });
    expect(fake.gate.arrived).toBe(1);
    expect(
      chunks(run.id)
        .filter((c) => c.admittedAt !== null)
        .map((c) => c.id),
    ).toEqual([first!.id]);
    const view = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(view.find((c) => c.id === first!.id)!.waiting).toBeNull();
    expect(view.find((c) => c.id === rest[0]!.id)!.waiting).toBe(
      `waiting for the provider's queue: ${first!.tokens} of ${QUOTA} enqueued tokens in use`,
    );

    // The CLI sends its chunk; its own next chunk waits behind it (the batch's processing is still held).
    expect(fake.release(1)).toBe(1);
    const done = await cli.ended;
    expect(done.code, done.err).toBe(0);
    expect(done.err).toMatch(/submitted 1, .*, \d+ waiting for the provider's queue/);
    expect(chunks(run.id)[0]).toMatchObject({ state: 'submitted', leaseOwner: null });
    await finishAndCheck([run.id]);
  });

  it('gives back the place of a chunk whose holder was killed before sending it', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { queueTokens: QUOTA } });
    const a = await newRun();
    const b = await newRun();
    fake.hold({ nth: 1 });
    fake.hold(PROCESS);
    // The CLI sends run A only: it admits A's first chunk and is killed while asking the provider about its file.
    const cli = collector(a.id);
    await fake.waitForHeld(1, 120_000);
    const [ofA] = chunks(a.id);
    expect(ofA).toMatchObject({ runId: a.id, state: 'outbox' });
    expect(ofA!.admittedAt).not.toBeNull();
    cli.child.kill('SIGKILL');
    await cli.ended;

    // A pass of run B alone never visits A's chunk: its dead holder's admission must not keep B waiting.
    const passB = await h.core.internals.batches.reconcile({ runId: b.id, force: true });
    expect(passB).toMatchObject({ submitted: 1, errors: [] });
    const [ofB] = chunks(b.id);
    expect(ofB).toMatchObject({ state: 'submitted' });
    expect(ofA!.tokens + ofB!.tokens).toBeGreaterThan(QUOTA);

    // A's chunk, taken over from the dead process, now waits behind B's batch (its admission cleared).
    const pass = await h.core.internals.batches.reconcile({ force: true });
    expect(pass.errors).toEqual([]);
    expect(pass.waiting).toBeGreaterThan(0);
    expect(chunks(a.id)[0]).toMatchObject({ state: 'outbox', admittedAt: null });
    expect(h.logLines.some((l) => l.includes('took over the lease') && l.includes('its process is gone'))).toBe(true);
    await finishAndCheck([a.id, b.id]);
  });

  it('keeps the place of a chunk whose step failed after admission, and gives it back when its run is paused', async () => {
    await fake.reset();
    // The first request (run A's chunk asking for its file) fails: the chunk stays admitted, its lease given back.
    await fake.setBehavior({ batch: { queueTokens: QUOTA }, failNext: [{ status: 500 }] });
    fake.hold(PROCESS);
    const a = await newRun();
    const b = await newRun();
    const first = await h.core.internals.batches.reconcile({ force: true });
    expect(first).toMatchObject({ submitted: 0 });
    expect(first.errors).toHaveLength(1);
    const [ofA] = chunks(a.id);
    const [ofB] = chunks(b.id);
    expect(ofA).toMatchObject({ state: 'outbox', leaseOwner: null });
    expect(ofA!.admittedAt).not.toBeNull();
    expect(ofA!.tokens + ofB!.tokens).toBeGreaterThan(QUOTA);
    const view = await callRoute(h.core.dispatch, 'batches.list', {});
    expect(view.find((c) => c.id === ofA!.id)!.waiting).toBeNull();
    expect(view.find((c) => c.id === ofB!.id)!.waiting).toBe(
      `waiting for the provider's queue: ${ofA!.tokens} of ${QUOTA} enqueued tokens in use`,
    );
    // Another process's pass of run B alone still counts it.
    expect(await h.core.internals.batches.reconcile({ runId: b.id, force: true })).toMatchObject({ submitted: 0 });

    await callRoute(h.core.dispatch, 'runs.pause', { id: a.id });
    expect(await h.core.internals.batches.reconcile({ force: true })).toMatchObject({ submitted: 1, errors: [] });
    expect(chunks(a.id)[0]).toMatchObject({ state: 'outbox', admittedAt: null });
    expect(chunks(b.id)[0]).toMatchObject({ state: 'submitted' });
    await callRoute(h.core.dispatch, 'runs.resume', { id: a.id });
    await finishAndCheck([a.id, b.id]);
  });
});
