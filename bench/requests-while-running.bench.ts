/**
 * Requests while the engine runs flat out (issue 22): a run of a million jobs (default) against a zero-latency provider
 * in its own process, and meanwhile the calls a browser-mode page makes — runs.get, runs.list, the first page of
 * runs.transcripts and results.summary — sent one after another over real HTTP to the browser-mode server. Prints the
 * latency of each route (p50/p95/p99/max), the event-loop delay, jobs per second, wall and Node CPU time, and the
 * machine's load; exits 1 when any p99 reaches 250 ms while running. The run is created and prepared first
 * (bench/chunked-runs measures that); the same calls are then timed with the run paused (what the machine's load alone
 * costs, in the same process) and while it executes; it is cancelled at the end.
 *
 *   npx tsx bench/requests-while-running.bench.ts [--jobs 1000000] [--seconds 30] [--concurrency 16] [--repeat 1]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { requestedConcurrency } from '../src/main/core/index';
import { createLogger } from '../src/main/core/util/logger';
import { startWebServer } from '../src/main/web/server';
import { raw } from '../tests/helpers/raw-http';
import { gridDefinitionYaml, percentile, separateFake } from './bench-kit';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const JOBS = Number(option('jobs') ?? 1_000_000);
const SECONDS = Number(option('seconds') ?? 30);
const CONCURRENCY = Number(option('concurrency') ?? 16);
const REPEAT = Number(option('repeat') ?? 1);
const SAMPLES = 10;
const MODELS = 2;
const P99_LIMIT_MS = 250;

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

function spread(values: number[]): { count: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

async function pass(fakeUrl: string): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'valuerank-bench-'));
  const renderer = join(dataDir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ValueRank</title>');
  const logger = createLogger({ level: 'error' });
  const core = await createCore({
    dataDir: join(dataDir, 'data'),
    env: { OPENAI_BASE_URL: `${fakeUrl}/v1`, OPENAI_API_KEY: 'test-key' },
    workerCount: 2,
    logger,
    scheduler: { ...requestedConcurrency(CONCURRENCY), pollMs: 50 },
  });
  const server = await startWebServer({ core, dataDir: join(dataDir, 'data'), rendererDir: renderer, logger });
  const port = Number(new URL(server.origin).port);
  const host = new URL(server.appOrigin).host;
  const headers = {
    Host: host,
    Origin: `http://${host}`,
    'Sec-Fetch-Site': 'same-origin',
    'Content-Type': 'application/json',
    Authorization: `Bearer ${server.token}`,
  };
  /** One browser-mode call, timed from send to the whole answer read. */
  const call = async (route: string, input: unknown): Promise<number> => {
    const started = performance.now();
    const answer = await raw(port, '/api/invoke', headers, 'POST', JSON.stringify({ route, input }));
    if (answer.status !== 200) throw new Error(`${route}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    return performance.now() - started;
  };
  try {
    const scenarios = JOBS / (SAMPLES * MODELS);
    let a = Math.max(1, Math.floor(Math.sqrt(scenarios)));
    while (scenarios % a !== 0) a -= 1;
    const imported = await callRoute(core.dispatch, 'definitions.import', {
      fileName: 'bench.yaml',
      text: gridDefinitionYaml('Flat out', a, scenarios / a),
    });
    const models = Array.from({ length: MODELS }, (_, i) => ({
      providerId: 'openai' as const,
      modelId: `bench-model-${i}`,
      modelVersion: null,
    }));
    const prepared = performance.now();
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models,
      options: { samples: SAMPLES },
      costConfirmed: true,
      ignoreHealth: true,
    });
    await core.internals.chunked.idle();
    const preparedSeconds = (performance.now() - prepared) / 1000;
    // Warm up: the workers are started and the first jobs are back before the window opens.
    while (core.internals.runs.summary(run.id).progress.completed < 500) await new Promise((r) => setTimeout(r, 20));

    /** The page's calls back to back for SECONDS: each route's latency, the loop's delay, jobs done, CPU. */
    const window = async (phase: 'paused' | 'running') => {
      const timings: Record<string, number[]> = {
        'runs.get': [],
        'runs.list': [],
        'runs.transcripts': [],
        'results.summary': [],
      };
      const loop = monitorEventLoopDelay({ resolution: 10 });
      const cpu = process.cpuUsage();
      const doneBefore = core.internals.runs.summary(run.id).progress.completed;
      const began = performance.now();
      loop.enable();
      while (performance.now() - began < SECONDS * 1000) {
        timings['runs.get']!.push(await call('runs.get', { id: run.id }));
        timings['runs.list']!.push(await call('runs.list', {}));
        timings['runs.transcripts']!.push(await call('runs.transcripts', { runId: run.id, limit: 50 }));
        timings['results.summary']!.push(await call('results.summary', { runId: run.id }));
        await new Promise((r) => setTimeout(r, 5));
      }
      loop.disable();
      const wallSeconds = (performance.now() - began) / 1000;
      const used = process.cpuUsage(cpu);
      const done = core.internals.runs.summary(run.id).progress.completed - doneBefore;
      const figures = {
        phase,
        jobs: JOBS,
        preparedSeconds: round(preparedSeconds),
        wallSeconds: round(wallSeconds),
        nodeCpuSeconds: round((used.user + used.system) / 1e6),
        jobsDone: done,
        jobsPerSecond: round(done / wallSeconds),
        loopDelayMs: {
          p50: round(loop.percentile(50) / 1e6),
          p95: round(loop.percentile(95) / 1e6),
          p99: round(loop.percentile(99) / 1e6),
          max: round(loop.max / 1e6),
        },
        routesMs: Object.fromEntries(Object.entries(timings).map(([route, values]) => [route, spread(values)])),
        loadAverage: loadavg().map((n) => round(n, 2)),
      };
      console.log(JSON.stringify(figures));
      return figures;
    };
    // The same calls with the run paused, in the same process on the same machine: what the load alone costs.
    await callRoute(core.dispatch, 'runs.pause', { id: run.id });
    await window('paused');
    await callRoute(core.dispatch, 'runs.resume', { id: run.id });
    const running = await window('running');
    await callRoute(core.dispatch, 'runs.cancel', { id: run.id });
    await core.internals.chunked.idle();
    const over = Object.entries(running.routesMs).filter(([, s]) => s.p99 >= P99_LIMIT_MS);
    for (const [route, s] of over) console.error(`${route}: p99 ${s.p99} ms is over ${P99_LIMIT_MS} ms`);
    if (running.jobsDone === 0) console.error('no job finished during the window: the engine did not run');
    return over.length === 0 && running.jobsDone > 0;
  } finally {
    await server.close();
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const fake = await separateFake(0);
  let ok = true;
  try {
    for (let i = 0; i < REPEAT; i += 1) ok = (await pass(fake.url)) && ok;
  } finally {
    fake.close();
  }
  process.exit(ok ? 0 : 1);
}

void main();
