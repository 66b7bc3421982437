/** Results aggregation on a real SQLite file: summary buckets, medians, scenario pages, related runs and comparison. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRun } from '../../src/main/core/runs/create';
import { RunQueries } from '../../src/main/core/runs/query';
import { compareRuns, pairModels } from '../../src/main/core/results/compare';
import { relatedRuns } from '../../src/main/core/results/related';
import { scenarioResults } from '../../src/main/core/results/scenarios';
import { medianOf, resultsSummary } from '../../src/main/core/results/summary';
import { decisionKind } from '../../src/shared/vocabulary';
import type { ModelRef } from '../../src/shared/domain';
import { makeTestDb, SAMPLE_YAML, type TestDb } from '../helpers/db';
import { seedOutcomes, type SeedOutcome } from '../helpers/results-seed';

const MINI: ModelRef = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null };
const GPT4O: ModelRef = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: 'gpt-4o-2024-08-06' };
const LABEL: Record<number, string> = {
  5: "Strongly support the tenants' request",
  4: "Somewhat support the tenants' request",
  3: 'Neutral or torn',
  2: "Somewhat support the landlord's request",
  1: "Strongly support the landlord's request",
};
const answer = (score: number): SeedOutcome => ({ kind: 'answer', score, decision: LABEL[score] ?? `Rating ${score}` });

describe('results aggregation', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await makeTestDb();
  });
  afterEach(() => t.cleanup());

  const sqlite = (): TestDb['database']['sqlite'] => t.database.sqlite;
  const rerun = (parentRunId: string, models: ModelRef[]): string =>
    createRun(
      {
        sqlite: t.database.sqlite,
        definitions: t.definitions,
        providers: t.providers,
        assertWorkerAvailable: () => undefined,
        maxAttempts: 3,
      },
      {
        definitionId: t.definitionId,
        models,
        options: {
          samplePercentage: 100,
          sampleSeed: null,
          samples: 1,
          temperature: null,
          maxTokens: null,
          maxCost: null,
        },
        parentRunId,
        test: false,
      },
    );

  it('buckets every decision per model: scale order, off-scale codes, refusals, unparseable and failure classes', () => {
    const runId = t.newRun([MINI, GPT4O]);
    // Jobs are ordered scenario-major: even ordinals are gpt-4o-mini, odd ones gpt-4o.
    const outcomes: SeedOutcome[] = [
      answer(5),
      answer(2),
      answer(4),
      answer(9),
      { kind: 'refusal' },
      { kind: 'failed', code: 'RATE_LIMITED' },
      { kind: 'unparseable' },
      { kind: 'failed', code: 'AUTH', message: 'bad key' },
    ];
    seedOutcomes(sqlite(), runId, (_job, index) => outcomes[index]!);

    const summary = resultsSummary(sqlite(), runId);
    expect(summary.scale.map((s) => s.code)).toEqual([1, 2, 3, 4, 5]);
    expect(summary.totalDecisions).toBe(6);
    const [mini, big] = summary.models;
    expect(mini).toMatchObject({
      modelKey: 'openai:gpt-4o-mini',
      decisions: 4,
      scored: 2,
      meanScore: 4.5,
      medianScore: 4.5,
      refusals: 1,
      unparseable: 1,
      failed: 0,
      remaining: 0,
      versions: [{ requested: null, reported: 'gpt-4o-mini-2024-07-18', count: 4 }],
    });
    expect(mini!.distribution.map((b) => [b.label, b.count])).toEqual([
      [LABEL[1], 0],
      [LABEL[2], 0],
      [LABEL[3], 0],
      [LABEL[4], 1],
      [LABEL[5], 1],
      ['refusal', 1],
      ['unparseable', 1],
    ]);
    expect(big).toMatchObject({
      modelKey: 'openai:gpt-4o@gpt-4o-2024-08-06',
      decisions: 2,
      scored: 2,
      meanScore: 5.5,
      failed: 2,
    });
    expect(big!.versions).toEqual([
      { requested: 'gpt-4o-2024-08-06', reported: 'gpt-4o-2024-08-06-2024-07-18', count: 2 },
    ]);
    const offScale = big!.distribution.find((b) => b.code === 9);
    expect(offScale).toMatchObject({ kind: 'answer', onScale: false, count: 1, label: 'Rating 9' });
    expect(big!.failures.map((f) => [f.code, f.count]).sort()).toEqual([
      ['AUTH', 1],
      ['RATE_LIMITED', 1],
    ]);
    expect(big!.failures.find((f) => f.code === 'AUTH')?.example).toBe('bad key');
    // Nothing is silently dropped: the buckets add up to the decisions.
    for (const model of summary.models)
      expect(model.distribution.reduce((s, b) => s + b.count, 0)).toBe(model.decisions);
  });

  it('reports an empty run as zero decisions with every job remaining, and a missing run as NOT_FOUND', () => {
    const runId = t.newRun([MINI]);
    const summary = resultsSummary(sqlite(), runId);
    expect(summary.models[0]).toMatchObject({
      decisions: 0,
      meanScore: null,
      medianScore: null,
      remaining: 4,
      versions: [],
    });
    expect(() => resultsSummary(sqlite(), 'run_missing')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('keeps a missing reported version as null (shown as "unknown") and counts pending jobs as remaining', () => {
    const runId = t.newRun([MINI]);
    seedOutcomes(sqlite(), runId, (_job, index) =>
      index === 0
        ? { kind: 'answer', score: 3, decision: LABEL[3]!, reported: null }
        : index === 1
          ? answer(1)
          : { kind: 'pending' },
    );
    const model = resultsSummary(sqlite(), runId).models[0]!;
    expect(model.versions).toContainEqual({ requested: null, reported: null, count: 1 });
    expect(model.remaining).toBe(2);
    expect(model.medianScore).toBe(2);
  });

  it('computes medians from a histogram', () => {
    expect(medianOf([])).toBeNull();
    expect(
      medianOf([
        { score: 1, n: 2 },
        { score: 5, n: 1 },
      ]),
    ).toBe(1);
    expect(
      medianOf([
        { score: 1, n: 1 },
        { score: 2, n: 1 },
        { score: 4, n: 2 },
      ]),
    ).toBe(3);
    expect(decisionKind({ decision: 'x', parsePath: 'phrase', score: null })).toBe('unparseable');
    expect(decisionKind({ decision: 'refusal', parsePath: 'refusal', score: null })).toBe('refusal');
  });

  it("pages scenarios with dimension values and each model's decision or failure", () => {
    const runId = t.newRun([MINI, GPT4O]);
    seedOutcomes(sqlite(), runId, (_job, index) =>
      index === 3 ? { kind: 'failed', code: 'TIMEOUT' } : answer((index % 5) + 1),
    );
    const first = scenarioResults(sqlite(), { runId, offset: 0, limit: 2 });
    expect(first.total).toBe(4);
    expect(first.dimensionNames).toEqual(['Stakes', 'Certainty']);
    expect(first.modelKeys).toEqual(['openai:gpt-4o-mini', 'openai:gpt-4o@gpt-4o-2024-08-06']);
    expect(first.rows.map((r) => r.scenarioId)).toEqual(['Stakes1_Certainty1', 'Stakes1_Certainty2']);
    expect(first.rows[0]!.dimensions.Stakes).toMatchObject({ score: 1, label: 'low' });
    expect(first.rows[1]!.cells.map((c) => [c.modelKey, c.jobStatus, c.score, c.errorCode])).toEqual([
      ['openai:gpt-4o-mini', 'completed', 3, null],
      ['openai:gpt-4o@gpt-4o-2024-08-06', 'failed', null, 'TIMEOUT'],
    ]);
    expect(first.rows[0]!.cells[0]!.transcriptId).toMatch(/^tr_/);

    const second = scenarioResults(sqlite(), { runId, modelKey: 'openai:gpt-4o-mini', offset: 2, limit: 10 });
    expect(second.rows.map((r) => r.scenarioId)).toEqual(['Stakes2_Certainty1', 'Stakes2_Certainty2']);
    expect(second.rows.every((r) => r.cells.length === 1)).toBe(true);
    expect(scenarioResults(sqlite(), { runId, offset: 10, limit: 5 }).rows).toEqual([]);
  });

  it('pairs models across runs by key, then by provider and model id', () => {
    const k = (m: ModelRef, key: string) => ({ key, model: m });
    const pairs = pairModels(
      [k(MINI, 'openai:gpt-4o-mini'), k(GPT4O, 'openai:gpt-4o@gpt-4o-2024-08-06')],
      [
        k({ ...GPT4O, modelVersion: 'gpt-4o-2024-11-20' }, 'openai:gpt-4o@gpt-4o-2024-11-20'),
        k(MINI, 'openai:gpt-4o-mini'),
        k({ providerId: 'ollama', modelId: 'llama3', modelVersion: null }, 'ollama:llama3'),
      ],
    );
    expect(pairs).toEqual([
      { label: 'openai:gpt-4o-mini', a: 'openai:gpt-4o-mini', b: 'openai:gpt-4o-mini' },
      { label: 'openai:gpt-4o', a: 'openai:gpt-4o@gpt-4o-2024-08-06', b: 'openai:gpt-4o@gpt-4o-2024-11-20' },
      { label: 'ollama:llama3', a: null, b: 'ollama:llama3' },
    ]);
  });

  it('lists related runs and compares a re-run with a different version, finding the flipped scenarios', () => {
    const runs = new RunQueries(sqlite());
    const summaryOf = (id: string) => runs.summary(id);
    const parent = t.newRun([MINI]);
    seedOutcomes(sqlite(), parent, (_job, index) => answer([5, 4, 3, 2][index]!));
    const child = rerun(parent, [{ ...MINI, modelVersion: 'gpt-4o-mini-2024-09-01' }]);
    seedOutcomes(
      sqlite(),
      child,
      (_job, index) => ([answer(5), answer(4), answer(1), { kind: 'refusal' }] as SeedOutcome[])[index]!,
    );

    expect(runs.get(child).runType).toBe('rerun');
    const family = relatedRuns(sqlite(), summaryOf, parent);
    expect(family.parent).toBeNull();
    expect(family.children.map((c) => c.id)).toEqual([child]);
    expect(relatedRuns(sqlite(), summaryOf, child).parent?.id).toBe(parent);
    expect(() => relatedRuns(sqlite(), summaryOf, 'run_nope')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));

    const comparison = compareRuns(sqlite(), summaryOf, { runA: parent, runB: child, offset: 0, limit: 100 });
    expect(comparison.models).toHaveLength(1);
    expect(comparison.models[0]!.label).toBe('openai:gpt-4o-mini');
    expect(comparison.models[0]!.a?.meanScore).toBe(3.5);
    expect(comparison.models[0]!.b?.refusals).toBe(1);
    expect(comparison.comparedTotal).toBe(4);
    expect(comparison.flippedTotal).toBe(2);
    expect(comparison.flipped.map((f) => [f.scenarioId, f.a.score, f.b.decision])).toEqual([
      ['Stakes2_Certainty1', 3, LABEL[1]],
      ['Stakes2_Certainty2', 2, 'refusal'],
    ]);
    expect(comparison.flipped[0]!.dimensions.Stakes?.label).toBe('high');
    expect(comparison.flipped[0]!.a.transcriptId).not.toBe(comparison.flipped[0]!.b.transcriptId);
    expect(
      compareRuns(sqlite(), summaryOf, { runA: parent, runB: child, offset: 1, limit: 1 }).flipped.map(
        (f) => f.scenarioId,
      ),
    ).toEqual(['Stakes2_Certainty2']);
  });

  it('refuses to compare runs of different definitions', async () => {
    const runs = new RunQueries(sqlite());
    const other = (
      await t.definitions.importText('other.yaml', SAMPLE_YAML.replace('Council housing dilemma', 'Another dilemma'))
    ).definition.id;
    const a = t.newRun([MINI]);
    const b = createRun(
      {
        sqlite: t.database.sqlite,
        definitions: t.definitions,
        providers: t.providers,
        assertWorkerAvailable: () => undefined,
        maxAttempts: 3,
      },
      {
        definitionId: other,
        models: [MINI],
        options: {
          samplePercentage: 100,
          sampleSeed: null,
          samples: 1,
          temperature: null,
          maxTokens: null,
          maxCost: null,
        },
        parentRunId: null,
        test: false,
      },
    );
    expect(() => compareRuns(sqlite(), (id) => runs.summary(id), { runA: a, runB: b, offset: 0, limit: 10 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
  });
});
