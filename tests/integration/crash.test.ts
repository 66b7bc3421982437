/**
 * The crash test: a real CLI process executes a run (`run --wait`), is killed with SIGKILL mid-run, and `wait` in a
 * new process recovers what it left in flight. Every job must end exactly once, with no transcript lost or doubled.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');

describe('killing the process that owns the scheduler mid-run', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let fake: FakeProvider;
  let env: Record<string, string>;
  let child: ChildProcess | null = null;

  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' };
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await fake.close();
    temp.cleanup();
  });

  const cli = cliRunner(() => env, ['--data-dir', dataDir]);

  it('recovers every job exactly once after SIGKILL', async () => {
    const definitionId = (
      await cli('definitions', 'import', join(ROOT, 'resources/definitions/council-housing.yaml'))
    ).out.at(-1)!;
    const models = ['--model', 'openai:gpt-4o-mini', '--model', 'openai:gpt-4o', '--model', 'openai:gpt-4.1-mini'];
    const runId = (await cli('run', definitionId, ...models)).out.at(-1)!;
    // The first two requests are answered; the next ones are held, so the process dies with exactly two in flight.
    fake.hold({ from: fake.gate.arrived + 3 });

    // A separate OS process executes the run, as the app or a terminal would.
    child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, 'wait', runId, '--concurrency', '2'],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let childErr = '';
    child.stderr?.on('data', (chunk: Buffer) => (childErr += chunk.toString()));

    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true, fileMustExist: true });
    const count = (sql: string): number => (db.prepare(sql).get(runId) as { n: number }).n;
    try {
      // Two slots: each held request was sent after a finished job (its transcript written) freed its slot.
      await fake.waitForHeld(2).catch((error: Error) => {
        throw new Error(`${error.message}\n${childErr}`);
      });
      expect(count(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`)).toBe(2);
      expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'running'`)).toBe(2);
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('exit', r));
      child = null;
      // What the dead process held is what recovery must requeue (measured after death: no more changes).
      const inFlight = count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'running'`);
      const before = count(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`);
      expect([inFlight, before]).toEqual([2, 2]);
      fake.open();

      const resumed = await cli('wait', runId);
      expect(resumed.out.at(-1), resumed.err.join('\n')).toBe('completed');
      expect(resumed.code).toBe(0);

      expect(count(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`)).toBe(12);
      expect(count(`SELECT COUNT(DISTINCT job_id) AS n FROM transcripts WHERE run_id = ?`)).toBe(12);
      expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'completed'`)).toBe(12);
      expect(
        count(
          `SELECT COUNT(*) AS n FROM jobs, json_each(jobs.errors_json) WHERE run_id = ? AND json_extract(value, '$.code') = 'INTERRUPTED'`,
        ),
      ).toBe(inFlight);
      const run = db.prepare(`SELECT status, completed, failed FROM runs WHERE id = ?`).get(runId);
      expect(run).toEqual({ status: 'completed', completed: 12, failed: 0 });
    } finally {
      db.close();
    }
  });
});
