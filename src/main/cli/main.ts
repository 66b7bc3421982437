/**
 * `npm run cli -- …`: the process entry of the CLI (signals; an exit only once every line has been written; a quiet,
 * prompt end when the output's reader goes away, as a Ctrl-C would leave things).
 */
import { runCli } from './cli';
import { installProcessGuards } from '../front-door/process-guards';
import { flushed, Interrupts } from '../front-door/signals';
import { createCliOutput, isClosedStreamError } from './output';

async function exitAfterFlush(code: number): Promise<never> {
  // process.exit() drops whatever a pipe has not taken yet: wait until both streams have handed everything over.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

// Created before the streams can fail, so a closed pipe always has an Interrupts to tell.
let interrupts: Interrupts | null = null;
const output = createCliOutput({ stdout: process.stdout, stderr: process.stderr }, () => interrupts?.streamClosed());

interrupts = new Interrupts(process, {
  err: output.err,
  exitNow: (code) => void exitAfterFlush(code),
});

installProcessGuards(process, {
  err: output.err,
  exit: (code) => void exitAfterFlush(code),
  name: 'valuerank cli',
  streamClosed: () => interrupts?.streamClosed(),
  isClosedStreamError,
});

runCli(process.argv.slice(2), {
  out: output.out,
  err: output.err,
  env: process.env,
  interrupt: interrupts,
}).then(
  (code) => exitAfterFlush(output.closed ? 141 : code),
  (error: unknown) => {
    output.err(`${(error as Error).stack ?? String(error)}`);
    return exitAfterFlush(output.closed ? 141 : 1);
  },
);
