/**
 * Analysis speed on big runs: seeds two runs of 200,000 transcripts each (20,000 scenarios × 10 models, through the
 * production INSERT) and times dimension effects, an interaction, model agreement and the comparison of the two runs
 * (`results.compareEffects`, and the page of changed decisions `results.compare`) end to end through the route (the
 * worker thread, as the app runs them), then their parts on the main thread: the store reads, the pure computation.
 * Prints one JSON line per figure: cold (first call) and the median of five warm calls, wall and CPU time (of the
 * whole process, every thread), with the load average (`uptime`) beside them. Target: every warm figure under 1 s.
 * Run with `npx tsx bench/effects.bench.ts`.
 * Through the route, `coldMs` of the first figure includes starting the worker thread (under tsx it also compiles the
 * worker) and reading the run; later calls find the run's decision counts in the worker's cache (a run's transcripts
 * only grow, so its id and count identify them), so the uncached cost is `store reads` plus the `pure` figure.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { agreement } from '../src/main/core/analysis/agreement';
import { DEFAULT_INTERVAL_METHOD } from '../src/main/core/analysis/bootstrap';
import { compareEffects } from '../src/main/core/analysis/compare-effects';
import { dimensionEffects, interaction } from '../src/main/core/analysis/effects';
import { createCore } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import { loadAnalysisInput } from '../src/main/core/results/analysis';
import { pairModels } from '../src/main/core/results/compare';
import { ANALYSIS_WORKER_BUNDLE_NAME, AnalysisWorker } from '../src/main/core/results/analysis-runner';
import { createMemoryLogger } from '../tests/helpers/memory';
import { seedOutcomes } from '../tests/helpers/results-seed';
import { makeTempDir } from '../tests/helpers/temp';

const TARGET_MS = 1000;
const levels = (name: string, count: number) => ({
  name,
  levels: Array.from({ length: count }, (_, i) => ({
    score: i + 1,
    label: `${name.toLowerCase()} ${i + 1}`,
    options: [`${name} option ${i + 1}`],
  })),
});
const definition = {
  name: 'Effects benchmark',
  preamble: 'Answer with "Rating: N".\n5 - Strongly agree\n4 - Agree\n3 - Neutral\n2 - Disagree\n1 - Strongly disagree',
  template: 'A case where [Alpha] meets [Beta] under [Gamma] and [Delta].',
  dimensions: [levels('Alpha', 10), levels('Beta', 10), levels('Gamma', 10), levels('Delta', 20)],
};
const MODELS = Array.from({ length: 10 }, (_, i) => ({ providerId: 'openai' as const, modelId: `m${i + 1}` }));
const TRANSCRIPTS = 20_000 * MODELS.length;

let slow = false;

/** The load averages over 1, 5 and 15 minutes, as `uptime` prints them. */
function uptime(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** Times one cold call and the median of five warm ones; prints one JSON line. */
async function time(figure: string, fn: () => unknown, transcripts = TRANSCRIPTS): Promise<void> {
  const coldCpuStart = process.cpuUsage();
  let start = performance.now();
  await fn();
  const cold = performance.now() - start;
  const coldUsed = process.cpuUsage(coldCpuStart);
  const warm: number[] = [];
  // CPU time of the whole process (every thread, the analysis worker's included), beside wall time on a loaded machine.
  const cpu: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const cpuStart = process.cpuUsage();
    start = performance.now();
    await fn();
    warm.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  warm.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const median = warm[2]!;
  if (median >= TARGET_MS) slow = true;
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'effects',
      figure,
      transcripts,
      coldMs: round(cold),
      coldCpuMs: round((coldUsed.user + coldUsed.system) / 1000),
      warmMedianMs: round(median),
      warmMedianCpuMs: round(cpu[2]!),
      load: uptime(),
      targetMs: TARGET_MS,
      ok: median < TARGET_MS,
    }),
  );
}

