/**
 * Batch mode end to end over the fake provider's OpenAI and Anthropic batch endpoints, in one process: chunked to the
 * limit, sent (outbox first), collected once, every job answered exactly once at batch prices; expired requests go
 * back to the queue without using an attempt; a repeated result line is a paid duplicate; a cancelled run's batches
 * are cancelled at the provider; the real-time scheduler never sends a batch run's jobs.
 */
import { readFileSync } from 'node:fs';
import { jobsForIngest } from '../../src/main/core/store/batch-ingest';
import { ProbeBuilder } from '../../src/main/core/scheduler/probe-builder';
import type { Turn } from '../../src/shared/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { tokenCounts } from '../../src/main/core/store/cost';
import { BATCH_PRICE_FACTOR } from '../../src/shared/batch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';

const MODELS = {
  openai: { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null },
  anthropic: { providerId: 'anthropic', modelId: 'claude-3-5-haiku', modelVersion: null },
} as const;

describe('batch mode', () => {
  let fake: FakeProvider;
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    fake = await startFakeProvider();
    h = await startHarness({
      fake,
      env: {
        OPENAI_BASE_URL: `${fake.url}/v1`,
        OPENAI_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: fake.url,
        ANTHROPIC_API_KEY: 'test-key',
      },
      // Chunks of at most 8 requests, ingested 3 lines per transaction; polls whenever asked.
      batches: { maxRequests: 8, pageLines: 3, minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 },
    });
    definitionId = await h.importSample();
    // The start-up pass (nothing to do yet) is over before the tests ask for their own.
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  const sql = <T>(query: string, ...params: unknown[]): T[] =>
    h.core.internals.database.sqlite.prepare(query).all(...params) as T[];

  async function batchRun(model: keyof typeof MODELS, samples = 5) {
    return callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [MODELS[model]],
      options: { samples },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
  }

  for (const model of ['openai', 'anthropic'] as const) {
    it(`runs a ${model} batch run: chunked, sent, collected once, out of order, at batch prices`, async () => {
      await fake.reset();
      await fake.setBehavior({ batch: { outOfOrder: true } });
      const run = await batchRun(model);
      expect(run.progress.total).toBe(20);
      const report = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
      expect(report.errors).toEqual([]);
      expect(report).toMatchObject({ submitted: 3, collected: 3, ingested: 20, duplicates: 0 });
      const done = h.core.internals.runs.get(run.id);
      expect(done.status).toBe('completed');
      const rows = sql<{ jobId: string; tier: string; batchId: string | null; decision: string }>(
        `SELECT job_id AS jobId, tier, batch_id AS batchId, decision FROM transcripts WHERE run_id = ?`,
        run.id,
      );
      expect(rows).toHaveLength(20);
      expect(new Set(rows.map((r) => r.jobId)).size).toBe(20);
      // Each stored conversation is exactly what was sent (the request builder's messages) and the reply.
      const builder = new ProbeBuilder(h.core.internals.database.sqlite, h.core.internals.providers, 60_000);
      for (const stored of sql<{ turnsJson: string; turnCount: number; jobId: string; rowid: number }>(
        `SELECT turns_json AS turnsJson, turn_count AS turnCount, job_id AS jobId, rowid FROM transcripts
          WHERE run_id = ?`,
        run.id,
      )) {
        const [job] = jobsForIngest(h.core.internals.database.sqlite, run.id, [stored.jobId]).values();
        const turns = JSON.parse(stored.turnsJson) as Turn[];
        const sent = builder.params({ ...job!, attempts: 0 }).messages;
        expect(stored.turnsJson).toBe(JSON.stringify([...sent, { role: 'assistant', content: turns.at(-1)!.content }]));
        expect(turns.at(-1)!.role).toBe('assistant');
        expect(stored.turnCount).toBe(sent.length + 1);
        // Its search entry holds the reply's words (ingestion writes it beside the row, not through the trigger).
        const words = turns.at(-1)!.content.match(/[A-Za-z]{3,}/g) ?? [];
        expect(words.length).toBeGreaterThan(0);
        for (const word of words)
          expect(
            sql<{ rowid: number }>(`SELECT rowid FROM transcripts_fts WHERE transcripts_fts MATCH ?`, `"${word}"`),
          ).toContainEqual({ rowid: stored.rowid });
      }
      expect(rows.every((r) => r.tier === 'batch' && r.batchId !== null && r.decision !== 'unparseable')).toBe(true);
      const chunks = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
      expect(chunks.map((c) => [c.requests, c.state, c.succeeded])).toEqual([
        [4, 'collected', 4],
        [8, 'collected', 8],
        [8, 'collected', 8],
      ]);
      // Exports say which answers came from which batch, at which tier.
      const exported = await callRoute(h.core.dispatch, 'export.csv', { runId: run.id });
      const csv = readFileSync(exported.path!, 'utf8');
      const header = csv.split('\n')[0]!.split(',');
      const firstRow = csv.split('\n')[1]!.split(',');
      expect(firstRow[header.indexOf('tier')]).toBe('batch');
      expect(rows.map((r) => r.batchId)).toContain(firstRow[header.indexOf('batch_id')]);
      const manifest = JSON.parse(readFileSync(`${exported.path!}.manifest.json`, 'utf8')) as {
        batches: { chunkNo: number; succeeded: number }[];
      };
      expect(manifest.batches.map((b) => [b.chunkNo, b.succeeded])).toEqual([
        [1, 8],
        [2, 8],
        [3, 4],
      ]);
      // Nothing left at the provider: files deleted (OpenAI), batches deleted (Anthropic).
      const left = fake.batches();
      expect(left.files).toEqual([]);
      if (model === 'anthropic') expect(left.batches.every((b) => b.deleted)).toBe(true);
      // The real-time chat endpoints were never asked.
      expect(fake.requests.filter((r) => r.path.endsWith('/chat/completions') || r.path === '/v1/messages')).toEqual(
        [],
      );
      // Batch prices: half the real-time price recorded for the model.
      const realtime = await callRoute(h.core.dispatch, 'runs.preview', { definitionId, models: [MODELS[model]] });
      const batch = await callRoute(h.core.dispatch, 'runs.preview', {
        definitionId,
        models: [MODELS[model]],
        mode: 'batch',
      });
      if (realtime.estimate && realtime.estimate.costUsd > 0)
        expect(batch.estimate!.costUsd).toBeCloseTo(realtime.estimate.costUsd * BATCH_PRICE_FACTOR, 10);
    });
  }

  it('sends expired requests back to the queue without using an attempt, then finishes them', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { expire: 2 } });
    const run = await batchRun('openai', 1);
    const first = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(first).toMatchObject({ collected: 1, ingested: 2, requeued: 2 });
    const back = sql<{ attempts: number; batchChunkId: string | null; errors: string }>(
      `SELECT attempts, batch_chunk_id AS batchChunkId, errors_json AS errors FROM jobs
        WHERE run_id = ? AND status = 'pending'`,
      run.id,
    );
    expect(back).toHaveLength(2);
    expect(back.every((j) => j.attempts === 0 && j.batchChunkId === null)).toBe(true);
    expect(JSON.parse(back[0]!.errors)).toMatchObject([{ code: 'BATCH_UNANSWERED', charged: false }]);
    await fake.setBehavior({ batch: {} });
    const second = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(second).toMatchObject({ submitted: 1, ingested: 2 });
    expect(h.core.internals.runs.get(run.id).status).toBe('completed');
    const chunks = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunks.map((c) => [c.chunkNo, c.expired, c.succeeded])).toEqual([
      [2, 0, 2],
      [1, 2, 2],
    ]);
  });

  it('records a repeated result line as a paid duplicate, never a second answer', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { repeat: 2 } });
    // A price for the model, so what was paid has a cost to compare.
    await callRoute(h.core.dispatch, 'prices.save', {
      ...MODELS.anthropic,
      inputUsdPerMTok: 1,
      outputUsdPerMTok: 5,
    });
    const run = await batchRun('anthropic', 1);
    const report = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(report).toMatchObject({ ingested: 4, duplicates: 2 });
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunk).toMatchObject({ duplicates: 2, succeeded: 6 });
    expect(sql(`SELECT id FROM transcripts WHERE run_id = ?`, run.id)).toHaveLength(4);
    // Paid twice, so in the run's cost: the tokens of the 4 answers and of the 2 repeated lines.
    const used = sql<{ input: number; output: number }>(
      `SELECT SUM(input_tokens) AS input, SUM(output_tokens) AS output FROM transcripts WHERE run_id = ?`,
      run.id,
    )[0]!;
    const paid = await callRoute(h.core.dispatch, 'runs.get', { id: run.id });
    const duplicates = sql<{ input: number; output: number }>(
      `SELECT duplicate_input_tokens AS input, duplicate_output_tokens AS output FROM batch_chunks WHERE run_id = ?`,
      run.id,
    )[0]!;
    expect(duplicates.output).toBeGreaterThan(0);
    expect(paid.cost.inputTokens).toBe(used.input + duplicates.input);
    expect(paid.cost.outputTokens).toBe(used.output + duplicates.output);
    // All of it at the batch tier, and the chunk's paid cost is the run's: duplicates included in both.
    expect(paid.cost.tiers?.realtime).toEqual({ inputTokens: 0, outputTokens: 0, costUsd: 0 });
    expect(tokenCounts(h.core.internals.database.sqlite, run.id)).toEqual([
      expect.objectContaining({ batchInputTokens: paid.cost.inputTokens, batchOutputTokens: paid.cost.outputTokens }),
    ]);
    const [collected] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(paid.cost.costUsd).toBeGreaterThan(0);
    expect(collected?.actualCostUsd).toBeCloseTo(paid.cost.costUsd, 12);
  });

  it('fails a request the provider keeps refusing once it has used its attempts', async () => {
    await fake.reset();
    await fake.setBehavior({ batch: { errors: 1 } });
    const run = await batchRun('openai', 1);
    for (let pass = 0; pass < 4; pass += 1) await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    const done = h.core.internals.runs.get(run.id);
    expect(done.status).toBe('completed_with_errors');
    expect(done.progress).toMatchObject({ completed: 3, failed: 1 });
  });

  it('cancels a cancelled run’s batches at the provider and keeps what it paid for visible', async () => {
    await fake.reset();
    fake.hold({ path: '/__batch/process' });
    const run = await batchRun('openai', 1);
    const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(sent.submitted).toBe(1);
    await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
    await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    fake.open();
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunk).toMatchObject({ state: 'collected', cancelRequested: true, cancelled: 4 });
    expect(fake.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
  });

  it('refuses batch mode for a provider without it before anything is sent', async () => {
    const refused = await h.core.dispatch('runs.create', {
      definitionId,
      models: [{ providerId: 'xai', modelId: 'grok-2', modelVersion: null }],
      mode: 'batch',
      ignoreHealth: true,
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/Batch mode is not available for xai:grok-2/);
  });

  it('refuses options a batch endpoint would refuse, per model, before anything is queued or sent', async () => {
    await fake.reset();
    const runsBefore = h.core.internals.runs.list().length;
    const refused = await h.core.dispatch('runs.create', {
      definitionId,
      models: [MODELS.anthropic, MODELS.openai, { providerId: 'openai', modelId: 'o3-mini', modelVersion: null }],
      options: { temperature: 1.5, maxTokens: 10_000 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (refused.ok) return;
    expect(refused.error.details).toEqual({
      refused: [
        'anthropic:claude-3-5-haiku: temperature 1.5: this provider accepts 0 to 1',
        'anthropic:claude-3-5-haiku: max tokens 10000: this model answers with at most 8,192',
        'openai:o3-mini: temperature 1.5: a reasoning model takes only its default temperature',
        'openai:o3-mini: max tokens 10000: a reasoning model refuses max_tokens (leave it empty)',
      ],
    });
    expect(h.core.internals.runs.list()).toHaveLength(runsBefore);
    expect(fake.requests).toHaveLength(0);
    // The same options for a model whose batch endpoint takes them: accepted.
    const fine = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [MODELS.openai],
      options: { temperature: 1.5, maxTokens: 10_000 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    expect(fine.mode).toBe('batch');
    await callRoute(h.core.dispatch, 'runs.cancel', { id: fine.id });
  });
});
