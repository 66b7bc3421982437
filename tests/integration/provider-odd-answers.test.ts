/**
 * Answers a provider can send that once failed a job, through the whole path (fake provider on loopback, real Python
 * worker, real SQLite): a Retry-After of `inf` or `1e400` is the cap, not a reason to fail the job at once, and a reply
 * holding a lone surrogate is kept (the half replaced with U+FFFD, a note in the transcript), not thrown away as INTERNAL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
/** The worker's own cap on a Retry-After (python/valuerank_worker/errors.py MAX_RETRY_AFTER_MS): a day. */
const WORKER_CAP_MS = 86_400_000;

describe('odd answers from a provider', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('treats Retry-After: inf and 1e400 as the cap and finishes every job', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    await h.fake.setBehavior({
      failNext: [
        { status: 429, retryAfterSeconds: 'inf' },
        { status: 429, retryAfterSeconds: '1e400' },
      ],
    });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const done = await h.waitForRun(run.id, 120_000);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    const errors = h.core.internals.database.sqlite
      .prepare(
        `SELECT json_extract(value, '$.code') AS code, json_extract(value, '$.retryAfterMs') AS after
           FROM jobs, json_each(jobs.errors_json) WHERE run_id = ?`,
      )
      .all(run.id) as { code: string; after: number | null }[];
    expect(errors).toEqual([
      { code: 'RATE_LIMITED', after: WORKER_CAP_MS },
      { code: 'RATE_LIMITED', after: WORKER_CAP_MS },
    ]);
  });

  it('keeps a reply holding a lone surrogate, replaced and noted in the transcript', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    await h.fake.setBehavior({ reply: 'I weigh both \ud83d sides.\nRating: 4' });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const done = await h.waitForRun(run.id, 120_000);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    const [first] = await callRoute(h.core.dispatch, 'runs.transcripts', { runId: run.id });
    const transcript = await callRoute(h.core.dispatch, 'transcripts.get', { id: first!.id });
    expect(transcript.turns.at(-1)!.content).toBe('I weigh both \uFFFD sides.\nRating: 4');
    expect(transcript.score).toBe(4);
    expect(transcript.notes).toEqual([expect.stringContaining('1 lone surrogate')]);
  });
});
