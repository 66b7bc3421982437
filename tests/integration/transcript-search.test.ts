/**
 * Transcript filters and full-text search on a real SQLite file: every filter alone and combined, the FTS5 index kept
 * by triggers on insert, delete (a deleted run) and changed turns, words in any case or accent, phrases and prefixes,
 * and search text that looks like FTS5 syntax read as plain words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunQueries } from '../../src/main/core/runs/query';
import { overrideDecision } from '../../src/main/core/store/overrides';
import { deleteRun } from '../../src/main/core/store/run-manage';
import { ftsQuery } from '../../src/main/core/store/transcript-search';
import type { TranscriptFilter } from '../../src/shared/transcript-filter';
import { makeTestDb, type TestDb } from '../helpers/db';
import { seedOutcomes, type SeedJob, type SeedOutcome } from '../helpers/results-seed';

const MINI = { providerId: 'openai' as const, modelId: 'gpt-4o-mini', modelVersion: null };
const FOUR = { providerId: 'openai' as const, modelId: 'gpt-4o', modelVersion: null };

/**
 * Model "mini" reasons about fairness (sample 1, Support) or the Café (sample 2, Oppose); "gpt-4o" refuses one job
 * in four, leaves one unparseable and otherwise answers as mini's sample 1.
 */
function outcomes(): (job: SeedJob) => SeedOutcome {
  let asked = 0;
  return (job) => (job.modelKey.endsWith('gpt-4o') ? fromFour((asked += 1)) : answer(job));
}

function fromFour(nth: number): SeedOutcome {
  return nth % 4 === 0 ? { kind: 'refusal' } : nth % 4 === 1 ? { kind: 'unparseable' } : answerOf(1);
}

function answer(job: SeedJob): SeedOutcome {
  return answerOf(job.sample);
}

function answerOf(sample: number): SeedOutcome {
  const reply =
    sample === 1
      ? `Fairness to the TENANTS matters most here.\nRating: 4`
      : `The café owner's "hard choice" is utilitarian at heart.\nRating: 2`;
  const score = sample === 1 ? 4 : 2;
  return { kind: 'answer', score, decision: score === 4 ? 'Support' : 'Oppose', reply };
}

