/**
 * The CLI process whose reader goes away (`cli runs | head -1`, `… 2>&1 | head -1`, a `run --wait` or a `wait` piped
 * this way): it exits promptly and quietly (141, no stack trace, nothing written after), leaving runs as a Ctrl-C would:
 * no job left running, the ones in flight handed back to the queue.
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
const samplePath = join(ROOT, 'resources/definitions/council-housing.yaml');

function manyScenarios(perDimension: number): string {
  const levels = (name: string): string =>
    Array.from(
      { length: perDimension },
      (_, i) => `      - { score: ${i + 1}, label: ${name}${i}, options: ['${name} ${i}'] }`,
    ).join('\n');
  return [
    'name: Many',
    'preamble: |',
    '  End with "Rating: N".',
    'template: |',
    '  [A] or [B]?',
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

describe('the CLI when its output is closed', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' };
  });
  afterAll(async () => {
    fake.open();
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env, ['--data-dir', dataDir]);
  const command = ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir];

  /** Runs `node … ARGS 2>&1 | head -1` in bash; resolves to what head printed and the CLI's own exit code. */
  const piped = (args: string[]) =>
    new Promise<{ text: string; code: number; ms: number }>((done, fail) => {
      const quoted = [process.execPath, ...command, ...args].map((a) => `'${a}'`).join(' ');
      const started = Date.now();
      const child = spawn('bash', ['-c', `${quoted} 2>&1 | head -1; echo "cli-exit=\${PIPESTATUS[0]}"`], {
        cwd: ROOT,
        env: { ...process.env, ...env },
      });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.on('error', fail);
      child.on('close', () => {
        const match = /cli-exit=(\d+)/.exec(text);
        done({ text: text.replace(/cli-exit=\d+\n?/, ''), code: Number(match?.[1] ?? -1), ms: Date.now() - started });
      });
    });

  it('`definitions scenarios … 2>&1 | head -1` prints one line and exits 141 without a word more', async () => {
    const file = join(temp.dir, 'many.yaml');
    writeFileSync(file, manyScenarios(40));
    const definitionId = (await cli('definitions', 'import', file)).out.at(-1)!;
    const result = await piped(['definitions', 'scenarios', definitionId]);
    expect(result.code).toBe(141);
    const lines = result.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: expect.any(String) as string });
  });

  it('`wait RUN 2>&1 | head -1` executes the run, then stops at once when head is gone, jobs back in the queue', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const runId = (await cli('run', definitionId, '--model', 'openai:gpt-4o-mini')).out.at(-1)!;
    fake.hold({ from: fake.gate.arrived + 2 });
    const base = fake.gate.arrived;
    const quoted = [process.execPath, ...command, 'wait', runId, '--concurrency', '1'].map((a) => `'${a}'`).join(' ');
    // One pipe for both streams, read by head alone; the group closes its own copy of the pipe before saying so.
    const child = spawn(
      'bash',
      ['-c', `${quoted} 2>&1 | { head -1; exec 0<&-; echo head-gone >&2; }; echo "cli-exit=\${PIPESTATUS[0]}"`],
      { cwd: ROOT, env: { ...process.env, ...env } },
    );
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const headGone = new Promise<void>((done) =>
      child.stderr.on('data', (chunk: Buffer) => chunk.toString('utf8').includes('head-gone') && done()),
    );
    const closed = new Promise<void>((done) => child.on('close', () => done()));
    // The wait executes: the first request is answered, the second held with the run executing.
    await fake.waitForHeld(1);
    expect(fake.gate.arrived - base).toBe(2);
    await headGone;
    const released = Date.now();
    fake.release(1);
    await closed;
    expect(Number(/cli-exit=(\d+)/.exec(text)?.[1])).toBe(141);
    expect(Date.now() - released).toBeLessThan(8_000);
    expect(
      text
        .replace(/cli-exit=\d+\n?/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true });
    try {
      const states = db.prepare(`SELECT status FROM jobs WHERE run_id = ?`).all(runId) as { status: string }[];
      expect(states.filter((j) => j.status === 'running')).toHaveLength(0);
      expect(states.filter((j) => j.status === 'completed').length).toBeGreaterThanOrEqual(1);
      expect(states.filter((j) => j.status === 'pending').length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    fake.open();
  });

  it('`runs` whose stdout reader is gone before it writes exits 141 with nothing on stderr', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    expect((await cli('run', definitionId, '--model', 'openai:gpt-4o-mini')).code).toBe(0);
    const child = spawn(process.execPath, [...command, 'runs'], { cwd: ROOT, env: { ...process.env, ...env } });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect(code).toBe(141);
    expect(stderr).toBe('');
  });

  it('a `run --wait` whose output closes mid-run stops at once and hands its jobs in flight back', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    fake.hold({ from: fake.gate.arrived + 2 });
    const base = fake.gate.arrived;
    const child = spawn(
      process.execPath,
      [...command, 'run', definitionId, '--model', 'openai:gpt-4o-mini', '--wait', '--concurrency', '1'],
      { cwd: ROOT, env: { ...process.env, ...env } },
    );
    const exited = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    // The first request is answered, the second is held: the run is executing with one request in flight.
    await fake.waitForHeld(1);
    expect(fake.gate.arrived - base).toBe(2);
    child.stdout.destroy();
    child.stderr.destroy();
    // The next progress line (the first job's completion is already counted; a claim changes nothing on screen)
    // may not come: the held request's release makes one, and the write to the closed pipe stops the process.
    const released = Date.now();
    fake.release(1);
    expect(await exited).toBe(141);
    // Stopped at once, as a second Ctrl-C does: not after the 10 s grace a first Ctrl-C gives requests in flight.
    expect(Date.now() - released).toBeLessThan(8_000);
    const db = new Database(join(dataDir, 'valuerank.sqlite'), { readonly: true });
    try {
      const run = db.prepare(`SELECT id, status FROM runs ORDER BY created_at DESC LIMIT 1`).get() as {
        id: string;
        status: string;
      };
      const states = db.prepare(`SELECT status FROM jobs WHERE run_id = ?`).all(run.id) as { status: string }[];
      expect(states.filter((j) => j.status === 'running')).toHaveLength(0);
      expect(states.filter((j) => j.status === 'pending').length).toBeGreaterThan(0);
      expect(run.status).toBe('running');
    } finally {
      db.close();
    }
    fake.open();
  });
});
