/**
 * The CLI as an operating-system process: every line reaches a slow pipe before it exits, and Ctrl-C while it
 * executes a run lets requests in flight finish (or, pressed twice, stops at once) and leaves nothing held.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const ROOT = resolve(__dirname, '..', '..');

function manyScenarios(perDimension: number): string {
  const levels = (name: string): string =>
    Array.from(
      { length: perDimension },
      (_, i) => `      - { score: ${i + 1}, label: ${name}${i}, options: ['${name} option ${i}'] }`,
    ).join('\n');
  return [
    'name: Many scenarios',
    'preamble: |',
    '  Pick one and end with "Rating: N".',
    'template: |',
    '  Weigh [A] against [B].',
    'dimensions:',
    '  - name: A',
    '    levels:',
    levels('a'),
    '  - name: B',
    '    levels:',
    levels('b'),
    '',
  ].join('\n');
}

async function until<T>(what: string, check: () => T | null | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the CLI process', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let fake: FakeProvider;
  let env: Record<string, string>;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    fake = await startFakeProvider({ latencyMs: 1500 });
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' };
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env, ['--data-dir', dataDir]);

  const start = (...argv: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // 'close': the process has exited and its pipes are drained.
    const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
    const processExited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    return { child, exited, processExited, stderr: () => stderr };
  };

  it('writes all 1,600 lines into a pipe that is read slowly, then exits 0', async () => {
    const file = join(temp.dir, 'many.yaml');
    writeFileSync(file, manyScenarios(40));
    const definitionId = (await cli('definitions', 'import', file)).out.at(-1)!;
    const { child, exited, processExited } = start('definitions', 'scenarios', definitionId);
    // A reader that does not read at first: the pipe and the stream's buffer (64 KB each) fill up long before 1,600
    // lines (~330 KB) are out.
    child.stdout!.pause();
    const early = await Promise.race([
      processExited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 1500)),
    ]);
    expect(early).toBe(false);
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stdout!.resume();
    expect(await exited).toBe(0);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(1600);
    expect(JSON.parse(lines[1599]!)).toMatchObject({ name: expect.any(String) as string });
  });

  const jobStates = (runId: string) => {
    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true });
    try {
      return db.prepare(`SELECT status, attempts FROM jobs WHERE run_id = ?`).all(runId) as {
        status: string;
        attempts: number;
      }[];
    } finally {
      db.close();
    }
  };

  it('Ctrl-C during `wait` lets requests in flight finish, exits 130 and holds nothing', async () => {
    const definitionId = (await cli('definitions', 'list')).out.find((l) => l.includes('Many'))!.split('\t')[0]!;
    const runId = (
      await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--sample', '2', '--seed', '1')
    ).out.at(-1)!;
    // The provider holds both requests open, so "two in flight" is a state that stays until the test lets it go.
    fake.hold();
    const { child, exited, stderr } = start('wait', runId, '--concurrency', '2');
    await fake.waitForHeld(2);
    expect(jobStates(runId).filter((j) => j.status === 'running')).toHaveLength(2);
    const requestsBefore = fake.requests.length;
    child.kill('SIGINT');
    await until('the Ctrl-C to be seen', () => stderr().includes('Stopping:'));
    fake.open();
    expect(await exited).toBe(130);
    expect(stderr()).toMatch(/Stopping: no new jobs; requests in flight get up to 10 s/);
    const states = jobStates(runId);
    // The two in flight finished within the grace period; nothing else was claimed; nothing is left running.
    expect(states.filter((j) => j.status === 'completed')).toHaveLength(2);
    expect(states.filter((j) => j.status === 'running')).toHaveLength(0);
    expect(fake.requests.length).toBe(requestsBefore);
  });

  it('a second Ctrl-C stops at once and hands the jobs in flight back', async () => {
    fake.hold();
    const definitionId = (await cli('definitions', 'list')).out.find((l) => l.includes('Many'))!.split('\t')[0]!;
    const runId = (await cli('run', definitionId, '--model', 'openai:gpt-4o', '--sample', '2', '--seed', '2')).out.at(
      -1,
    )!;
    const { child, exited, stderr } = start('wait', runId, '--concurrency', '2');
    await fake.waitForHeld(2);
    child.kill('SIGINT');
    await until('the first Ctrl-C to be seen', () => stderr().includes('Stopping:'));
    const second = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(Date.now() - second).toBeLessThan(8_000);
    expect(stderr()).toMatch(/Stopping now/);
    const states = jobStates(runId);
    // Handed back to the queue uncharged: nothing left running, every job pending with its attempt given back.
    expect(states.filter((j) => j.status === 'running')).toHaveLength(0);
    expect(states.every((j) => j.status === 'pending' && j.attempts === 0)).toBe(true);
    fake.open();
  });
});
