/**
 * Transcripts by scenario and by dimension level on a real SQLite file: any of several scenarios, any listed level of
 * every dimension named, together with the other filters, and each level's count under the rest of the filter — all
 * checked against the scenarios' own dimension values.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunQueries } from '../../src/main/core/runs/query';
import type { Scenario } from '../../src/shared/domain';
import type { TranscriptFilter } from '../../src/shared/transcript-filter';
import { transcriptFilterShape } from '../../src/shared/transcript-filter';
import { z } from 'zod';
import { makeTestDb, type TestDb } from '../helpers/db';
import { seedOutcomes, type SeedJob, type SeedOutcome } from '../helpers/results-seed';

const MINI = { providerId: 'openai' as const, modelId: 'gpt-4o-mini', modelVersion: null };
const FOUR = { providerId: 'openai' as const, modelId: 'gpt-4o', modelVersion: null };

/** gpt-4o refuses every job; mini answers 4 on sample 1 and 2 on sample 2. */
function outcome(job: SeedJob): SeedOutcome {
  if (job.modelKey.endsWith('gpt-4o')) return { kind: 'refusal' };
  const score = job.sample === 1 ? 4 : 2;
  return { kind: 'answer', score, decision: score === 4 ? 'Support' : 'Oppose', reply: `Rating: ${score}` };
}

describe('transcripts by scenario and dimension level', () => {
  let t: TestDb;
  let runId: string;
  let queries: RunQueries;
  let scenarios: Map<string, Scenario>;
  const ids = (filter: TranscriptFilter) => queries.transcripts(runId, 0, 1000, filter).map((r) => r.id);
  const rows = (filter: TranscriptFilter) => queries.transcripts(runId, 0, 1000, filter);
  const level = (scenarioId: string, dimension: string) => scenarios.get(scenarioId)!.dimensions[dimension]!.score;

  beforeEach(async () => {
    t = await makeTestDb();
    runId = t.newRun([MINI, FOUR], { samples: 2 });
    seedOutcomes(t.database.sqlite, runId, outcome);
    queries = new RunQueries(t.database.sqlite);
    scenarios = new Map(t.definitions.scenarios(t.definitionId, 0, 1000).map((s) => [s.id, s]));
  });
  afterEach(() => t.cleanup());

  it('narrows to any of the scenarios named, alone and with a model', () => {
    const everything = rows({});
    const [first, second] = [...new Set(everything.map((r) => r.scenarioId))];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    const both = rows({ scenario: [first!, second!] });
    expect(both.map((r) => r.id)).toEqual(
      everything.filter((r) => r.scenarioId === first || r.scenarioId === second).map((r) => r.id),
    );
    expect(both.length).toBe(2 * 2 * 2); // two scenarios, two models, two samples
    const mini = everything.find((r) => r.modelKey.endsWith('mini'))!.modelKey;
    expect(rows({ scenario: [first!], model: mini }).map((r) => [r.scenarioId, r.modelKey])).toEqual([
      [first, mini],
      [first, mini],
    ]);
    expect(ids({ scenario: ['no-such-scenario'] })).toEqual([]);
    expect(queries.transcriptCount(runId, { scenario: [first!] })).toEqual({ matched: 4, total: everything.length });
  });

  it('narrows to the listed levels of every dimension named', () => {
    const everything = rows({});
    const high = rows({ levels: { Stakes: [2] } });
    expect(high.length).toBeGreaterThan(0);
    expect(high.map((r) => r.id)).toEqual(
      everything.filter((r) => level(r.scenarioId, 'Stakes') === 2).map((r) => r.id),
    );
    expect(ids({ levels: { Stakes: [1, 2] } })).toEqual(everything.map((r) => r.id));
    const highStrong = rows({ levels: { Stakes: [2], Certainty: [2] }, outcome: 'answer' });
    expect(highStrong.map((r) => r.id)).toEqual(
      everything
        .filter((r) => level(r.scenarioId, 'Stakes') === 2 && level(r.scenarioId, 'Certainty') === 2)
        .filter((r) => r.score !== null)
        .map((r) => r.id),
    );
    expect(highStrong.length).toBeGreaterThan(0);
    // With a search too (the search then checks the rows the levels select).
    expect(ids({ levels: { Stakes: [2] }, text: 'rating' })).toEqual(
      everything.filter((r) => level(r.scenarioId, 'Stakes') === 2 && r.score !== null).map((r) => r.id),
    );
    expect(ids({ scenario: [everything[0]!.scenarioId], text: 'rating 4' })).toEqual(
      everything.filter((r) => r.scenarioId === everything[0]!.scenarioId && r.score === 4).map((r) => r.id),
    );
    expect(ids({ levels: { Stakes: [9] } })).toEqual([]);
    expect(ids({ levels: { Nonexistent: [1] } })).toEqual([]);
  });

  it('counts each level under the rest of the filter, leaving out only its own dimension’s choice', () => {
    const everything = rows({});
    const mini = everything.find((r) => r.modelKey.endsWith('mini'))!.modelKey;
    const counts = queries.transcriptLevels(runId, { model: mini, levels: { Stakes: [1] }, sample: 1 });
    expect(counts.map((d) => d.name)).toEqual(['Stakes', 'Certainty']);
    // Stakes' own choice is left out of its counts; Certainty's are under Stakes = 1.
    const ofMini = everything.filter((r) => r.modelKey === mini && r.sample === 1);
    for (const entry of counts[0]!.levels)
      expect(entry.transcripts).toBe(ofMini.filter((r) => level(r.scenarioId, 'Stakes') === entry.score).length);
    for (const entry of counts[1]!.levels)
      expect(entry.transcripts).toBe(
        ofMini.filter((r) => level(r.scenarioId, 'Stakes') === 1 && level(r.scenarioId, 'Certainty') === entry.score)
          .length,
      );
    expect(counts[1]!.levels.map((l) => l.transcripts)).toEqual([1, 1]);
    expect(counts[0]!.levels.map((l) => l.transcripts)).toEqual([2, 2]);
    // Both chosen: each dimension counted under the other's choice only.
    const both = queries.transcriptLevels(runId, { levels: { Stakes: [2], Certainty: [1] } });
    expect(both.map((d) => d.levels.map((l) => l.transcripts))).toEqual([
      [4, 4],
      [4, 4],
    ]);
    expect(counts[0]!.levels.map(({ score, label }) => [score, label])).toEqual([
      [1, 'low'],
      [2, 'high'],
    ]);
    const none = queries.transcriptLevels(runId, { text: 'no such words anywhere' });
    expect(none.flatMap((d) => d.levels.map((l) => l.transcripts))).toEqual([0, 0, 0, 0]);
    expect(() => queries.transcriptLevels('no-run', {})).toThrow(/No run/);
  });

  it('refuses a dimension name no definition allows and an empty list at the boundary', () => {
    const schema = z.object(transcriptFilterShape);
    expect(schema.safeParse({ levels: { 'Stakes"].x': [1] } }).success).toBe(false);
    expect(schema.safeParse({ levels: { Stakes: [] } }).success).toBe(false);
    expect(schema.safeParse({ levels: { Stakes: [1.5] } }).success).toBe(false);
    expect(schema.safeParse({ scenario: [] }).success).toBe(false);
    expect(schema.safeParse({ scenario: ['a', 'b'], levels: { 'Risk level': [1, -1] } }).success).toBe(true);
  });
});
