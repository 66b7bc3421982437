/**
 * Repeated samples on a real SQLite file: jobs per sample (sample-major), the sample index reaching transcripts and
 * the export, the mode / consistency / spread per scenario and per model, the comparison by modal decision, and the
 * dimension effects and agreement using every sample.
 */
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeRunCsv } from '../../src/main/core/export/csv';
import { SCENARIO_COLUMNS, scenariosCsv } from '../../src/main/core/export/scenarios-sidecar';
import { runAnalysis } from '../../src/main/core/results/analysis';
import { compareRuns } from '../../src/main/core/results/compare';
import { scenarioResults } from '../../src/main/core/results/scenarios';
import { resultsSummary } from '../../src/main/core/results/summary';
import { createRun, previewRun } from '../../src/main/core/runs/create';
import { RunQueries } from '../../src/main/core/runs/query';
import { JobStore } from '../../src/main/core/store/jobs';
import { runModes } from '../../src/main/core/store/consistency';
import { parseRunConfig } from '../../src/main/core/store/run-config';
import type { AgreementReport, EffectsReport } from '../../src/shared/analysis';
import { isLargeRun, MAX_RUN_JOBS, tooManyJobsMessage, type ModelRef } from '../../src/shared/domain';
import { makeTestDb, probeResult, type TestDb } from '../helpers/db';
import { seedOutcomes, type SeedOutcome } from '../helpers/results-seed';

const MINI: ModelRef = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null };
const GPT4O: ModelRef = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null };
const SCENARIOS = ['Stakes1_Certainty1', 'Stakes1_Certainty2', 'Stakes2_Certainty1', 'Stakes2_Certainty2'];
const answer = (score: number): SeedOutcome => ({ kind: 'answer', score, decision: `Rating ${score}` });
const refusal: SeedOutcome = { kind: 'refusal' };

/** Per scenario (in order), the three samples' outcomes of gpt-4o-mini. */
const MINI_SAMPLES: SeedOutcome[][] = [
  [answer(4), answer(4), answer(2)], // mode 4, 2 of 3 scored agree, spread 2
  [answer(4), answer(2), refusal], // tie 2 vs 4 (and the refusal): the lower score, 1 of 2 scored, spread 2
  [refusal, refusal, answer(5)], // mode refusal: no consistency, spread 0
  [answer(3), answer(3), answer(3)], // unanimous
];

