/**
 * Analysis speed on a big run: seeds 200,000 transcripts (20,000 scenarios × 10 models, through the production INSERT)
 * and times dimension effects, an interaction, model agreement (and, pure, the comparison of two runs) end to end through the route (the worker thread,
 * as the app runs them) and their parts on the main thread: the store reads, then the pure computation.
 * Prints one JSON line per figure. Target: every warm figure under 1 s. Run with `npx tsx bench/effects.bench.ts`.
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

/** Times one cold call and the median of five warm ones; prints one JSON line. */
async function time(figure: string, fn: () => unknown): Promise<void> {
  let start = performance.now();
  await fn();
  const cold = performance.now() - start;
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
      transcripts: TRANSCRIPTS,
      coldMs: round(cold),
      warmMedianMs: round(median),
      warmMedianCpuMs: round(cpu[2]!),
      load: os.loadavg()[0]!.toFixed(1),
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
    const run = await callRoute(core.dispatch, 'runs.create', { definitionId: imported.definition.id, models: MODELS });
    const runId = run.id;
    // A run this large is created in chunks between event-loop turns (issue 22): wait for every job before seeding.
    await core.internals.chunked.idle();
    // Each model leans on Alpha with its own weight; about 3 % refusals and 2 % unparseable answers.
    seedOutcomes(core.internals.database.sqlite, runId, (job, index) => {
      const r = (index * 7919) % 100;
      if (r < 3) return { kind: 'refusal' };
      if (r < 5) return { kind: 'unparseable' };
      const alpha = Number(/Alpha(\d+)/.exec(job.scenarioId)?.[1] ?? 1);
      const weight = Number(job.modelId.slice(1)) / MODELS.length;
      const score = Math.min(5, Math.max(1, Math.round(1 + (alpha / 10) * 4 * weight + ((r % 3) - 1))));
      return { kind: 'answer', score, decision: `label ${score}` };
    });
    console.log(
      JSON.stringify({
        bench: 'effects',
        figure: 'seed',
        jobs: run.progress.total,
        ms: Math.round(performance.now() - start),
      }),
    );

    await time('route results.effects', () => callRoute(core.dispatch, 'results.effects', { runId }));
    await time('route results.interaction', () =>
      callRoute(core.dispatch, 'results.interaction', { runId, dimensionA: 'Alpha', dimensionB: 'Delta' }),
    );
    await time('route results.agreement', () => callRoute(core.dispatch, 'results.agreement', { runId }));

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
    await time('pure effects', () => dimensionEffects(input, DEFAULT_INTERVAL_METHOD));
    await time('pure interaction', () => interaction(input, 'Alpha', 'Delta'));
    await time('pure agreement', () => agreement(input));
    // The comparison of two runs (here the run with itself: the same work), paired per model with its noise floor.
    await time('pure compare (paired changes, noise floor, Holm)', () =>
      compareEffects(input, input, pairModels(input.models, input.models), DEFAULT_INTERVAL_METHOD),
    );
    process.exitCode = slow ? 1 : 0;
  } finally {
    await core.close();
    temp.cleanup();
  }
}

void main();