async function main(): Promise<void> {
  const temp = makeTempDir('valuerank-bench-');
  const { logger } = createMemoryLogger(() => []);
  const core = await createCore({
    dataDir: join(temp.dir, 'data'),
    env: { OPENAI_API_KEY: 'bench-key' },
    startScheduler: false,
    logger,
  });
  try {
    const start = performance.now();
    const imported = await callRoute(core.dispatch, 'definitions.import', {
      fileName: 'bench.json',
      text: JSON.stringify(definition),
    });
    const seedRun = async (rerun: boolean): Promise<string> => {
      const run = await callRoute(core.dispatch, 'runs.create', {
        definitionId: imported.definition.id,
        models: MODELS,
        costConfirmed: true,
      });
      // A run this large is created in chunks between event-loop turns (issue 22): wait for every job before seeding.
      await core.internals.chunked.idle();
      // Each model leans on Alpha with its own weight; about 3 % refusals and 2 % unparseable answers. The second
      // run's noise is drawn differently, so about a third of its decisions change.
      seedOutcomes(core.internals.database.sqlite, run.id, (job, index) => {
        const r = (index * 7919 + (rerun ? 13 : 0)) % 100;
        if (r < 3) return { kind: 'refusal' };
        if (r < 5) return { kind: 'unparseable' };
        const alpha = Number(/Alpha(\d+)/.exec(job.scenarioId)?.[1] ?? 1);
        const weight = Number(job.modelId.slice(1)) / MODELS.length;
        const score = Math.min(5, Math.max(1, Math.round(1 + (alpha / 10) * 4 * weight + ((r % 3) - 1))));
        return { kind: 'answer', score, decision: `label ${score}` };
      });
      return run.id;
    };
    const runId = await seedRun(false);
    const rerunId = await seedRun(true);
    console.log(
      JSON.stringify({
        bench: 'effects',
        figure: 'seed',
        jobs: 2 * TRANSCRIPTS,
        ms: Math.round(performance.now() - start),
        uptime: uptime(),
      }),
    );

    await time('route results.effects', () => callRoute(core.dispatch, 'results.effects', { runId }));
    await time('route results.interaction', () =>
      callRoute(core.dispatch, 'results.interaction', { runId, dimensionA: 'Alpha', dimensionB: 'Delta' }),
    );
    await time('route results.agreement', () => callRoute(core.dispatch, 'results.agreement', { runId }));
    // The compare page: the change of effects (worker thread) and the first page of changed decisions (SQL).
    await time(
      'route results.compareEffects (2 runs)',
      () => callRoute(core.dispatch, 'results.compareEffects', { runA: runId, runB: rerunId }),
      2 * TRANSCRIPTS,
    );
    await time(
      'route results.compare (2 runs, first page)',
      () => callRoute(core.dispatch, 'results.compare', { runA: runId, runB: rerunId, offset: 0, limit: 50 }),
      2 * TRANSCRIPTS,
    );

    const sqlite = core.internals.database.sqlite;
    // The app runs the built worker (no tsx compile): a fresh pool each time, so every figure is a cold start.
    const built = join(import.meta.dirname, '..', 'out', 'main', ANALYSIS_WORKER_BUNDLE_NAME);
    if (existsSync(built)) {
      const fresh = async (): Promise<void> => {
        const worker = new AnalysisWorker({ databasePath: core.internals.database.openPath, workerFile: built });
        try {
          await worker.run({ kind: 'effects', runId });
        } finally {
          await worker.close();
        }
      };
      await time('built worker, new thread: results.effects', fresh);
    } else {
      console.log(JSON.stringify({ bench: 'effects', figure: 'built worker', skipped: 'run npm run build first' }));
    }

    await time('store reads (GROUP BY + scenarios)', () => loadAnalysisInput(sqlite, runId));
    const input = loadAnalysisInput(sqlite, runId);
    const rerun = loadAnalysisInput(sqlite, rerunId);
    await time('pure effects', () => dimensionEffects(input, DEFAULT_INTERVAL_METHOD));
    await time('pure interaction', () => interaction(input, 'Alpha', 'Delta'));
    await time('pure agreement', () => agreement(input));
    // The comparison of two runs, paired per model with its noise floor.
    await time(
      'pure compare (paired changes, noise floor, Holm)',
      () => compareEffects(input, rerun, pairModels(input.models, rerun.models), DEFAULT_INTERVAL_METHOD),
      2 * TRANSCRIPTS,
    );
    console.log(JSON.stringify({ bench: 'effects', figure: 'end', uptime: uptime() }));
    process.exitCode = slow ? 1 : 0;
  } finally {
    await core.close();
    temp.cleanup();
  }
}

void main();