describe('repeated samples', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await makeTestDb();
  });
  afterEach(() => t.cleanup());
  const sqlite = (): TestDb['database']['sqlite'] => t.database.sqlite;

  /** A run of MINI (and GPT4O) × 3 samples whose outcomes are MINI_SAMPLES (GPT4O always answers 1). */
  function seededRun(models: ModelRef[] = [MINI]): string {
    const runId = t.newRun(models, { samples: 3 });
    seedOutcomes(sqlite(), runId, (job) =>
      job.modelKey === 'openai:gpt-4o-mini'
        ? MINI_SAMPLES[SCENARIOS.indexOf(job.scenarioId)]![job.sample - 1]!
        : answer(1),
    );
    return runId;
  }

  it('creates scenarios × models × samples jobs, every scenario once before any twice', () => {
    const runId = t.newRun([MINI, GPT4O], { samples: 3 });
    const run = new RunQueries(sqlite()).get(runId);
    expect(run.progress.total).toBe(4 * 2 * 3);
    expect(run.options.samples).toBe(3);
    const jobs = sqlite()
      .prepare(
        `SELECT id, scenario_id AS s, model_key AS m, sample, ordinal FROM jobs WHERE run_id = ? ORDER BY ordinal`,
      )
      .all(runId) as { id: string; s: string; m: string; sample: number; ordinal: number }[];
    expect(jobs.map((j) => j.ordinal)).toEqual([...Array(24).keys()]);
    // Sample-major: ordinals 0-7 are sample 1 of every scenario × model, 8-15 sample 2, 16-23 sample 3.
    expect(jobs.map((j) => j.sample)).toEqual([...Array(24).keys()].map((i) => Math.floor(i / 8) + 1));
    expect(new Set(jobs.slice(0, 8).map((j) => `${j.s}|${j.m}`)).size).toBe(8);
    expect(new Set(jobs.map((j) => `${j.s}|${j.m}|${j.sample}`)).size).toBe(24);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(24);

    const preview = previewRun(sqlite(), t.definitions, {
      definitionId: t.definitionId,
      samplePercentage: 100,
      sampleSeed: null,
      samples: 3,
      maxTokens: 100,
      models: [{ providerId: 'ollama', modelId: 'llama3', modelVersion: null }],
    });
    expect(preview).toMatchObject({ scenarios: 4, samples: 3, requestsPerModel: 12, large: false });
    // The estimate counts every sample: 12 answers of at most 100 tokens for the one model.
    expect(preview.estimate?.perModel[0]).toMatchObject({ jobs: 12, outputTokens: 1200 });
    expect(isLargeRun(400, 2)).toBe(false);
    expect(isLargeRun(400, 3)).toBe(true);
    expect(isLargeRun(1001, 1)).toBe(true);
  });

  it('reads a run stored before samples existed as one sample each', () => {
    const config = parseRunConfig(
      JSON.stringify({
        models: [MINI],
        options: { samplePercentage: 100, sampleSeed: null, temperature: 0.5, maxTokens: null },
      }),
    );
    expect(config.options).toMatchObject({ samples: 1, temperature: 0.5 });
  });

  it('copies the sample index from the job into the transcript the scheduler writes', () => {
    const runId = t.newRun([MINI], { samples: 2 });
    const store = new JobStore(sqlite());
    const seen: number[] = [];
    for (;;) {
      const job = store.claim('me', Date.now(), 60_000, []);
      if (!job) break;
      expect(store.complete(job, 'me', probeResult())).toBe(true);
    }
    for (const row of sqlite()
      .prepare(
        `SELECT t.sample AS ts, j.sample AS js FROM transcripts t JOIN jobs j ON j.id = t.job_id WHERE t.run_id = ?`,
      )
      .all(runId) as { ts: number; js: number }[]) {
      expect(row.ts).toBe(row.js);
      seen.push(row.ts);
    }
    expect(seen.sort()).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
    // The transcript page lists both samples of a scenario next to each other.
    const page = new RunQueries(sqlite()).transcripts(runId, 0, 2);
    expect(page.map((p) => [p.scenarioId, p.sample])).toEqual([
      [SCENARIOS[0], 1],
      [SCENARIOS[0], 2],
    ]);
  });

  it('summarises the modal decision, consistency and spread per scenario and per model', () => {
    const runId = seededRun([MINI, GPT4O]);
    const summary = resultsSummary(sqlite(), runId);
    expect(summary.samples).toBe(3);
    const mini = summary.models.find((m) => m.modelKey === 'openai:gpt-4o-mini')!;
    // Measured: scenarios 1, 2 and 4 (scenario 3's mode is a refusal): (2/3 + 1/2 + 1) / 3; spreads (2 + 2 + 0) / 3.
    expect(mini.consistency).toEqual({
      scenarios: 4,
      measured: 3,
      meanConsistency: expect.closeTo((2 / 3 + 1 / 2 + 1) / 3, 10) as number,
      meanSpread: expect.closeTo(4 / 3, 10) as number,
      unanimous: 1,
      tied: 1,
      // Pairwise agreement over every answer (refusals are decisions, as in the mode): 4,4,2 → 1/3; 2,4,refusal → 0;
      // refusal,refusal,5 → 1/3; 3,3,3 → 1. The t interval is over those four scenarios.
      pairwise: {
        agreement: expect.closeTo(5 / 12, 10) as number,
        ciLow: expect.any(Number) as number,
        ciHigh: expect.any(Number) as number,
        entropy: expect.closeTo((2 * 0.9182958340544896 + Math.log2(3) + 0) / 4, 10) as number,
        scenarios: 4,
      },
    });
    const pairwise = mini.consistency!.pairwise!;
    expect(pairwise.ciLow!).toBeLessThan(5 / 12);
    expect(pairwise.ciHigh!).toBeGreaterThan(5 / 12);
    // All twelve answers count in the distribution and the mean, whatever the mode.
    expect(mini).toMatchObject({ decisions: 12, scored: 9, refusals: 3 });
    expect(summary.models.find((m) => m.modelKey === 'openai:gpt-4o')!.consistency).toMatchObject({
      measured: 4,
      meanConsistency: 1,
      meanSpread: 0,
      unanimous: 4,
    });

    const page = scenarioResults(sqlite(), { runId, modelKey: 'openai:gpt-4o-mini', offset: 0, limit: 10 });
    expect(page.samples).toBe(3);
    expect(page.rows.map((r) => r.cells.map((c) => c.sample))).toEqual(SCENARIOS.map(() => [1, 2, 3]));
    const modes = page.rows.map((r) => r.consistency[0]!);
    expect(modes.map((m) => [m.modeScore, m.modeDecision, m.modeCount, m.answers, m.scored, m.spread, m.tied])).toEqual(
      [
        [4, 'Rating 4', 2, 3, 3, 2, false],
        [2, 'Rating 2', 1, 3, 2, 2, true],
        [null, 'refusal', 2, 3, 1, 0, false],
        [3, 'Rating 3', 3, 3, 3, 0, false],
      ],
    );
    expect(modes.map((m) => m.consistency)).toEqual([2 / 3, 0.5, null, 1]);
    modes.forEach((m, i) => expect(m.agreement).toBeCloseTo([1 / 3, 0, 1 / 3, 1][i]!, 12));
    expect(modes[3]!.entropy).toBe(0);
    // A tie names the decision given as often beside the one shown ("tie: Rating 2 and Rating 4").
    expect(modes.map((m) => m.tiedWith)).toEqual([null, 'Rating 4', null, null]);
    // The mode links to a transcript that gave it.
    const linked = sqlite().prepare(`SELECT score FROM transcripts WHERE id = ?`).get(modes[0]!.transcriptId);
    expect(linked).toEqual({ score: 4 });
    // Every model's row when no model is chosen, in the run's model order.
    const both = scenarioResults(sqlite(), { runId, offset: 0, limit: 1 });
    expect(both.rows[0]!.consistency.map((c) => c.modelKey)).toEqual(['openai:gpt-4o-mini', 'openai:gpt-4o']);
  });

  it('shows no consistency for a run that asked each scenario once', () => {
    const runId = t.newRun([MINI]);
    seedOutcomes(sqlite(), runId, () => answer(3));
    expect(resultsSummary(sqlite(), runId)).toMatchObject({ samples: 1, models: [{ consistency: null }] });
    const page = scenarioResults(sqlite(), { runId, offset: 0, limit: 10 });
    expect(page.samples).toBe(1);
    expect(page.rows.every((r) => r.consistency.length === 0 && r.cells[0]!.sample === 1)).toBe(true);
  });

  it('compares runs scenario by scenario on their modal decisions', () => {
    const sampled = seededRun();
    // Run B asks once: its answers equal run A's modes except on scenario 1 (4 → 5) and scenario 3 (refusal → 5).
    const once = t.newRun([MINI]);
    const onceOutcomes = [answer(5), answer(2), answer(5), answer(3)];
    seedOutcomes(sqlite(), once, (job) => onceOutcomes[SCENARIOS.indexOf(job.scenarioId)]!);
    const runs = new RunQueries(sqlite());
    const comparison = compareRuns(sqlite(), (id) => runs.summary(id), {
      runA: sampled,
      runB: once,
      offset: 0,
      limit: 10,
    });
    expect(comparison.samples).toEqual({ a: 3, b: 1 });
    // One comparison per scenario (not per pair of samples), four in all.
    expect(comparison.comparedTotal).toBe(4);
    expect(comparison.flippedTotal).toBe(2);
    // Scenario 2's samples split 2 / 4 evenly: a tie, counted apart (not broken to 2, which would call it the same).
    expect(comparison.tiedTotal).toBe(1);
    expect(comparison.flipped.map((f) => [f.scenarioId, f.a.decision, f.a.modeCount, f.a.answers, f.b.score])).toEqual([
      [SCENARIOS[0], 'Rating 4', 2, 3, 5],
      [SCENARIOS[2], 'refusal', 2, 3, 5],
    ]);
    const paged = compareRuns(sqlite(), (id) => runs.summary(id), { runA: sampled, runB: once, offset: 1, limit: 1 });
    expect(paged.flipped.map((f) => f.scenarioId)).toEqual([SCENARIOS[2]]);
  });

  it('uses every sample in the dimension effects and the same mode in the agreement analysis', () => {
    const runId = seededRun([MINI, GPT4O]);
    const effects = runAnalysis(sqlite(), { kind: 'effects', runId }) as EffectsReport;
    const mini = effects.models.find((m) => m.modelKey === 'openai:gpt-4o-mini')!;
    expect(mini).toMatchObject({ scored: 9, refusals: 3 });
    const stakes = mini.dimensions.find((d) => d.dimension === 'Stakes')!;
    // Stakes 1: scenario means (4+4+2)/3 and (4+2)/2; Stakes 2: 5 (one scored sample) and 3.
    const [low, high] = stakes.levels;
    expect(low).toMatchObject({ scenarios: 2, n: 5 });
    expect(low!.mean).toBeCloseTo((10 / 3 + 3) / 2, 10);
    expect(high).toMatchObject({ scenarios: 2, n: 4, mean: 4 });

    const agreement = runAnalysis(sqlite(), { kind: 'agreement', runId, limit: 10 }) as AgreementReport;
    const page = scenarioResults(sqlite(), { runId, modelKey: 'openai:gpt-4o-mini', offset: 0, limit: 10 });
    const modes = new Map(page.rows.map((r) => [r.scenarioId, r.consistency[0]!.modeDecision]));
    const pair = agreement.pairs[0]!;
    // Scenario 2's mode is a tie (2 and 4): counted apart, not as a disagreement.
    expect(pair).toMatchObject({ compared: 4, tied: 1, exact: 0 });
    for (const d of agreement.disagreements) {
      const side = d.a.modelKey === 'openai:gpt-4o-mini' ? d.a : d.b;
      expect(side.decision).toBe(modes.get(d.scenarioId));
    }
    expect(agreement.disagreements).toHaveLength(3);
  });

  it('exports one row per sample with its sample index', async () => {
    const runId = seededRun();
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    await writeRunCsv(sqlite(), runId, out);
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(12);
    const keys = records.map((r) => `${r.scenario_id}|${r.sample}`);
    expect(new Set(keys).size).toBe(12);
    expect(records.filter((r) => r.scenario_id === SCENARIOS[0]).map((r) => [r.sample, r.score])).toEqual([
      ['1', '4'],
      ['2', '4'],
      ['3', '2'],
    ]);
  });

  it('exports the per-scenario modes with ties as ties, pairwise agreement and entropy', () => {
    const runId = seededRun();
    const rows = parse(scenariosCsv(runModes(sqlite(), runId)), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0]!)).toEqual([...SCENARIO_COLUMNS]);
    const byScenario = new Map(rows.map((r) => [r.scenario_id, r]));
    // Scenario 2 split 2 / 4 / refusal: a tie, with no modal score or share (the lower score would be invented).
    expect(byScenario.get(SCENARIOS[1]!)).toMatchObject({
      tied: '1',
      mode_score: '',
      modal_share_scored: '',
      pairwise_agreement: '0',
    });
    expect(byScenario.get(SCENARIOS[1]!)!.mode_decision).toMatch(/^tie: Rating 2 \| Rating 4$/);
    expect(byScenario.get(SCENARIOS[0]!)).toMatchObject({ tied: '0', mode_score: '4', mode_count: '2', spread: '2' });
    expect(Number(byScenario.get(SCENARIOS[0]!)!.pairwise_agreement)).toBeCloseTo(1 / 3, 12);
    expect(Number(byScenario.get(SCENARIOS[0]!)!.entropy_bits)).toBeCloseTo(0.918296, 6);
    expect(byScenario.get(SCENARIOS[3]!)).toMatchObject({ pairwise_agreement: '1', entropy_bits: '0' });
  });
});

