/** The protocol with a real Python worker: the reply sent once, answers cut at the cap, providers named, why offline. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonPool } from '../../src/main/core/python/pool';
import { WorkerCallError, type ProbeParams } from '../../src/main/core/python/protocol';
import { renderTranscript } from '../../src/shared/transcript';
import { createMemoryLogger } from '../helpers/memory';
import { POOL_OFFLINE_HINTS } from '../../src/shared/worker-errors';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';

const PYTHON_DIR = join(__dirname, '../../python');

function pool(command = 'python3'): PythonPool {
  return new PythonPool({
    command,
    pythonDir: PYTHON_DIR,
    size: 1,
    threadsPerWorker: 4,
    logger: createMemoryLogger().logger,
  });
}

describe('the Python worker protocol', () => {
  let fake: FakeProvider;
  let worker: PythonPool;

  beforeAll(async () => {
    fake = await startFakeProvider();
    worker = pool();
    await worker.start();
  });
  afterAll(async () => {
    await worker.close();
    await fake.close();
  });

  const params = (overrides: Partial<ProbeParams> = {}): ProbeParams => ({
    provider: { id: 'openai', kind: 'openai', baseUrl: `${fake.url}/v1`, apiKey: 'test-key' },
    model: { id: 'gpt-4o-mini', version: null },
    messages: [
      { role: 'system', content: 'You are careful.' },
      { role: 'user', content: 'Share the well water?' },
    ],
    params: { temperature: null, maxTokens: null },
    timeoutMs: 10_000,
    scale: [],
    ...overrides,
  });

  it('rebuilds the turns (and their Markdown) from the one copy of the reply on the wire', async () => {
    await fake.setBehavior({ reply: 'I would share it.\n\nRating: 4' });
    const result = await worker.probe(params());
    expect(result.turns).toEqual([
      { role: 'system', content: 'You are careful.' },
      { role: 'user', content: 'Share the well water?' },
      { role: 'assistant', content: 'I would share it.\n\nRating: 4' },
    ]);
    expect(renderTranscript(result.turns)).toBe(
      '## System\n\nYou are careful.\n\n## User\n\nShare the well water?\n\n## Assistant\n\nI would share it.\n\nRating: 4\n',
    );
    expect(result).toMatchObject({ reply: 'I would share it.\n\nRating: 4', truncated: false, notes: [] });
  });

  it('records an answer over maxResponseBytes as truncated, cut at the cap', async () => {
    const long = `Rating: 2. ${'words and more words '.repeat(20_000)}`;
    await fake.setBehavior({ reply: long });
    const result = await worker.probe(params({ maxResponseBytes: 50_000 }));
    expect(result.truncated).toBe(true);
    expect(result.reply.length).toBeLessThanOrEqual(50_000);
    expect(result.reply.length).toBeGreaterThan(40_000);
    expect(long.startsWith(result.reply)).toBe(true);
    expect(result.notes?.[0]).toMatch(/longer than 50000 bytes and was cut there/);
    expect(result.turns.at(-1)).toEqual({ role: 'assistant', content: result.reply });
  });

  it('names an OpenAI-compatible provider in its errors, with a code from the shared list', async () => {
    const error = await worker
      .probe(params({ provider: { id: 'xai', kind: 'openai', baseUrl: `${fake.url}/v1`, apiKey: 'wrong' } }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCallError);
    expect(error).toMatchObject({ code: 'AUTH_FAILED', status: 401, retryable: false });
    expect((error as Error).message).toMatch(/^xAI returned HTTP 401: Incorrect API key/);
  });

  it('says why it is offline as a reason, and the message and fix derive from it', async () => {
    const missing = pool('/nonexistent/python');
    await expect(missing.start()).rejects.toMatchObject({ code: 'WORKER_UNAVAILABLE' });
    const status = missing.status();
    expect(status).toMatchObject({ status: 'offline', reason: 'PYTHON_NOT_FOUND' });
    expect(status.message).toContain('/nonexistent/python');
    expect(status.message).toContain(POOL_OFFLINE_HINTS.PYTHON_NOT_FOUND);
    await missing.close();
    expect(missing.status().reason).toBe('STOPPED');
    expect(worker.status()).toMatchObject({ status: 'online', reason: null });
  });
});
