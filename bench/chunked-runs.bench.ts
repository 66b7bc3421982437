/**
 * Creating and cancelling a million-job run must never stall the process (issue 22): both are written in chunks
 * between event-loop turns (runs/chunked.ts). This bench creates such a run through the route, then cancels it, and
 * prints for each phase the event-loop delay (monitorEventLoopDelay: p50/p95/p99/max), the latency of read routes
 * issued back to back meanwhile, the time the route took to answer, the whole phase's duration and Node CPU per job.
 * Real SQLite, no scheduler (the write itself is measured; engine.bench.ts measures reads while jobs execute).
 *
 *   npx tsx bench/chunked-runs.bench.ts [--jobs 1000000] [--chunk 4000]
 *
 * Exits 1 when a phase's event-loop p99 is 250 ms or more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore, type Core } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { createLogger } from '../src/main/core/util/logger';
import { gridDefinitionYaml, percentile } from './bench-kit';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const JOBS = Number(option('jobs') ?? 1_000_000);
const CHUNK = option('chunk') ? Number(option('chunk')) : undefined;
const SAMPLES = 10;
const MODELS = 2;
const P99_LIMIT_MS = 250;

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

interface Phase {
  phase: 'create' | 'cancel';
  jobs: number;
  routeAnsweredMs: number;
  totalSeconds: number;
  nodeCpuMsPerJob: number;
  loopDelayMs: { p50: number; p95: number; p99: number; max: number };
  reads: { count: number; p50: number; p99: number; max: number };
}

/** Runs `start` (the route call) and waits for the chunked write it began, reading meanwhile and measuring the loop. */
async function measure(core: Core, phase: Phase['phase'], runId: () => string, start: () => Promise<unknown>) {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const cpu = process.cpuUsage();
  const began = performance.now();
  loop.enable();
  await start();
  const routeAnsweredMs = performance.now() - began;
  const reads: number[] = [];
  let writing = true;
  const idle = core.internals.chunked.idle().then(() => (writing = false));
  // A front door's reads, one after another for as long as the write lasts: each one's round trip is recorded.
  while (writing) {
    const t = performance.now();
    await callRoute(core.dispatch, 'runs.get', { id: runId() });
    await callRoute(core.dispatch, 'runs.list', {});
    reads.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  }
  await idle;
  loop.disable();
  const totalSeconds = (performance.now() - began) / 1000;
  const used = process.cpuUsage(cpu);
  reads.sort((a, b) => a - b);
  const figures: Phase = {
    phase,
    jobs: JOBS,
    routeAnsweredMs: Math.round(routeAnsweredMs),
    totalSeconds: Math.round(totalSeconds * 100) / 100,
    nodeCpuMsPerJob: Math.round(((used.user + used.system) / 1000 / JOBS) * 10_000) / 10_000,
    loopDelayMs: {
      p50: ms(loop.percentile(50)),
      p95: ms(loop.percentile(95)),
      p99: ms(loop.percentile(99)),
      max: ms(loop.max),
    },
    reads: {
      count: reads.length,
      p50: Math.round(percentile(reads, 50) * 10) / 10,
      p99: Math.round(percentile(reads, 99) * 10) / 10,
      max: Math.round((reads.at(-1) ?? 0) * 10) / 10,
    },
  };
  console.log(JSON.stringify(figures));
  return figures;
}

async function main(): Promise<void> {
  const scenarios = JOBS / (SAMPLES * MODELS);
  let a = Math.max(1, Math.floor(Math.sqrt(scenarios)));
  while (scenarios % a !== 0) a -= 1;
  const dataDir = mkdtempSync(join(tmpdir(), 'valuerank-bench-'));
  const core = await createCore({
    dataDir,
    env: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    logger: createLogger({ level: 'error' }),
    startScheduler: false,
    ...(CHUNK ? { chunkJobs: CHUNK } : {}),
  });
  let failed = false;
  try {
    const imported = await callRoute(core.dispatch, 'definitions.import', {
      fileName: 'bench.yaml',
      text: gridDefinitionYaml('Chunked', a, scenarios / a),
    });
    let id = '';
    const models = Array.from({ length: MODELS }, (_, i) => ({
      providerId: 'openai' as const,
      modelId: `bench-model-${i}`,
      modelVersion: null,
    }));
    const phases = [
      await measure(
        core,
        'create',
        () => id,
        async () => {
          const run = await callRoute(core.dispatch, 'runs.create', {
            definitionId: imported.definition.id,
            models,
            options: { samples: SAMPLES },
            costConfirmed: true,
            ignoreHealth: true,
          });
          id = run.id;
        },
      ),
      await measure(
        core,
        'cancel',
        () => id,
        () => callRoute(core.dispatch, 'runs.cancel', { id }),
      ),
    ];
    const run = core.internals.runs.get(id);
    if (run.progress.cancelled !== JOBS || run.progress.pending !== 0) {
      console.error(`expected ${JOBS} cancelled jobs, found ${JSON.stringify(run.progress)}`);
      failed = true;
    }
    for (const phase of phases) {
      if (phase.loopDelayMs.p99 >= P99_LIMIT_MS) {
        console.error(`${phase.phase}: event-loop p99 ${phase.loopDelayMs.p99} ms is over ${P99_LIMIT_MS} ms`);
        failed = true;
      }
    }
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

void main();
