/**
 * Scheduler figures (issue 4), printed as a table: throughput against a zero-latency provider, efficiency against a
 * 200 ms provider (achieved ÷ concurrency/latency), time from pause to the last job start, and the time to recover a
 * 10,000-job run after a kill. Real SQLite, real Python workers, real HTTP to the fake provider.
 *
 *   npx tsx bench/scheduler.bench.ts [--jobs N] [--concurrency C]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createCore, type Core } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { createLogger } from '../src/main/core/util/logger';
import { startFakeProvider, type FakeProvider } from '../tests/fixtures/fake-provider.mjs';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const JOBS = flag('jobs', 2000);
const CONCURRENCY = flag('concurrency', 16);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A definition with `a × b` scenarios. */
function definitionYaml(a: number, b: number): string {
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
    preamble:
      'Answer on the scale and end with "Rating: N".\n5 - Strongly agree\n4 - Agree\n3 - Neutral\n2 - Disagree\n1 - Strongly disagree',
    template: 'Consider [Alpha] together with [Beta]. What should be done?',
    dimensions: [dim('Alpha', a), dim('Beta', b)],
  });
}

async function withCore<T>(
  fake: FakeProvider,
  dataDir: string,
  fn: (core: Core) => Promise<T>,
  concurrency = CONCURRENCY,
): Promise<T> {
  const core = await createCore({
    dataDir,
    env: { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' },
    workerCount: 2,
    logger: createLogger({ level: 'error' }),
    scheduler: { concurrency, providerLimits: { remote: concurrency, local: concurrency }, pollMs: 50 },
  });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

async function runToEnd(
  core: Core,
  scenarios: [number, number],
  models: number,
): Promise<{ runId: string; seconds: number; jobs: number }> {
  const imported = await callRoute(core.dispatch, 'definitions.import', {
    fileName: 'bench.yaml',
    text: definitionYaml(...scenarios),
  });
  const modelRefs = Array.from({ length: models }, (_, i) => ({
    providerId: 'openai' as const,
    modelId: `bench-model-${i}`,
    modelVersion: null,
  }));
  await core.internals.pool.start();
  const started = performance.now();
  const run = await callRoute(core.dispatch, 'runs.create', {
    definitionId: imported.definition.id,
    models: modelRefs,
  });
  for (;;) {
    const detail = core.internals.runs.get(run.id);
    if (detail.completedAt)
      return { runId: run.id, seconds: (performance.now() - started) / 1000, jobs: detail.progress.total };
    await sleep(20);
  }
}

function split(jobs: number): [number, number] {
  const a = Math.max(1, Math.round(Math.sqrt(jobs)));
  return [a, Math.max(1, Math.round(jobs / a))];
}

async function main(): Promise<void> {
  const fake = await startFakeProvider({ logRequests: false });
  const figures: [string, string][] = [];
  const dirs: string[] = [];
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), 'valuerank-bench-'));
    dirs.push(d);
    return d;
  };
  try {
    // 1. Throughput with a zero-latency provider.
    const zero = await withCore(fake, dir(), (core) => runToEnd(core, split(JOBS), 1));
    figures.push([
      'throughput, 0 ms provider',
      `${(zero.jobs / zero.seconds).toFixed(0)} transcripts/s (${zero.jobs} jobs in ${zero.seconds.toFixed(2)} s, concurrency ${CONCURRENCY})`,
    ]);

    // 2. Efficiency with a 200 ms provider: achieved ÷ (concurrency / latency).
    await fake.setBehavior({ latencyMs: 200 });
    const slowJobs = CONCURRENCY * 20;
    const slow = await withCore(fake, dir(), (core) => runToEnd(core, split(slowJobs), 1));
    const ideal = CONCURRENCY / 0.2;
    const achieved = slow.jobs / slow.seconds;
    figures.push([
      'efficiency, 200 ms provider',
      `${((achieved / ideal) * 100).toFixed(1)}% (${achieved.toFixed(1)} of ideal ${ideal.toFixed(0)} transcripts/s, ${slow.jobs} jobs)`,
    ]);

    // 3. Pause: time from the acknowledged pause to the last job start seen by the provider.
    await fake.setBehavior({ logRequests: true });
    const pauseLag = await withCore(fake, dir(), async (core) => {
      const imported = await callRoute(core.dispatch, 'definitions.import', {
        fileName: 'bench.yaml',
        text: definitionYaml(20, 20),
      });
      await core.internals.pool.start();
      const run = await callRoute(core.dispatch, 'runs.create', {
        definitionId: imported.definition.id,
        models: [{ providerId: 'openai', modelId: 'm', modelVersion: null }],
      });
      await sleep(1000);
      await callRoute(core.dispatch, 'runs.pause', { id: run.id });
      const acknowledged = Date.now();
      await sleep(1000);
      const last = Math.max(...fake.requests.map((r) => r.at));
      return Math.max(0, last - acknowledged);
    });
    figures.push(['pause → last job start', `${pauseLag} ms (0 = nothing started after the pause was acknowledged)`]);
    await fake.setBehavior({ latencyMs: 0, logRequests: false });

    // 4. Recovery of a 10,000-job run after a kill: boot (open, migrate, requeue orphans) until work resumes.
    const recoveryDir = dir();
    const runId = await withCore(
      fake,
      recoveryDir,
      async (core) => {
        const imported = await callRoute(core.dispatch, 'definitions.import', {
          fileName: 'bench.yaml',
          text: definitionYaml(100, 100),
        });
        const run = await callRoute(core.dispatch, 'runs.create', {
          definitionId: imported.definition.id,
          models: [{ providerId: 'openai', modelId: 'm', modelVersion: null }],
        });
        await core.internals.scheduler.stop(0);
        // What SIGKILL leaves behind: jobs held by a process that no longer exists, with long leases.
        core.internals.database.sqlite
          .prepare(
            `UPDATE jobs SET status = 'running', attempts = 1, lease_owner = 'bench-host:2147483646:dead', lease_expires_at = ? WHERE id IN (SELECT id FROM jobs WHERE run_id = ? LIMIT ?)`,
          )
          .run(Date.now() + 3_600_000, run.id, CONCURRENCY);
        core.internals.database.sqlite
          .prepare(
            `UPDATE jobs SET lease_owner = replace(lease_owner, 'bench-host', ?) WHERE lease_owner LIKE 'bench-host:%'`,
          )
          .run((await import('node:os')).hostname());
        return run.id;
      },
      1,
    );
    const bootStart = performance.now();
    const recovered = await withCore(fake, recoveryDir, async (core) => {
      const ready = performance.now();
      for (;;) {
        const detail = core.internals.runs.get(runId);
        if (detail.progress.completed > 0)
          return { boot: ready - bootStart, firstResult: performance.now() - bootStart };
        await sleep(5);
      }
    });
    figures.push([
      'recover a 10,000-job run after a kill',
      `${recovered.boot.toFixed(0)} ms to boot and requeue, ${recovered.firstResult.toFixed(0)} ms to the first new result`,
    ]);
  } finally {
    await fake.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  const width = Math.max(...figures.map(([k]) => k.length));
  console.log('\nScheduler benchmark');
  for (const [k, v] of figures) console.log(`  ${k.padEnd(width)}  ${v}`);
}

await main();
