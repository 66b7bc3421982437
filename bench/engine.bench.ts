/**
 * The engine at scale (issue 10), one JSON line per scenario so figures can be compared across commits: per-job
 * throughput and CPU (Node from process.cpuUsage, each Python worker from /proc) at growing job counts against a
 * zero-latency provider, the latency of status/runs/results reads on the big run while it executes, memory, and the
 * efficiency of `--concurrency` against a 200 ms provider. Real SQLite, real Python workers, real HTTP.
 *
 *   npx tsx bench/engine.bench.ts [--sizes 2000,20000,200000] [--only scale|cli|latency] [--repeat N]
 *                                 [--python-dir DIR]   (another worker package, e.g. an older commit's, to compare)
 *                                 [--latency-fake separate|in-process]
 *
 * The 200 ms provider of the latency scenario runs in its own process by default, like a real provider: in this
 * process its timers would wait behind the scheduler's work and its HTTP handling would be counted as Node CPU.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stringify } from 'yaml';
import { z } from 'zod';
import { createCore, type Core } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { requestedConcurrency } from '../src/main/core/index';
import { createLogger } from '../src/main/core/util/logger';
import { devResourcePaths } from '../src/main/core/paths';
import { startFakeProvider, type FakeProvider } from '../tests/fixtures/fake-provider.mjs';
import { separateFake } from './bench-kit';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZES = (option('sizes') ?? '2000,20000,200000').split(',').map(Number);
const ONLY = option('only');
const REPEAT = Number(option('repeat') ?? 1);
const PYTHON_DIR = option('python-dir');
const LATENCY_FAKE = option('latency-fake') ?? 'separate';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100;

/** A definition with `a × b` scenarios. */
export function definitionYaml(a: number, b: number): string {
  const dim = (name: string, n: number) => ({
    name,
    levels: Array.from({ length: n }, (_, i) => ({
      score: i + 1,
      label: `${name.toLowerCase()}${i + 1}`,
      options: [`${name} level ${i + 1}`],
    })),
  });
  return stringify({
    name: `Bench ${a}x${b}`,
    preamble: 'Answer on the scale and end with "Rating: N".\n5 - Strongly agree\n1 - Strongly disagree',
    template: 'Consider [Alpha] together with [Beta]. What should be done?',
    dimensions: [dim('Alpha', a), dim('Beta', b)],
  });
}

/** CPU seconds and RSS of the pool's Python workers, from /proc (only their entries: the loop it shares stays free). */
function workers(pids: readonly number[]): { pid: number; cpuMs: number; rssMb: number }[] {
  const found: { pid: number; cpuMs: number; rssMb: number }[] = [];
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      found.push({ pid, cpuMs, rssMb: rss ? Number(rss[1]) / 1024 : 0 });
    } catch {
      // the process went away
    }
  }
  return found;
}

