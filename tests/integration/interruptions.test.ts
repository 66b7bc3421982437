/**
 * The interruption scenario of issue 11 §1, printed as figures: a CLI process executing a run (`wait`) is killed
 * with SIGKILL or stopped with Ctrl-C (twice: at once) at varied moments while the provider holds its requests, each
 * time followed by a new `wait`. Every job must complete exactly once, none may fail INTERRUPTED, and the provider
 * may be asked at most once per job plus once per job in flight at a kill. INTERRUPTIONS=N (default 2) of each kind.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');
const N = Number(process.env.INTERRUPTIONS ?? 2);

/** A definition with 4 scenarios per interruption pair (12 jobs with 3 models), so every round finds two to hold. */
function definitionFor(rounds: number): string {
  const levels = Array.from(
    { length: 2 * rounds },
    (_, i) => `      - { score: ${i + 1}, label: s${i}, options: ['stake ${i}'] }`,
  );
  return [
    'name: Interruptions',
    'preamble: |',
    '  End with "Rating: N".',
    'template: |',
    '  Weigh [Stakes] against [Certainty].',
    'dimensions:',
    '  - name: Stakes',
    '    levels:',
    ...levels,
    '  - name: Certainty',
    '    levels:',
    "      - { score: 1, label: weak, options: ['a rumour'] }",
    "      - { score: 2, label: strong, options: ['a report'] }",
    '',
  ].join('\n');
}

describe('interrupting the process that executes a run', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env, ['--data-dir', dataDir]);

  it(`${N} × kill -9 and ${N} × Ctrl-C: every job once, none failed INTERRUPTED, no request paid twice`, async () => {
    const file = join(temp.dir, 'interruptions.yaml');
    writeFileSync(file, definitionFor(N));
    const definitionId = (await cli('definitions', 'import', file)).out.at(-1)!;
    const models = ['--model', 'openai:gpt-4o-mini', '--model', 'openai:gpt-4o', '--model', 'openai:gpt-4.1-mini'];
    const runId = (await cli('run', definitionId, ...models)).out.at(-1)!;
    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true, fileMustExist: true });
    const count = (sql: string): number => (db.prepare(sql).get(runId) as { n: number }).n;
    let inFlightAtKills = 0;
    try {
      for (let i = 0; i < 2 * N; i += 1) {
        const hard = i % 2 === 0;
        fake.hold();
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, 'wait', runId, '--concurrency', '2'],
          { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
        );
        let stderr = '';
        let sawStop: () => void = () => undefined;
        const stopping = new Promise<void>((done) => (sawStop = done));
        child.stderr!.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (stderr.includes('Stopping:')) sawStop();
        });
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        await fake.waitForHeld(2);
        // Varied moments: sometimes one answer gets through first (its slot is refilled and held again).
        if (i % 3 === 1) {
          fake.release(1);
          await fake.waitForHeld(2);
        }
        if (hard) child.kill('SIGKILL');
        else {
          child.kill('SIGINT');
          await stopping;
          child.kill('SIGINT');
        }
        const code = await exited;
        if (!hard) expect(code, stderr).toBe(130);
        // After a kill -9 the jobs are still marked running (recovery hands them back); after Ctrl-C already pending.
        inFlightAtKills += hard ? count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'running'`) : 2;
        fake.open();
      }
      const resumed = await cli('wait', runId);
      expect(resumed.out.at(-1), resumed.err.join('\n')).toBe('completed');
      const figures = {
        interruptions: { kill9: N, ctrlC: N },
        jobs: count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?`),
        completed: count(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'completed'`),
        transcripts: count(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`),
        distinctJobs: count(`SELECT COUNT(DISTINCT job_id) AS n FROM transcripts WHERE run_id = ?`),
        failedInterrupted: count(
          `SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'failed' AND json_extract(last_error_json, '$.code') = 'INTERRUPTED'`,
        ),
        requestsPaid: fake.requests.length,
        inFlightAtKills,
      };
      console.log(`interruption figures: ${JSON.stringify(figures)}`);
      expect(figures.completed).toBe(figures.jobs);
      expect(figures.transcripts).toBe(figures.jobs);
      expect(figures.distinctJobs).toBe(figures.jobs);
      expect(figures.failedInterrupted).toBe(0);
      expect(figures.requestsPaid).toBeLessThanOrEqual(figures.jobs + figures.inFlightAtKills);
      expect(count(`SELECT MAX(attempts) AS n FROM jobs WHERE run_id = ?`)).toBe(1);
    } finally {
      db.close();
    }
  }, 240_000);
});
