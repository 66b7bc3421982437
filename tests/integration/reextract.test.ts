/**
 * Unread answers and re-extraction through the real stack: a definition labelled only at its ends is read on its whole
 * range by the Python worker; decisions an older reader could not place are shown loudly (run page data, status,
 * results, the export manifest) and re-extracted from the stored replies without asking the provider again.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { applyDecisionChanges } from '../../src/main/core/store/decisions';
import { startHarness, type CoreHarness } from '../helpers/core';

const ENDS_ONLY = `name: Ends only
preamble: |
  Answer with "Rating: N" on 1-5.
  5 - Strongly support the tenants
  1 - Strongly support the landlord
template: The stakes are [Stakes].
dimensions:
  - name: Stakes
    levels:
      - { score: 1, label: low, options: ["small"] }
      - { score: 2, label: high, options: ["large"] }
`;

describe('unread answers and re-extraction', () => {
  let h: CoreHarness;
  let runId: string;
  const cli = async (...argv: string[]): Promise<{ code: number; out: string[] }> => {
    const out: string[] = [];
    const code = await runCli(['--data-dir', h.dataDir, ...argv], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      env: {},
    });
    return { code, out };
  };

  beforeAll(async () => {
    h = await startHarness();
    const imported = await callRoute(h.core.dispatch, 'definitions.import', { fileName: 'ends.yaml', text: ENDS_ONLY });
    expect(imported.definition.scaleSummary).toBe('1 to 5, labelled at 1 and 5');
    await h.fake.setBehavior({ reply: 'I weighed both sides.\nRating: 3' });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      options: { samples: 3 },
    });
    runId = run.id;
    await h.waitForRun(runId);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('reads an unlabelled middle code of an end-anchored scale', async () => {
    const summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    expect(summary.models[0]).toMatchObject({ decisions: 6, scored: 6, unparseable: 0, meanScore: 3 });
    expect(summary.unread).toEqual([]);
  });

  it('warns loudly when answers went unread, then re-extracts them from the stored replies', async () => {
    const sqlite = h.core.internals.database.sqlite;
    const ids = (sqlite.prepare(`SELECT id FROM transcripts WHERE run_id = ?`).all(runId) as { id: string }[]).map(
      (r) => r.id,
    );
    // What the reader before this fix recorded: every "Rating: 3" unparseable (3 was not a labelled code).
    const lost = ids.map((id) => ({ id, score: null, decision: 'unparseable', parsePath: 'unparseable' }));
    applyDecisionChanges(sqlite, runId, lost, null);
    const before = await callRoute(h.core.dispatch, 'results.effects', { runId });
    expect(before.models[0]!.dimensions[0]!.levels.map((l) => l.mean)).toEqual([null, null]);

    const run = await callRoute(h.core.dispatch, 'runs.get', { id: runId });
    expect(run.unread).toHaveLength(1);
    expect(run.unread[0]).toMatchObject({ modelKey: 'openai:gpt-4o-mini', unparseable: 6, answers: 6, share: 1 });
    expect(run.unread[0]!.examples).toHaveLength(3);
    expect(run.unread[0]!.examples[0]!.excerpt).toBe('I weighed both sides. Rating: 3');
    const status = await cli('status', runId);
    expect(status.out.join('\n')).toMatch(/WARNING unread answers: openai:gpt-4o-mini: 6 of 6 answers \(100 %\)/);
    const results = await cli('results', runId);
    expect(results.out.join('\n')).toMatch(/could not be read, e\.g\. "I weighed both sides\. Rating: 3"/);
    const exported = await callRoute(h.core.dispatch, 'export.csv', { runId });
    const manifest = JSON.parse(readFileSync(exported.manifestPath!, 'utf8')) as {
      unreadAnswers: { unparseable: number }[];
      scale: { summary: string; codes: number[] };
    };
    expect(manifest.unreadAnswers.map((u) => u.unparseable)).toEqual([6]);
    expect(manifest.scale).toEqual({ summary: '1 to 5, labelled at 1 and 5', codes: [1, 2, 3, 4, 5] });

    const requestsBefore = h.fake.gate.arrived;
    const reextract = await cli('reextract', runId);
    expect(reextract.code).toBe(0);
    expect(reextract.out.join('\n')).toMatch(
      /Read 6 stored replies on 1 to 5, labelled at 1 and 5: 6 decisions changed/,
    );
    expect(h.fake.gate.arrived).toBe(requestsBefore);

    const after = await callRoute(h.core.dispatch, 'runs.get', { id: runId });
    expect(after.unread).toEqual([]);
    expect(after.history).toEqual([
      expect.objectContaining({
        kind: 'decisions_reextracted',
        detail: expect.objectContaining({ examined: 6, changed: 6, unparseableBefore: 6, unparseableAfter: 0 }),
      }),
    ]);
    const summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    expect(summary.models[0]).toMatchObject({ scored: 6, unparseable: 0, meanScore: 3 });
    // The analyses are not served from a cache of the decisions before.
    const effects = await callRoute(h.core.dispatch, 'results.effects', { runId });
    expect(effects.models[0]!.dimensions[0]!.levels.map((l) => l.mean)).toEqual([3, 3]);

    const again = await callRoute(h.core.dispatch, 'runs.reextract', { id: runId });
    expect(again).toMatchObject({ examined: 6, changed: 0 });
  });

  it('refuses to re-extract a run that has not finished', async () => {
    h.fake.hold();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: (await callRoute(h.core.dispatch, 'runs.get', { id: runId })).definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o' }],
    });
    await h.fake.waitForHeld(1);
    await expect(callRoute(h.core.dispatch, 'runs.reextract', { id: run.id })).rejects.toMatchObject({
      code: 'RUN_NOT_CONTROLLABLE',
    });
    h.fake.open();
    await h.waitForRun(run.id);
  });
});