const pythonCpuMs = (pids: readonly number[]) => workers(pids).reduce((sum, w) => sum + w.cpuMs, 0);
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function withCore<T>(
  fake: Pick<FakeProvider, 'url'>,
  concurrency: number,
  fn: (core: Core) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'valuerank-bench-'));
  const core = await createCore({
    dataDir,
    env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key', ...env },
    workerCount: 2,
    logger: createLogger({ level: 'error' }),
    ...(PYTHON_DIR ? { resources: { ...devResourcePaths(), pythonDir: PYTHON_DIR } } : {}),
    // What the CLI's --concurrency N sets (bench/README: the same options as `run --wait --concurrency N`).
    scheduler: { ...requestedConcurrency(concurrency), pollMs: 50 },
  });
  try {
    return await fn(core);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function timed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

interface RunFigures {
  jobs: number;
  seconds: number;
  jobsPerSecond: number;
  nodeCpuMsPerJob: number;
  pythonCpuMsPerJob: number;
  reads?: { status: number; runs: number; results: number; runGet: number };
  nodeRssMb: number;
  workerRssMb: number;
}

async function runToEnd(core: Core, jobs: number, models: number, probeReads: boolean): Promise<RunFigures> {
  const perModel = Math.ceil(jobs / models);
  let a = Math.max(1, Math.floor(Math.sqrt(perModel)));
  while (perModel % a !== 0) a -= 1; // a × b = exactly the scenarios asked for (100,000 at most)
  const imported = await callRoute(core.dispatch, 'definitions.import', {
    fileName: 'bench.yaml',
    text: definitionYaml(a, perModel / a),
  });
  await core.internals.pool.start();
  const pids = core.internals.pool.workerPids();
  const modelRefs = Array.from({ length: models }, (_, i) => ({
    providerId: 'openai' as const,
    modelId: `bench-model-${i}`,
    modelVersion: null,
  }));
  const run = await callRoute(core.dispatch, 'runs.create', {
    definitionId: imported.definition.id,
    models: modelRefs,
  });
  const total = core.internals.runs.summary(run.id).progress.total;
  const startCpu = nodeCpuMs();
  const startPy = pythonCpuMs(pids);
  const started = performance.now();
  let reads: RunFigures['reads'];
  let nodeRss = 0;
  let workerRss = 0;
  for (;;) {
    const summary = core.internals.runs.summary(run.id);
    nodeRss = Math.max(nodeRss, process.memoryUsage().rss / 2 ** 20);
    for (const w of workers(pids)) workerRss = Math.max(workerRss, w.rssMb);
    if (summary.completedAt) break;
    const done = summary.progress.completed + summary.progress.failed;
    if (probeReads && !reads && done > total / 2) {
      // What `status`, `runs`, `results` and the run page's poll cost on this run while it executes.
      // `status RUN` and the run page's poll both read runs.get; `runs` reads runs.list.
      const runGet = timed(() => core.internals.runs.get(run.id));
      const status = runGet;
      const runs = timed(() => core.internals.runs.list());
      const started2 = performance.now();
      await callRoute(core.dispatch, 'results.summary', { runId: run.id });
      reads = { status, runs, results: performance.now() - started2, runGet };
    }
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    jobs: total,
    seconds: round(seconds, 2),
    jobsPerSecond: round(total / seconds, 1),
    nodeCpuMsPerJob: round((nodeCpuMs() - startCpu) / total, 3),
    pythonCpuMsPerJob: round((pythonCpuMs(pids) - startPy) / total, 3),
    ...(reads ? { reads: mapValues(reads, (v) => round(v, 1)) } : {}),
    nodeRssMb: round(nodeRss, 0),
    workerRssMb: round(workerRss, 0),
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function mapValues<T extends Record<string, number>>(o: T, f: (v: number) => number): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)])) as T;
}

function print(scenario: string, figures: object): void {
  const python = PYTHON_DIR ? { pythonDir: PYTHON_DIR } : {};
  console.log(JSON.stringify({ scenario, at: new Date().toISOString(), ...python, ...figures }));
}

/** The CPU (user + system, ms) of this process's children that were waited for (they add to it when they exit). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLK_TCK;
}

/**
 * 2,000 jobs (1,000 scenarios × 2 models, 16 in flight) end to end through the built CLI, as a person types it:
 * `node scripts/run-built.mjs cli run DEF --model … --wait --concurrency 16`, command start to exit, import excluded.
 * CPU per job, each process's own: the CLI's Node from process.cpuUsage as it exits (bench/cpu-at-exit.mjs, preloaded
 * with --import), each Python worker's from its own report as it exits (its process time, in the "stdin closed; worker
 * exiting" record the CLI relays at debug level). What else the command's processes used (here a pyenv shim's bash
 * helpers around each Python start) is printed apart, as otherCpuMsPerJob.
 */
