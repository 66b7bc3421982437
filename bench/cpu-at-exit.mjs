// Preloaded into the CLI by bench/engine.bench.ts (`node --import ./bench/cpu-at-exit.mjs scripts/run-built.mjs cli …`):
// writes the process's own CPU time (process.cpuUsage, all its threads) to $VALUERANK_BENCH_CPU_FILE as it exits, so
// the bench counts the CLI's Node CPU alone, not the processes it starts (a pyenv shim's helpers, Python probes).
import { writeFileSync } from 'node:fs';

const file = process.env.VALUERANK_BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (user + system) / 1000 }));
  });
}