describe('transcript filters and search', () => {
  let t: TestDb;
  let runId: string;
  let queries: RunQueries;
  const all = (filter: TranscriptFilter) => queries.transcripts(runId, 0, 1000, filter);

  beforeEach(async () => {
    t = await makeTestDb();
    runId = t.newRun([MINI, FOUR], { samples: 2 });
    seedOutcomes(t.database.sqlite, runId, outcomes());
    queries = new RunQueries(t.database.sqlite);
  });
  afterEach(() => t.cleanup());

  it('narrows by model, decision, outcome, sample and source, alone and together, and counts what matches', () => {
    const everything = all({});
    expect(everything.length).toBeGreaterThan(8);
    const models = new Set(everything.map((r) => r.modelKey));
    const mini = [...models].find((m) => m.endsWith('mini'))!;
    expect(models.size).toBe(2);

    const ofMini = all({ model: mini });
    expect(ofMini.length).toBe(everything.filter((r) => r.modelKey === mini).length);
    expect(ofMini.every((r) => r.modelKey === mini)).toBe(true);

    const refusals = all({ outcome: 'refusal' });
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals.every((r) => r.decision === 'refusal')).toBe(true);
    const unparseable = all({ outcome: 'unparseable' });
    expect(unparseable.every((r) => r.decision === 'unparseable' && r.score === null)).toBe(true);
    const answers = all({ outcome: 'answer' });
    expect(answers.every((r) => r.score !== null)).toBe(true);
    expect(refusals.length + unparseable.length + answers.length).toBe(everything.length);

    expect(all({ score: 2 }).map((r) => r.id)).toEqual(all({ decision: 'Oppose' }).map((r) => r.id));
    expect(all({ decision: 'Oppose' }).every((r) => r.decision === 'Oppose' && r.sample === 2)).toBe(true);
    expect(all({ sample: 2, model: mini }).map((r) => r.decision)).toEqual(
      everything.filter((r) => r.sample === 2 && r.modelKey === mini).map(() => 'Oppose'),
    );

    const coded = refusals[0]!;
    overrideDecision(t.database.sqlite, coded.id, { score: 3, decision: 'Neutral', note: null, at: 'now' });
    expect(all({ source: 'override' }).map((r) => r.id)).toEqual([coded.id]);
    expect(all({ source: 'extracted' }).length).toBe(everything.length - 1);
    expect(all({ outcome: 'refusal' }).length).toBe(refusals.length - 1);

    expect(queries.transcriptCount(runId, { model: mini, sample: 1 })).toEqual({
      matched: everything.filter((r) => r.modelKey === mini && r.sample === 1).length,
      total: everything.length,
    });
  });

  it('pages the matches in the run page order', () => {
    const matches = all({ text: 'rating' });
    const pages = [0, 3, 6, 9, 12, 15].flatMap((offset) => queries.transcripts(runId, offset, 3, { text: 'rating' }));
    expect(pages.map((r) => r.id)).toEqual(matches.map((r) => r.id));
    const key = (r: { scenarioId: string; modelKey: string; sample: number }) => [r.scenarioId, r.modelKey, r.sample];
    const byKey = (a: (typeof matches)[number], b: (typeof matches)[number]) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
    expect(matches.map((r) => r.id)).toEqual([...matches].sort(byKey).map((r) => r.id));
  });

  it('finds words of the answer in any case and accent, phrases, prefixes, and all words at once', () => {
    const sample1 = all({ decision: 'Support' }).map((r) => r.id);
    const sample2 = all({ decision: 'Oppose' }).map((r) => r.id);
    expect(sample1.length).toBeGreaterThan(0);
    expect(sample2.length).toBeGreaterThan(0);
    expect(all({ text: 'tenants' }).map((r) => r.id)).toEqual(sample1);
    expect(all({ text: 'CAFE' }).map((r) => r.id)).toEqual(sample2);
    expect(all({ text: 'utilitar*' }).map((r) => r.id)).toEqual(sample2);
    expect(all({ text: '"hard choice"' }).map((r) => r.id)).toEqual(sample2);
    expect(all({ text: '"choice hard"' })).toEqual([]);
    expect(all({ text: 'fairness utilitarian' })).toEqual([]);
    expect(all({ text: 'fairness tenants' }).map((r) => r.id)).toEqual(sample1);
    // The prompt and the preamble are not the answer.
    expect(all({ text: 'preamble' })).toEqual([]);
    expect(all({ text: 'decline' }).map((r) => r.decision)).toEqual(all({ outcome: 'refusal' }).map(() => 'refusal'));
    expect(queries.transcriptCount(runId, { text: 'tenants', model: 'nobody' })).toMatchObject({ matched: 0 });
  });

  it('reads FTS5 syntax in the search text as plain words, and ignores a search with no words', () => {
    expect(ftsQuery('answer: NEAR(a b) AND "x')).toBe('"answer:" "NEAR(a" "b)" "AND" """x"');
    expect(ftsQuery('  ')).toBeNull();
    expect(ftsQuery('* -- ?')).toBeNull();
    expect(ftsQuery('café* "two words"')).toBe('"café"* "two words"');
    expect(all({ text: 'tenants OR café' })).toEqual([]);
    expect(all({ text: 'matters: NOT' })).toEqual([]);
    expect(all({ text: '-- ?' }).length).toBe(all({}).length);
  });

  it('keeps the index with the rows: a changed reply is found by its new words, a deleted run leaves nothing', () => {
    const [first] = all({ text: 'tenants' });
    t.database.sqlite
      .prepare(`UPDATE transcripts SET turns_json = ? WHERE id = ?`)
      .run(JSON.stringify([{ role: 'assistant', content: 'A reply about lighthouses.' }]), first!.id);
    expect(all({ text: 'lighthouses' }).map((r) => r.id)).toEqual([first!.id]);
    expect(all({ text: 'tenants' }).map((r) => r.id)).not.toContain(first!.id);

    const indexed = () =>
      (
        t.database.sqlite
          .prepare(
            `SELECT count(*) AS n FROM transcripts_fts WHERE transcripts_fts MATCH 'rating OR lighthouses OR decline OR idea'`,
          )
          .get() as { n: number }
      ).n;
    expect(indexed()).toBe(all({}).length);
    deleteRun(t.database.sqlite, runId);
    expect(indexed()).toBe(0);
  });
});
