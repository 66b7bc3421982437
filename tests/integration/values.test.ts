/**
 * Value priorities end to end (issue 25): three dilemmas, each pitting two of three values against each other on a
 * 1-5 scale, run against two models over real HTTP to the fake provider, whose answers follow set utilities (model A
 * puts housing first, model B puts it last). A study of those runs must rank the values in each model's true order,
 * find the order reversed between the models, and leave out a run whose definition names no values.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { ValueRankingReport } from '../../src/shared/values';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { answer, PAIRS, startValueRuns, UTILITY, VALUE_MODELS } from '../helpers/values-study';

describe('value priorities over a study', () => {
  let fake: FakeProvider;
  let h: CoreHarness;
  let report: ValueRankingReport;
  const runIds: string[] = [];
  const models = VALUE_MODELS;

  beforeAll(async () => {
    fake = await startFakeProvider({ answer, models: ['model-a', 'model-b'] });
    h = await startHarness({ fake });
    for (const id of await startValueRuns(h.core)) runIds.push((await h.waitForRun(id)).id);
    const plain = await h.importSample();
    const plainRun = await callRoute(h.core.dispatch, 'runs.create', { definitionId: plain, models: [models[0]!] });
    runIds.push((await h.waitForRun(plainRun.id)).id);
    const study = await callRoute(h.core.dispatch, 'studies.create', { name: 'Housing vs property', runIds });
    report = await callRoute(h.core.dispatch, 'studies.ranking', { id: study.id });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it("ranks each model's values in its true order", () => {
    expect([...report.values].sort()).toEqual(['Housing', 'Privacy', 'Property']);
    for (const entry of report.models) {
      const truth = UTILITY[entry.model.modelId]!;
      const byRank = [...entry.ranking.values].sort((a, b) => a.rank - b.rank).map((v) => report.values[v.value]);
      expect(byRank).toEqual(Object.keys(truth).sort((a, b) => truth[b]! - truth[a]!));
      // 3 dilemmas x 3 scenarios x 2 samples, each value at stake in two of the dilemmas.
      expect(entry.ranking.answers).toBe(18);
      for (const v of entry.ranking.values) expect(v.atStake).toBe(12);
    }
  });

  it('finds the order reversed between the two models', () => {
    expect(report.comparison?.tau?.estimate).toBe(-1);
    const housing = report.values.indexOf('Housing');
    const change = report.comparison?.changes.find((c) => c.value === housing);
    expect(Math.sign(change?.difference.estimate ?? 0)).toBe(report.comparison?.a === 'openai:model-a' ? -1 : 1);
  });

  it('leaves out a run whose definition names no values, saying why', () => {
    expect(report.skipped).toHaveLength(1);
    expect(report.dilemmas.map((d) => [report.values[d.high!], report.values[d.low!]])).toEqual(
      PAIRS.map((p) => [...p]),
    );
    expect(report.skipped[0]?.reason).toMatch(/which value each end of the scale serves/);
    expect(report.method).toMatchObject({ model: 'bradley-terry', multiplicity: 'holm' });
  });

  it('prints the same ranking on the command line', async () => {
    const cli = cliRunner(() => ({ OPENAI_API_KEY: 'test-key' }), ['--data-dir', h.dataDir]);
    const values = await cli('results', ...runIds.slice(0, 3), '--values');
    expect(values.code).toBe(0);
    const text = values.out.join('\n');
    expect(text).toMatch(/openai:model-a .*18 answers over 9 scenarios/);
    expect(text).toMatch(/ 1\. Housing\s+utility\s+\d\.\d\d \[/);
    expect(text).toMatch(/Kendall τ -1\.00/);
    const [study] = await callRoute(h.core.dispatch, 'studies.list', {});
    const shown = await cli('study', 'show', study!.id, '--json');
    expect(shown.code).toBe(0);
    const parsed = JSON.parse(shown.out.join('')) as { runs: unknown[]; ranking: ValueRankingReport };
    expect(parsed.runs).toHaveLength(4);
    expect(parsed.ranking.models.map((m) => m.ranking.values.map((v) => v.rank))).toEqual(
      report.models.map((m) => m.ranking.values.map((v) => v.rank)),
    );
    const created = await cli('study', 'create', 'From the CLI', '--run', runIds[0]!, '--notes', 'one run');
    expect(created.code).toBe(0);
    const listed = await cli('study', 'list');
    expect(listed.out.join('\n')).toMatch(/From the CLI {2}1 run, 0 definitions/);
    await cli('study', 'delete', created.out.at(-1)!);
    const exported = await cli('study', 'export', study!.id, '--out', join(h.dataDir, 'values.csv'));
    expect(exported.code).toBe(0);
    expect(exported.out.map((p) => basename(p))).toEqual([
      'values.csv',
      'values.pairs.csv',
      'values.csv.manifest.json',
    ]);
    const rows = parse(readFileSync(join(h.dataDir, 'values.csv'), 'utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(6);
    const top = rows.find((r) => r.model_key === 'openai:model-a' && r.rank === '1');
    expect(top?.value).toBe('Housing');
    expect(Number(top?.utility)).toBeCloseTo(
      report.models[0]!.ranking.values[report.values.indexOf('Housing')]!.utility.estimate,
      12,
    );
    const pairs = parse(readFileSync(join(h.dataDir, 'values.pairs.csv'), 'utf8'), { bom: true, columns: true });
    expect(pairs).toHaveLength(6);
    const manifest = JSON.parse(readFileSync(join(h.dataDir, 'values.csv.manifest.json'), 'utf8')) as {
      method: { seed: number };
      runIds: string[];
    };
    expect(manifest.method.seed).toBe(report.method.seed);
    expect(manifest.runIds).toHaveLength(4);
    const bad = await cli('study', 'frobnicate');
    expect(bad.code).toBe(64);
  });

  it('manages the study and its members', async () => {
    const [study] = await callRoute(h.core.dispatch, 'studies.list', {});
    expect(study).toMatchObject({ name: 'Housing vs property', runCount: 4 });
    const detail = await callRoute(h.core.dispatch, 'studies.get', { id: study!.id });
    expect(detail.definitions).toHaveLength(4);
    expect(detail.models).toHaveLength(2);
    const renamed = await callRoute(h.core.dispatch, 'studies.update', { id: study!.id, notes: 'v2 models' });
    expect(renamed.notes).toBe('v2 models');
    const fewer = await callRoute(h.core.dispatch, 'studies.members', {
      id: study!.id,
      kind: 'runs',
      remove: [detail.runs[3]!.id],
    });
    expect(fewer.runCount).toBe(3);
    const listed = await callRoute(h.core.dispatch, 'runs.list', { studyId: study!.id });
    expect(listed.map((r) => r.id).sort()).toEqual(runIds.slice(0, 3).sort());
    await expect(
      callRoute(h.core.dispatch, 'studies.members', { id: study!.id, kind: 'runs', add: ['no-such-run'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      callRoute(h.core.dispatch, 'studies.create', { name: 'Broken', runIds: ['no-such-run'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await callRoute(h.core.dispatch, 'studies.list', {})).map((s) => s.name)).toEqual(['Housing vs property']);
    await callRoute(h.core.dispatch, 'studies.delete', { id: study!.id });
    expect(await callRoute(h.core.dispatch, 'studies.list', {})).toEqual([]);
  });
});
