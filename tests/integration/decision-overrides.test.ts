/**
 * Decisions coded by hand through the real stack: the override replaces a wrong or unparseable extraction in results,
 * analyses, counters and exports; the reader's decision is kept and comes back on clear; a re-extraction never
 * replaces a hand decision.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';

const DEFINITION = `name: Hand coding
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

describe('decisions coded by hand', () => {
  let h: CoreHarness;
  let runId: string;
  let low: string;
  let high: string;
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
  /** The run's decision counters equal a fresh count of its transcripts. */
  const countersMatch = (): void => {
    const sqlite = h.core.internals.database.sqlite;
    const kept = sqlite
      .prepare(
        `SELECT decision, parse_path AS p, score, n FROM run_decision_counts WHERE run_id = ? AND n > 0
          ORDER BY decision, p, score`,
      )
      .all(runId);
    const fresh = sqlite
      .prepare(
        `SELECT decision, parse_path AS p, score, COUNT(*) AS n FROM transcripts WHERE run_id = ?
          GROUP BY decision, parse_path, score ORDER BY decision, p, score`,
      )
      .all(runId);
    expect(kept).toEqual(fresh);
  };

  beforeAll(async () => {
    h = await startHarness();
    const imported = await callRoute(h.core.dispatch, 'definitions.import', { fileName: 'h.yaml', text: DEFINITION });
    await h.fake.setBehavior({ reply: 'Weighing it.\nRating: 3' });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
    });
    runId = run.id;
    await h.waitForRun(runId);
    const page = await callRoute(h.core.dispatch, 'runs.transcripts', { runId });
    expect(page).toHaveLength(2);
    const scenarios = await callRoute(h.core.dispatch, 'definitions.scenarios', {
      definitionId: imported.definition.id,
    });
    const levelOf = (scenarioId: string): string =>
      String(scenarios.find((s) => s.id === scenarioId)!.dimensions['Stakes']?.label);
    low = page.find((t) => levelOf(t.scenarioId) === 'low')!.id;
    high = page.find((t) => levelOf(t.scenarioId) === 'high')!.id;
  });

  afterAll(async () => {
    await h.stop();
  });

  it('replaces the reader decision in results, analyses and counters, keeping the original', async () => {
    const t = await callRoute(h.core.dispatch, 'transcripts.override', { id: high, score: 5, note: 'misread' });
    expect(t).toMatchObject({
      score: 5,
      decision: 'Strongly support the tenants',
      parsePath: 'override',
      decisionSource: 'override',
    });
    expect(t.override).toMatchObject({
      note: 'misread',
      extracted: { score: 3, decision: '3', parsePath: 'explicit_rating' },
    });
    const page = await callRoute(h.core.dispatch, 'runs.transcripts', { runId });
    expect(page.find((p) => p.id === high)!.decisionSource).toBe('override');
    expect(page.find((p) => p.id === low)!.decisionSource).toBe('extracted');
    const summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    expect(summary.models[0]).toMatchObject({ decisions: 2, scored: 2, meanScore: 4 });
    const effects = await callRoute(h.core.dispatch, 'results.effects', { runId });
    expect(effects.models[0]!.dimensions[0]!.levels.map((l) => l.mean)).toEqual([3, 5]);
    countersMatch();
    expect((await callRoute(h.core.dispatch, 'runs.get', { id: runId })).history).toEqual([]);
  });

  it('refuses a score off the scale and an ambiguous request', async () => {
    await expect(callRoute(h.core.dispatch, 'transcripts.override', { id: low, score: 9 })).rejects.toMatchObject({
      code: 'VALIDATION',
    });
    await expect(
      callRoute(h.core.dispatch, 'transcripts.override', { id: low, score: 2, refusal: true }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    expect((await cli('transcripts', 'override', low)).code).toBe(64);
    expect((await callRoute(h.core.dispatch, 'transcripts.get', { id: low })).decisionSource).toBe('extracted');
  });

  it('codes a refusal and clears it from the CLI', async () => {
    const refused = await cli('transcripts', 'override', low, '--refusal', '--note', 'declined politely');
    expect(refused).toMatchObject({ code: 0, out: ['override'] });
    let summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    expect(summary.models[0]).toMatchObject({ scored: 1, refusals: 1, meanScore: 5 });
    countersMatch();
    const cleared = await cli('transcripts', 'override', low, '--clear');
    expect(cleared).toMatchObject({ code: 0, out: ['extracted'] });
    expect(await callRoute(h.core.dispatch, 'transcripts.get', { id: low })).toMatchObject({
      score: 3,
      decision: '3',
      parsePath: 'explicit_rating',
      decisionSource: 'extracted',
      override: null,
    });
    summary = await callRoute(h.core.dispatch, 'results.summary', { runId });
    expect(summary.models[0]).toMatchObject({ scored: 2, refusals: 0, meanScore: 4 });
    countersMatch();
  });

  it('is never replaced by a re-extraction', async () => {
    const detail = await callRoute(h.core.dispatch, 'runs.reextract', { id: runId });
    expect(detail).toMatchObject({ examined: 1, changed: 0 });
    expect(await callRoute(h.core.dispatch, 'transcripts.get', { id: high })).toMatchObject({
      score: 5,
      decisionSource: 'override',
    });
    countersMatch();
  });

  it('exports carry decision_source in CSV and JSON Lines', async () => {
    expect((await cli('export', runId, '--out', 'out.csv')).code).toBe(0);
    const csv = readFileSync(join(h.dataDir, 'out.csv'), 'utf8');
    const header = csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]!
      .split(',');
    expect(header).toContain('decision_source');
    expect(csv).toMatch(/,override(,|\r?\n)/);
    expect(csv).toMatch(/,extracted(,|\r?\n)/);
    expect((await cli('export', runId, '--out', 'out.jsonl', '--format', 'jsonl')).code).toBe(0);
    const lines = readFileSync(join(h.dataDir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { transcript_id: string; decision_source: string; score: number });
    expect(lines.find((l) => l.transcript_id === high)).toMatchObject({ decision_source: 'override', score: 5 });
    expect(lines.find((l) => l.transcript_id === low)).toMatchObject({ decision_source: 'extracted', score: 3 });
  });
});