describe('the most jobs one run may hold', () => {
  it('refuses a run over MAX_RUN_JOBS with the one sentence, before writing anything', async () => {
    const t = await makeTestDb();
    try {
      const level = (name: string, n: number) => ({
        name,
        levels: Array.from({ length: n }, (_, i) => ({ score: i + 1, label: `${name} ${i + 1}`, options: [`${i}`] })),
      });
      // 101 × 250 = 25,250 scenarios × 2 models × 20 samples = 1,010,000 jobs.
      const big = (
        await t.definitions.importText(
          'big.json',
          JSON.stringify({
            name: 'Big',
            template: '[Alpha] and [Beta]',
            dimensions: [level('Alpha', 101), level('Beta', 250)],
          }),
        )
      ).definition.id;
      const create = () =>
        createRun(
          {
            sqlite: t.database.sqlite,
            definitions: t.definitions,
            providers: t.providers,
            assertWorkerAvailable: () => undefined,
            maxAttempts: 3,
          },
          {
            definitionId: big,
            models: [MINI, GPT4O],
            options: {
              samplePercentage: 100,
              sampleSeed: null,
              samples: 20,
              temperature: null,
              maxTokens: null,
              maxCost: null,
            },
            parentRunId: null,
            test: false,
          },
        );
      expect(create).toThrow(tooManyJobsMessage(1_010_000));
      expect(tooManyJobsMessage(1_010_000)).toContain('1,010,000 jobs');
      const counted = t.database.sqlite.prepare('SELECT COUNT(*) AS runs FROM runs').get() as { runs: number };
      expect(counted.runs).toBe(0);
      expect(MAX_RUN_JOBS).toBe(1_000_000);
    } finally {
      t.cleanup();
    }
  });
});
