/** Runs the CLI in-process (same code path as `npm run cli`) and captures its output lines and exit code. */
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
