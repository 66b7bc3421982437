/**
 * Enqueued-token chunking (issue 26): a batch run's chunks stay under the provider's enqueued-token quota (estimated
 * with the token estimator: characters ÷ 4 per request), besides requests per batch and bytes per file. With a small
 * quota a run is cut into several chunks, each as full as the quota allows, and every job is sent once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { requestsUnderQuota } from '../../src/main/core/batches/context';
import { estimatePromptTokens } from '../../src/shared/prices';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';

const QUOTA = 600;

describe('chunks under the enqueued-token quota', () => {
  let fake: FakeProvider;
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    fake = await startFakeProvider();
    h = await startHarness({
      fake,
      env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' },
      batches: { maxEnqueuedTokens: { openai: QUOTA }, minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 },
    });
    definitionId = await h.importSample();
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('packs requests in order up to the quota, at least one each', () => {
    expect(requestsUnderQuota([300, 300, 1], 600)).toBe(2);
    expect(requestsUnderQuota([700, 10], 600)).toBe(1);
    expect(requestsUnderQuota([100, 100], undefined)).toBe(2);
    expect(requestsUnderQuota([], 600)).toBe(0);
  });

  it('cuts a run into chunks of at most the quota, each as full as it allows', async () => {
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      options: { samples: 3 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    const report = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(report.errors).toEqual([]);
    const chunks = (await callRoute(h.core.dispatch, 'batches.list', { runId: run.id })).sort(
      (a, b) => a.chunkNo - b.chunkNo,
    );
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.reduce((n, c) => n + c.requests, 0)).toBe(run.progress.total);
    // Each chunk's requests as sent (its input file), estimated as the planner does.
    const dir = join(h.dataDir, 'batches', run.id);
    const tokensOf = (chunkId: string): number[] =>
      readFileSync(join(dir, `${chunkId}.input.jsonl`), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => {
          const { body } = JSON.parse(line) as { body: { messages: { content: string }[] } };
          return estimatePromptTokens(body.messages.reduce((n, m) => n + m.content.length, 0));
        });
    expect(readdirSync(dir).filter((f) => f.endsWith('.input.jsonl'))).toHaveLength(chunks.length);
    const sums = chunks.map((c) => tokensOf(c.id));
    for (const [i, tokens] of sums.entries()) {
      const sum = tokens.reduce((a, b) => a + b, 0);
      expect(sum).toBeLessThanOrEqual(QUOTA);
      // As full as the quota allows: the next chunk's first request would not have fitted.
      const next = sums[i + 1]?.[0];
      if (next !== undefined) expect(sum + next).toBeGreaterThan(QUOTA);
    }
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: run.progress.total, failed: 0 } });
  });
});