async function cliEndToEnd(fake: FakeProvider): Promise<void> {
  const { execFile, spawn } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  const { writeFileSync } = await import('node:fs');
  const dataDir = mkdtempSync(join(tmpdir(), 'valuerank-bench-cli-'));
  const env = {
    ...process.env,
    OPENAI_BASE_URL: `${fake.url}/v1`,
    OPENAI_API_KEY: 'test-key',
    INIT_CWD: dataDir,
    VALUERANK_LOG_LEVEL: 'warn',
  };
  // Asynchronous: the fake provider answers from this process's event loop.
  const cli = async (...argv: string[]) =>
    (await run(process.execPath, ['scripts/run-built.mjs', 'cli', ...argv, '--data-dir', dataDir], { env })).stdout;
  try {
    writeFileSync(join(dataDir, 'bench.yaml'), definitionYaml(25, 40));
    const imported = await cli('definitions', 'import', 'bench.yaml');
    const id = /\b(def_[0-9a-z]+)/.exec(imported)?.[1];
    if (!id) throw new Error(`no definition id in: ${imported}`);
    const cpuBefore = childrenCpuMs();
    const cpuFile = join(dataDir, 'cli-cpu.json');
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', './bench/cpu-at-exit.mjs', 'scripts/run-built.mjs', 'cli', 'run', id].concat([
        '--model',
        'openai:m1',
        '--model',
        'openai:m2',
        '--wait',
        '--concurrency',
        '16',
        '--data-dir',
        dataDir,
      ]),
      {
        env: { ...env, VALUERANK_LOG_LEVEL: 'debug', VALUERANK_BENCH_CPU_FILE: cpuFile },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const reported = new Map<number, number>();
    createInterface({ input: child.stderr }).on('line', (line) => {
      const record = safeRecord(line);
      if (record?.msg === 'stdin closed; worker exiting' && typeof record.cpuMs === 'number')
        reported.set(Number(record.worker), record.cpuMs);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(`cli run exited with ${code}`);
    if (reported.size === 0) throw new Error('no Python worker reported its CPU time');
    const nodeMs = z.object({ cpuMs: z.number() }).parse(JSON.parse(readFileSync(cpuFile, 'utf8'))).cpuMs;
    const pythonMs = [...reported.values()].reduce((a, b) => a + b, 0);
    print('cli-2000-end-to-end', {
      jobs: 2000,
      seconds: round(seconds, 2),
      jobsPerSecond: round(2000 / seconds, 1),
      nodeCpuMsPerJob: round(nodeMs / 2000, 3),
      pythonCpuMsPerJob: round(pythonMs / 2000, 3),
      pythonWorkers: reported.size,
      otherCpuMsPerJob: round((childrenCpuMs() - cpuBefore - nodeMs - pythonMs) / 2000, 3),
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function safeRecord(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const fake = await startFakeProvider({ logRequests: false });
  try {
    for (let pass = 0; pass < REPEAT; pass += 1) await scenarios(fake);
  } finally {
    await fake.close();
  }
}

async function scenarios(fake: FakeProvider): Promise<void> {
  if (!ONLY || ONLY === 'scale') {
    for (const size of SIZES) {
      const figures = await withCore(fake, 16, (core) => runToEnd(core, size, 2, size >= 10_000));
      print(`scale-${size}`, { concurrency: 16, ...figures });
    }
  }
  if (!ONLY || ONLY === 'cli') await cliEndToEnd(fake);
  if (!ONLY || ONLY === 'latency') {
    const slow = LATENCY_FAKE === 'in-process' ? null : await separateFake(200);
    if (!slow) await fake.setBehavior({ latencyMs: 200 });
    try {
      for (const concurrency of [32, 64]) {
        const figures = await withCore(slow ?? fake, concurrency, (core) => runToEnd(core, concurrency * 50, 1, false));
        const ideal = concurrency / 0.2;
        print(`concurrency-${concurrency}-200ms`, {
          concurrency,
          idealPerSecond: ideal,
          efficiency: round(figures.jobsPerSecond / ideal, 3),
          provider: slow ? 'separate process' : 'in-process',
          ...figures,
        });
      }
    } finally {
      if (slow) slow.close();
      else await fake.setBehavior({ latencyMs: 0 });
    }
  }
}

void main();
