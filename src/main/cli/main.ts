/** `npm run cli -- …`: the process entry of the CLI (signals, and an exit only once every line has been written). */
import { runCli } from './cli';
import { installProcessGuards } from '../front-door/process-guards';
import { flushed, Interrupts } from '../front-door/signals';

async function exitAfterFlush(code: number): Promise<never> {
  // process.exit() drops whatever a pipe has not taken yet: wait until both streams have handed everything over.
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

installProcessGuards(process, {
  err: (line) => process.stderr.write(line + '\n'),
  exit: (code) => void exitAfterFlush(code),
  name: 'valuerank cli',
});

const interrupts = new Interrupts(process, {
  err: (line) => process.stderr.write(line + '\n'),
  exitNow: (code) => void exitAfterFlush(code),
});

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  env: process.env,
  interrupt: interrupts,
}).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    return exitAfterFlush(1);
  },
);
