/**
 * `cli transcripts RUN` over a run executed by the real stack (scheduler, Python worker, fake provider on loopback):
 * the answers the scheduler wrote are searchable at once (the FTS5 triggers), and every filter flag narrows the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { Scenario } from '../../src/shared/domain';
import { startHarness, type CoreHarness } from '../helpers/core';

describe('cli transcripts RUN', () => {
  let h: CoreHarness;
  let runId: string;
  let scenarios: Scenario[];
  const cli = async (...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', h.dataDir, ...argv], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: { INIT_CWD: h.dataDir },
    });
    return { code, out, err };
  };

  beforeAll(async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    scenarios = await callRoute(h.core.dispatch, 'definitions.scenarios', { definitionId });
    // One answer per request, in arrival order: two refusals, one unreadable, the rest weigh the tenants.
    await h.fake.setBehavior({
      reply: 'The tenants come first.\nRating: 4',
      replies: ['I must decline to answer that.', 'I must decline to answer that.', 'Perhaps, perhaps not.'],
    });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
    });
    runId = run.id;
    const done = await h.waitForRun(runId);
    expect(done.progress.completed).toBe(scenarios.length);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('lists every transcript, then only those that match each filter', async () => {
    const all = await cli('transcripts', runId);
    expect(all.code).toBe(0);
    const total = all.out.length;
    expect(total).toBeGreaterThan(3);
    expect(all.err.at(-1)).toBe(`${total} of ${total} transcripts match`);
    expect(all.out[0]!.split('\t')).toHaveLength(7);

    const tenants = await cli('transcripts', runId, '--grep', 'TENANTS first');
    expect(tenants.out).toHaveLength(total - 3);
    expect(tenants.out.every((line) => line.split('\t')[3] === '4')).toBe(true);
    expect(tenants.err.at(-1)).toBe(`${total - 3} of ${total} transcripts match`);

    const refusals = await cli('transcripts', runId, '--outcome', 'refusal', '--json');
    const rows = refusals.out.map((line) => JSON.parse(line) as { decision: string; modelKey: string });
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.decision === 'refusal')).toBe(true);
    expect((await cli('transcripts', runId, '--grep', 'decline', '--outcome', 'refusal')).out).toHaveLength(2);
    expect((await cli('transcripts', runId, '--outcome', 'unparseable')).out).toHaveLength(1);
    expect((await cli('transcripts', runId, '--decision', 'refusal')).out).toHaveLength(2);
    expect((await cli('transcripts', runId, '--decision', '4')).out).toHaveLength(total - 3);
    expect((await cli('transcripts', runId, '--decision', '2')).out).toHaveLength(0);
    expect((await cli('transcripts', runId, '--model', rows[0]!.modelKey)).out).toHaveLength(total);
    expect((await cli('transcripts', runId, '--model', 'openai:gpt-4o')).out).toHaveLength(0);
    expect((await cli('transcripts', runId, '--source', 'override')).out).toHaveLength(0);
    expect((await cli('transcripts', runId, '--grep', 'landlord')).err.at(-1)).toBe(`0 of ${total} transcripts match`);
  });

  it('narrows by scenario and by dimension level (score or label), any level of every dimension given', async () => {
    const scenarioOf = (line: string) => line.split('\t')[0]!;
    const having = (dim: string, score: number) =>
      scenarios.filter((s) => s.dimensions[dim]?.score === score).map((s) => s.id);
    const high = await cli('transcripts', runId, '--level', 'Stakes=high');
    expect(high.code).toBe(0);
    expect(high.out.map(scenarioOf).sort()).toEqual(having('Stakes', 2).sort());
    expect((await cli('transcripts', runId, '--level', 'stakes=2')).out).toEqual(high.out);
    const both = await cli('transcripts', runId, '--level', 'Stakes=high', '--level', 'Certainty=1');
    const truth = having('Stakes', 2).filter((id) => having('Certainty', 1).includes(id));
    expect(both.out.map(scenarioOf).sort()).toEqual(truth.sort());
    expect(both.err.at(-1)).toBe(`${truth.length} of ${scenarios.length} transcripts match`);
    const anyStakes = await cli('transcripts', runId, '--level', 'Stakes=low', '--level', 'Stakes=high');
    expect(anyStakes.out).toHaveLength(scenarios.length);

    const [a, b] = scenarios;
    const two = await cli('transcripts', runId, '--scenario', a!.id, '--scenario', b!.id, '--json');
    expect(two.out.map((line) => (JSON.parse(line) as { scenarioId: string }).scenarioId).sort()).toEqual(
      [a!.id, b!.id].sort(),
    );
  });

  it('refuses a level the run does not have, naming what it has', async () => {
    const noDim = await cli('transcripts', runId, '--level', 'Mood=1');
    expect(noDim.code).toBe(64);
    expect(noDim.err[0]).toContain('its dimensions: Stakes, Certainty');
    const noLevel = await cli('transcripts', runId, '--level', 'Stakes=extreme');
    expect(noLevel.code).toBe(64);
    expect(noLevel.err[0]).toContain('its levels: 1 (low), 2 (high)');
    expect((await cli('transcripts', runId, '--level', 'Stakes')).err[0]).toContain('--level takes DIMENSION=LEVEL');
  });

  it('refuses an unknown outcome or source, and a missing run id', async () => {
    const bad = await cli('transcripts', runId, '--outcome', 'maybe');
    expect(bad.code).toBe(64);
    expect(bad.err[0]).toContain('--outcome must be one of answer, refusal, unparseable');
    expect((await cli('transcripts', runId, '--source', 'hand')).code).toBe(64);
    expect((await cli('transcripts')).code).toBe(64);
    const missing = await cli('transcripts', 'run_nope');
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toContain('NOT_FOUND');
  });
});
