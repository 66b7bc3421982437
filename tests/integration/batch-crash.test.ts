/**
 * Batch mode survives kill -9 at every step. A CLI process sending a batch run dies (SIGKILL) right after the outbox
 * commit, after an upload the provider took (before its file id is recorded), after a create the provider took
 * (before its batch id is recorded), and in the middle of ingesting the results; another process (`batches collect`,
 * or the app at start-up) then finishes: every job is answered exactly once, every batch the provider has is adopted
 * (none created twice, none left behind), nothing is paid twice, and the provider keeps no file. Killed after a create
 * and then cancelled, the run's chunk is withdrawn: the batch the provider already has is adopted and cancelled there.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { startHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');
const SAMPLE = join(ROOT, 'resources', 'definitions', 'council-housing.yaml');
const MODEL = { openai: 'openai:gpt-4o-mini', anthropic: 'anthropic:claude-3-5-haiku' } as const;

describe('batch mode after kill -9', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: 'test-key',
    };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });

  /** The CLI as its own process, dying with SIGKILL at `crashAt`; resolves with how it ended. */
  function sendAndDie(dataDir: string, argv: string[], crashAt: string) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env, VALUERANK_BATCH_CRASH_AT: crashAt, VALUERANK_BATCH_PAGE_LINES: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    return new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((done) =>
      child.once('close', (_code, signal) => done({ signal, stderr })),
    );
  }

  function inspect(dataDir: string, runId: string) {
    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true });
    try {
      return {
        run: db.prepare(`SELECT status, completed FROM runs WHERE id = ?`).get(runId) as { status: string },
        transcripts: db.prepare(`SELECT job_id AS jobId, tier FROM transcripts WHERE run_id = ?`).all(runId) as {
          jobId: string;
          tier: string;
        }[],
        jobs: db.prepare(`SELECT status, attempts FROM jobs WHERE run_id = ?`).all(runId) as {
          status: string;
          attempts: number;
        }[],
        chunks: db
          .prepare(
            `SELECT state, batch_id AS batchId, duplicates, output_offset AS offset FROM batch_chunks WHERE run_id = ?`,
          )
          .all(runId) as { state: string; batchId: string | null; duplicates: number; offset: number }[],
      };
    } finally {
      db.close();
    }
  }

  const cases: [keyof typeof MODEL, string][] = [
    ['openai', 'after-outbox'],
    ['openai', 'after-upload'],
    ['openai', 'after-create'],
    ['openai', 'mid-ingest'],
    ['anthropic', 'after-outbox'],
    ['anthropic', 'after-create'],
    ['anthropic', 'mid-ingest'],
  ];

  for (const [provider, crashAt] of cases) {
    it(`${provider}: killed ${crashAt}, then collected by another process exactly once`, async () => {
      await fake.reset();
      const dataDir = join(temp.dir, `${provider}-${crashAt}`);
      const cli = cliRunner(() => env, ['--data-dir', dataDir]);
      const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
      const argv = ['run', definitionId, '--model', MODEL[provider], '--samples', '3', '--batch', '--yes'];
      const died = await sendAndDie(dataDir, [...argv, '--ignore-health'], crashAt);
      expect(died.signal, died.stderr).toBe('SIGKILL');
      const [runId] = (await cli('runs', '--json')).out.map((line) => (JSON.parse(line) as { id: string }[])[0]!.id);
      const before = inspect(dataDir, runId!);
      expect(before.chunks).toHaveLength(1);
      if (crashAt === 'mid-ingest') expect(before.transcripts).toHaveLength(2);
      else expect(before.transcripts).toHaveLength(0);

      const collected = await cli('batches', 'collect');
      expect(collected.code, collected.err.join('\n')).toBe(0);
      expect(collected.out.at(-1)).toBe('0');

      const after = inspect(dataDir, runId!);
      expect(after.run.status).toBe('completed');
      expect(after.transcripts).toHaveLength(12);
      expect(new Set(after.transcripts.map((t) => t.jobId)).size).toBe(12);
      expect(after.jobs.every((j) => j.status === 'completed' && j.attempts === 1)).toBe(true);
      expect(after.chunks.map((c) => [c.state, c.duplicates])).toEqual([['collected', 0]]);
      // One batch at the provider, and it is the one recorded: adopted, never created twice.
      const held = fake.batches();
      expect(held.batches.map((b) => b.id)).toEqual([after.chunks[0]!.batchId]);
      expect(held.files).toEqual([]);
    });
  }

  for (const provider of ['openai', 'anthropic'] as const)
    it(`${provider}: killed after-create, then the run is cancelled: the batch is adopted and cancelled there`, async () => {
      await fake.reset();
      // The batch stays in progress at the provider until cancelled (its processing is held).
      fake.hold({ path: '/__batch/process' });
      const dataDir = join(temp.dir, `${provider}-cancel-after-create`);
      const cli = cliRunner(() => env, ['--data-dir', dataDir]);
      const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
      const argv = ['run', definitionId, '--model', MODEL[provider], '--batch', '--yes', '--ignore-health'];
      expect((await sendAndDie(dataDir, argv, 'after-create')).signal).toBe('SIGKILL');
      const [runId] = (await cli('runs', '--json')).out.map((line) => (JSON.parse(line) as { id: string }[])[0]!.id);
      // The provider has the batch; the data folder does not know it (the chunk was never recorded as submitted).
      expect(inspect(dataDir, runId!).chunks).toMatchObject([{ state: expect.stringMatching(/^(outbox|uploaded)$/) }]);
      expect(inspect(dataDir, runId!).chunks[0]!.batchId).toBeNull();
      const [batch] = fake.batches().batches;
      expect(batch).toMatchObject({ ended: false });

      expect((await cli('cancel', runId!)).code).toBe(0);
      const collected = await cli('batches', 'collect');
      expect(collected.code, collected.err.join('\n')).toBe(0);
      expect(collected.out.at(-1)).toBe('0');

      const after = inspect(dataDir, runId!);
      expect(after.run.status).toBe('cancelled');
      expect(after.transcripts).toEqual([]);
      // Adopted (the chunk now names the provider's batch), cancelled at the provider, never created twice.
      expect(after.chunks.map((c) => [c.state, c.batchId])).toEqual([['collected', batch!.id]]);
      const held = fake.batches();
      expect(held.batches).toEqual([expect.objectContaining({ id: batch!.id, ended: true })]);
      const cancels = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel'));
      expect(cancels.map((r) => r.path)).toEqual([
        provider === 'openai' ? `/v1/batches/${batch!.id}/cancel` : `/v1/messages/batches/${batch!.id}/cancel`,
      ]);
      expect(held.files).toEqual([]);
      fake.open();
    });

  it('is collected by the app at start-up', async () => {
    await fake.reset();
    const dataDir = join(temp.dir, 'app-start-up');
    const cli = cliRunner(() => env, ['--data-dir', dataDir]);
    const definitionId = (await cli('definitions', 'import', SAMPLE)).out.at(-1)!;
    const argv = ['run', definitionId, '--model', MODEL.anthropic, '--batch', '--yes', '--ignore-health'];
    expect((await sendAndDie(dataDir, argv, 'after-create')).signal).toBe('SIGKILL');
    const [runId] = (await cli('runs', '--json')).out.map((line) => (JSON.parse(line) as { id: string }[])[0]!.id);
    const h = await startHarness({ fake, dataDir, env, batches: { minPollMs: 0 } });
    try {
      const run = await h.waitForRun(runId!, 60_000);
      expect(run.status).toBe('completed');
      expect(inspect(dataDir, runId!).transcripts).toHaveLength(4);
      expect(fake.batches().batches).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
