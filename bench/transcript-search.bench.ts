/**
 * Transcript filters and full-text search on 200,000 transcripts: one run of 5,000 scenarios × 2 models × 20 samples,
 * each answer some 60 words drawn Zipf-like from a 3,000-word vocabulary (a rare phrase in one answer in 997), seeded
 * through the store's INSERT so the FTS5 triggers index them as the scheduler's writes would. Then times pages and
 * counts of `runs.transcripts` / `transcripts.count` through the real dispatch: ms per query (cold, warm median) and
 * the CPU each warm query took. Target: each under 1 s, as the results bench. Run with `npx tsx bench/transcript-search.bench.ts`.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../src/main/core/create-core';
import { callRoute } from '../src/main/core/ipc/dispatch';
import type { TranscriptFilter } from '../src/shared/transcript-filter';
import { createMemoryLogger } from '../tests/helpers/memory';
import { seedOutcomes, type SeedOutcome } from '../tests/helpers/results-seed';
import { makeTempDir } from '../tests/helpers/temp';

const TARGET_MS = 1000;
const levels = (name: string, count: number) => ({
  name,
  levels: Array.from({ length: count }, (_, i) => ({
    score: i + 1,
    label: `${name.toLowerCase()}${i + 1}`,
    options: [`${name} option ${i + 1}`],
  })),
});
const definition = {
  name: 'Transcript search benchmark',
  preamble: 'Answer with "Rating: N".\n5 - Strongly agree\n4 - Agree\n3 - Neutral\n2 - Disagree\n1 - Strongly disagree',
  template: 'A case where [Alpha] meets [Beta] under [Gamma].',
  dimensions: [levels('Alpha', 10), levels('Beta', 10), levels('Gamma', 50)],
};

/** Syllable words: "bakadi", "tomere", …, 3,000 of them, the first the most frequent. */
const VOCABULARY = Array.from({ length: 3000 }, (_, i) => {
  const syllables = ['ba', 'ka', 'di', 'to', 'me', 're', 'su', 'lo', 'ni', 'fa'];
  let word = '';
  for (let n = i + 100; n > 0; n = Math.floor(n / 10)) word += syllables[n % 10];
  return word;
});

/** A deterministic answer of about 60 words; one in 997 mentions a lighthouse keeper. */
function reply(index: number, score: number): string {
  let state = (index * 2654435761) >>> 0;
  const words: string[] = [];
  for (let i = 0; i < 60; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    // Zipf-like: a uniform u mapped to 3000^u, so low indexes are far more frequent.
    const u = state / 2 ** 32;
    words.push(VOCABULARY[Math.min(VOCABULARY.length - 1, Math.floor(3000 ** u) - 1)]!);
  }
  if (index % 997 === 0) words.splice(20, 0, 'the', 'lighthouse', 'keeper');
  return `${words.join(' ')}.\nRating: ${score}`;
}

function outcome(index: number): SeedOutcome {
  const r = (index * 7919) % 100;
  if (r < 3) return { kind: 'refusal' };
  if (r < 5) return { kind: 'unparseable' };
  const score = (r % 5) + 1;
  return { kind: 'answer', score, decision: `label ${score}`, reply: reply(index, score) };
}

const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;

/** Times one cold call and the median of five warm ones, with the CPU a warm call took; prints them. */
async function time(label: string, fn: () => Promise<unknown>): Promise<number> {
  let start = performance.now();
  const got = await fn();
  const cold = performance.now() - start;
  const warm: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < 5; i += 1) {
    start = performance.now();
    await fn();
    warm.push(performance.now() - start);
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / 5;
  warm.sort((a, b) => a - b);
  const worst = Math.max(cold, warm[2]!);
  const size = Array.isArray(got) ? `${got.length} rows` : JSON.stringify(got);
  console.log(
    `${label.padEnd(44)} cold ${fmt(cold)}  warm median ${fmt(warm[2]!)}  CPU ${fmt(cpuMs)}  ${worst < TARGET_MS ? 'OK' : 'SLOW'}  (${size})`,
  );
  return worst;
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
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [
        { providerId: 'openai', modelId: 'gpt-4o-mini' },
        { providerId: 'openai', modelId: 'gpt-4o' },
      ],
      options: { samples: 20 },
      costConfirmed: true,
    });
    // A run over 2,000 jobs writes the rest of its jobs in chunks after runs.create answers: wait for all 200,000.
    await core.internals.chunked.idle();
    const seedStart = performance.now();
    seedOutcomes(core.internals.database.sqlite, run.id, (_job, index) => outcome(index));
    const seeded = performance.now() - seedStart;
    const n = await callRoute(core.dispatch, 'transcripts.count', { runId: run.id });
    console.log(
      `seeded ${n.total.toLocaleString()} transcripts (with their FTS5 index) in ${fmt(seeded)}, ` +
        `${((seeded * 1000) / n.total).toFixed(1)} µs each; set up in ${fmt(performance.now() - start)}`,
    );
    const runId = run.id;
    const page =
      (filter: TranscriptFilter, offset = 0) =>
      () =>
        callRoute(core.dispatch, 'runs.transcripts', { runId, ...filter, offset, limit: 200 });
    const count = (filter: TranscriptFilter) => () =>
      callRoute(core.dispatch, 'transcripts.count', { runId, ...filter });
    const levels = (filter: TranscriptFilter) => () =>
      callRoute(core.dispatch, 'transcripts.levels', { runId, ...filter });
    const scenarioIds = (
      await callRoute(core.dispatch, 'definitions.scenarios', { definitionId: imported.definition.id, limit: 1000 })
    ).map((s) => s.id);
    const common = VOCABULARY[0]!;
    const timings = [
      await time('page, no filter', page({})),
      await time('page, model + refusals', page({ model: 'openai:gpt-4o', outcome: 'refusal' })),
      await time('page, rare word "lighthouse"', page({ text: 'lighthouse' })),
      await time('page, phrase "lighthouse keeper"', page({ text: '"lighthouse keeper"' })),
      await time('page, prefix "lightho*"', page({ text: 'lightho*' })),
      await time(`page, common word "${common}"`, page({ text: common })),
      await time(`page 500 (offset 100,000), "${common}"`, page({ text: common }, 100_000)),
      await time(
        `page, "${common}" + model + decision`,
        page({ text: common, model: 'openai:gpt-4o', decision: 'label 3' }),
      ),
      await time('page, two words (rare AND common)', page({ text: `lighthouse ${common}` })),
      await time('count, rare word', count({ text: 'lighthouse' })),
      await time(`count, common word "${common}"`, count({ text: common })),
      await time('count, model + sample', count({ model: 'openai:gpt-4o-mini', sample: 7 })),
      await time('page, level Gamma=7', page({ levels: { Gamma: [7] } })),
      await time('page, levels Alpha=2 + Beta=3|4', page({ levels: { Alpha: [2], Beta: [3, 4] } })),
      await time('page, 20 scenarios', page({ scenario: scenarioIds.slice(0, 20) })),
      await time('count, level Gamma=7 + model', count({ levels: { Gamma: [7] }, model: 'openai:gpt-4o' })),
      await time('level counts, no filter', levels({})),
      await time('level counts, Alpha=2 chosen', levels({ levels: { Alpha: [2] } })),
      await time(`level counts, "${common}" + Beta=3`, levels({ text: common, levels: { Beta: [3] } })),
    ];
    process.exitCode = timings.every((ms) => ms < TARGET_MS) ? 0 : 1;
  } finally {
    await core.close();
    temp.cleanup();
  }
}

void main();
