/** Runs the CLI in-process (same code path as `npm run cli`) and captures its output lines and exit code. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { runCli } from '../../src/main/cli/cli';
import { FAST_SCHEDULER } from './core';

export interface CliResult {
  code: number;
  out: string[];
  err: string[];
}

export type CliRunner = (...argv: string[]) => Promise<CliResult>;

/** A runner with fixed environment (read lazily, so it may be filled in a beforeAll) and leading arguments. */
export function cliRunner(env: () => Record<string, string>, leading: string[] = []): CliRunner {
  return async (...argv) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...leading, ...argv], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: env(),
      coreOptions: { scheduler: FAST_SCHEDULER, workerCount: 1 },
    });
    return { code, out, err };
  };
}

/**
 * The CLI as its own process on `dataDir`, told to kill itself (SIGKILL) at the batch step `crashAt`
 * ($VALUERANK_BATCH_CRASH_AT); resolves with the signal it ended by.
 */
export function cliKilledAt(
  dataDir: string,
  argv: string[],
  env: Record<string, string>,
  crashAt: string,
): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv], {
    cwd: resolve(__dirname, '..', '..'),
    env: { ...process.env, ...env, VALUERANK_BATCH_CRASH_AT: crashAt },
    stdio: 'ignore',
  });
  return new Promise((done) => child.once('close', (_code, signal) => done(signal)));
}

/**
 * The CLI as its own process on `dataDir` (another process on the same data folder, as `valuerank batches collect`
 * from a terminal or a scheduled job): its child, and how it ended with everything it printed.
 */
export function cliProcess(
  dataDir: string,
  argv: string[],
  env: Record<string, string>,
): { child: ChildProcess; ended: Promise<{ code: number | null; out: string; err: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/cli/main.ts', '--data-dir', dataDir, ...argv], {
    cwd: resolve(__dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const ended = new Promise<{ code: number | null; out: string; err: string }>((done) =>
    child.once('close', (code) => done({ code, out, err })),
  );
  return { child, ended };
}
