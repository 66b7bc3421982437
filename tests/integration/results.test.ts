/**
 * Results through the real stack: Python workers answering from the fake provider (refusals, unparseable answers and
 * failures forced), the results routes through dispatch, a re-run with another version compared, and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';

describe('results over a real run', () => {
  let h: CoreHarness;
  let definitionId: string;
  let runId: string;
  let rerunId: string;

  beforeAll(async () => {
    // One job at a time, so the scripted replies meet the scenarios in order.
    h = await startHarness({ scheduler: { concurrency: 1 } });
    definitionId = await h.importSample();
    await h.fake.setBehavior({ replies: ['I must decline to answer.', 'Rating: 2', 'no idea'] });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [
        { providerId: 'openai', modelId: 'gpt-4o-mini' },
        { providerId: 'openai', modelId: 'does-not-exist' },
      ],
    });
    runId = run.id;
    await h.waitForRun(runId);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('summarises refusals, unparseable answers, scores, versions and failures per model', async () => {
    const summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    const [mini, missing] = summary.models;
    expect(mini).toMatchObject({
      modelKey: 'openai:gpt-4o-mini',
      decisions: 4,
      refusals: 1,
      unparseable: 1,
      scored: 2,
      failed: 0,
    });
    expect(mini!.versions).toEqual([{ requested: null, reported: 'gpt-4o-mini-2024-07-18', count: 4 }]);
    expect(mini!.distribution.find((b) => b.code === 2)?.count).toBeGreaterThanOrEqual(1);
    expect(missing).toMatchObject({ modelKey: 'openai:does-not-exist', decisions: 0, failed: 4 });
    expect(missing!.failures).toEqual([expect.objectContaining({ code: 'MODEL_NOT_FOUND', count: 4 })]);

    const page = await callRoute(h.core.dispatch, 'results.scenarios', { runId, limit: 2 });
    expect(page.total).toBe(4);
    expect(page.rows[0]!.cells.map((c) => c.decision ?? c.errorCode)).toEqual(['refusal', 'MODEL_NOT_FOUND']);
    const invalid = await h.core.dispatch('results.scenarios', { runId, limit: 0 });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('re-runs with another version, relates the runs and compares them', async () => {
    await h.fake.setBehavior({ reply: 'Rating: 1' });
    const rerun = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: 'gpt-4o-mini-2024-09-01' }],
      parentRunId: runId,
    });
    rerunId = rerun.id;
    await h.waitForRun(rerunId);

    const related = await callRoute(h.core.dispatch, 'runs.related', { id: rerunId });
    expect(related.parent?.id).toBe(runId);
    expect((await callRoute(h.core.dispatch, 'runs.related', { id: runId })).children.map((c) => c.id)).toEqual([
      rerunId,
    ]);

    const comparison = await callRoute(h.core.dispatch, 'results.compare', { runA: runId, runB: rerunId });
    const pair = comparison.models.find((m) => m.label === 'openai:gpt-4o-mini');
    expect(pair?.b?.versions).toEqual([
      { requested: 'gpt-4o-mini-2024-09-01', reported: 'gpt-4o-mini-2024-09-01', count: 4 },
    ]);
    expect(comparison.models.find((m) => m.label === 'openai:does-not-exist')?.b).toBeNull();
    expect(comparison.comparedTotal).toBe(4);
    // Refusal, 2, unparseable and the default answer all differ from "1" unless the default also said 1.
    expect(comparison.flippedTotal).toBeGreaterThanOrEqual(3);
    expect(comparison.flipped.map((f) => f.scenarioId)).toContain('Stakes1_Certainty1');
  });

  it('prints the summary and the dashboard list from the CLI', async () => {
    const cli = async (...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['--data-dir', h.dataDir, ...argv], {
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { OPENAI_API_KEY: 'test-key' },
        coreOptions: { scheduler: FAST_SCHEDULER, workerCount: 1 },
      });
      return { code, out, err };
    };
    const text = await cli('results', runId);
    expect(text.code).toBe(0);
    const joined = text.out.join('\n');
    expect(joined).toContain('openai:gpt-4o-mini');
    expect(joined).toMatch(/4 answers, 2 scored \(1 refusals, 1 unparseable\)/);
    expect(joined).toMatch(/openai:does-not-exist\n {2}versions: none \(no answers\)/);
    expect(joined).toMatch(/failed ×4 MODEL_NOT_FOUND/);
    expect(joined).toContain('gpt-4o-mini-2024-07-18 ×4');

    const json = await cli('results', runId, '--json');
    expect(JSON.parse(json.out[0]!)).toMatchObject({ runId, totalDecisions: 4 });

    const runs = await cli('runs', '--json');
    expect((JSON.parse(runs.out[0]!) as { id: string }[]).map((r) => r.id)).toEqual([rerunId, runId]);
    const listed = await cli('runs', '--status', 'completed_with_errors');
    expect(listed.out).toHaveLength(1);
    expect(listed.out[0]).toContain(runId);
    expect((await cli('runs', '--status', 'paused')).out).toEqual(['No runs with status paused.']);
    expect((await cli('runs', '--status', 'bogus')).code).toBe(64);
    expect((await cli('results', 'run_missing')).code).toBe(1);
  });
});
