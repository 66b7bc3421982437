/**
 * Counterbalancing end to end over real HTTP: a fake model answers a 1–5 dilemma by its need (canonical code = Need
 * score + 1) but leans one step toward whatever the scale lists first. Asked only in the written order, every level
 * mean is biased by −1; with `order: crossed` each scenario is also asked with the scale reversed, the reversed answers
 * are stored as canonical codes (read back from the database and the CSV), the level means and the Need effect come
 * out unbiased, and the position bias is reported as the `order` factor's effect (+2). Wording is crossed too: the
 * model ignores it, and its factor's effect is 0.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { effectsPathFor } from '../../src/main/core/export/effects-sidecar';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { EffectsReport } from '../../src/shared/analysis';
import { many } from '../../src/main/core/store/sql';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';
import { statsPython } from '../helpers/stats-python';

const NEEDS = [
  { score: 1, options: ['asks for directions', 'asks the way'] },
  { score: 2, options: ['has twisted an ankle', 'is limping'] },
  { score: 3, options: ['has collapsed', 'is unconscious'] },
];

function yaml(counterbalance: string): string {
  return [
    `name: Promise or stranger ${counterbalance ? '(counterbalanced)' : '(as written)'}`,
    'preamble: |',
    '  Answer with "Rating: N".',
    '  1 - Keep the promise',
    '  5 - Help the stranger',
    'template: You promised to be on time. On the way a stranger [Need]. What do you do?',
    'dimensions:',
    '  - name: Need',
    '    levels:',
    ...NEEDS.map((n) => `      - { score: ${n.score}, label: need ${n.score}, options: [${n.options.join(', ')}] }`),
    counterbalance,
    '',
  ].join('\n');
}

/** The model: intends Need + 1 on the canonical scale, says it on the scale it sees, one step toward the first line. */
function answer(prompt: string): string {
  const need = NEEDS.find((n) => n.options.some((o) => prompt.includes(o)))?.score ?? 1;
  const reversed = /^\s*1 - Help the stranger/m.test(prompt);
  const intended = need + 1;
  const presented = reversed ? 6 - intended : intended;
  return `I have thought about it. Rating: ${Math.max(1, presented - 1)}`;
}

describe('counterbalanced order and wording in a real run', () => {
  let fake: FakeProvider;
  let h: CoreHarness;

  beforeAll(async () => {
    fake = await startFakeProvider({ answer });
    h = await startHarness({ fake });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  async function runOf(text: string, scenarios: number): Promise<{ runId: string; effects: EffectsReport }> {
    const imported = await callRoute(h.core.dispatch, 'definitions.import', { fileName: 'cb.yaml', text });
    expect(imported.definition.scenarioCount).toBe(scenarios);
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      options: {},
    });
    const done = await h.waitForRun(run.id, 120_000);
    expect(done.status).toBe('completed');
    return { runId: run.id, effects: await callRoute(h.core.dispatch, 'results.effects', { runId: run.id }) };
  }

  const means = (report: EffectsReport, dimension: string): (number | null)[] =>
    report.models[0]!.dimensions.find((d) => d.dimension === dimension)!.levels.map((l) => l.mean);

  it('is biased by the position preference when the order is never varied', async () => {
    const { effects } = await runOf(yaml(''), 3);
    expect(effects.dimensions.map((d) => d.name)).toEqual(['Need']);
    expect(means(effects, 'Need')).toEqual([1, 2, 3]);
  }, 180_000);

  it('with order crossed: canonical codes stored, unbiased Need means, the order effect reported', async () => {
    const { runId, effects } = await runOf(yaml('counterbalance: { wording: cross, order: crossed }'), 3 * 2 * 2);
    expect(effects.dimensions.map((d) => d.name)).toEqual(['Need', 'wording', 'order']);
    expect(means(effects, 'Need')).toEqual([2, 3, 4]);
    const need = effects.models[0]!.dimensions.find((d) => d.dimension === 'Need')!;
    expect(need.effect!.estimate).toBeCloseTo(2, 9);
    const order = effects.models[0]!.dimensions.find((d) => d.dimension === 'order')!;
    expect(means(effects, 'order')).toEqual([2, 4]);
    expect(order.effect!.estimate).toBeCloseTo(2, 9);
    expect(effects.models[0]!.dimensions.find((d) => d.dimension === 'wording')!.effect!.estimate).toBeCloseTo(0, 9);

    // In the database: the reply says the presented code, the decision is the canonical one.
    const rows = many<{ scenarioId: string; wording: string; scaleOrder: string; score: number; decision: string }>(
      h.core.internals.database.sqlite,
      `SELECT scenario_id AS scenarioId, wording, scale_order AS scaleOrder, score, decision, turns_json AS turns
         FROM transcripts WHERE run_id = ? ORDER BY scenario_id`,
      runId,
    ) as { scenarioId: string; wording: string; scaleOrder: string; score: number; decision: string; turns: string }[];
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      const need = Number(/Need(\d)/.exec(row.scenarioId)![1]);
      const turns = JSON.parse(row.turns) as { role: string; content: string }[];
      const said = Number(/Rating: (\d)/.exec(turns.at(-1)!.content)![1]);
      const reversed = row.scenarioId.endsWith('_rev');
      expect(row.scaleOrder).toBe(reversed ? 'reversed' : 'canonical');
      expect(row.wording).toBe(/_w2/.test(row.scenarioId) ? 'w2' : 'w1');
      expect(turns[0]!.content).toContain(reversed ? '1 - Help the stranger' : '1 - Keep the promise');
      expect(row.score).toBe(reversed ? 6 - said : said);
      expect(row.score).toBe(reversed ? need + 2 : need);
      if (row.score === 5) expect(row.decision).toBe('Help the stranger');
      if (row.score === 1) expect(row.decision).toBe('Keep the promise');
    }

    // In the CSV: wording and order columns beside the canonical score.
    const saved = await callRoute(h.core.dispatch, 'export.csv', { runId });
    const csv = parse(readFileSync(saved.path!, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(csv).toHaveLength(12);
    for (const line of csv) {
      const db = rows.find((r) => r.scenarioId === line.scenario_id)!;
      expect([line.wording, line.order, Number(line.score)]).toEqual([db.wording, db.scaleOrder, db.score]);
    }
    expect(csv.filter((l) => l.order === 'reversed')).toHaveLength(6);
    const manifest = JSON.parse(readFileSync(saved.manifestPath!, 'utf8')) as {
      definition: { counterbalance?: unknown };
      columns: string[];
    };
    expect(manifest.definition.counterbalance).toEqual({ wording: 'cross', order: 'crossed' });
    expect(manifest.columns).toEqual(expect.arrayContaining(['wording', 'order']));
    const perScenario = parse(readFileSync(`${saved.path!}.scenarios.csv`, 'utf8'), {
      columns: true,
      bom: true,
    }) as Record<string, string>[];
    expect(perScenario).toHaveLength(12);
    for (const line of perScenario) {
      const db = rows.find((r) => r.scenarioId === line.scenario_id)!;
      expect([line.wording, line.order, Number(line.mode_score)]).toEqual([db.wording, db.scaleOrder, db.score]);
    }

    // The Python script beside the CSV reads wording and order as factors and reproduces the app's AMCEs.
    const python = statsPython();
    if (python) {
      const out = execFileSync(python, [`${saved.path!}.analysis.py`], { encoding: 'utf8' });
      const mine = parse(out, { columns: true }) as Record<string, string>[];
      const app = (
        parse(readFileSync(effectsPathFor(saved.path!), 'utf8'), { columns: true, bom: true }) as Record<
          string,
          string
        >[]
      ).filter((r) => r.kind === 'amce');
      expect(app.map((r) => r.dimension)).toEqual(['Need', 'Need', 'wording', 'order']);
      expect(mine).toHaveLength(app.length);
      for (const row of app) {
        const match = mine.find((m) => m.dimension === row.dimension && Number(m.level) === Number(row.level));
        expect(Math.abs(Number(match!.estimate) - Number(row.estimate))).toBeLessThan(1e-9);
      }
    }

    // Re-extracting reads each reply on the scale its model saw: nothing changes, reversed rows stay canonical.
    const sqlite = h.core.internals.database.sqlite;
    sqlite.prepare(`UPDATE transcripts SET score = NULL, decision = 'unparseable' WHERE run_id = ?`).run(runId);
    const again = await callRoute(h.core.dispatch, 'runs.reextract', { id: runId });
    expect([again.examined, again.changed]).toEqual([12, 12]);
    const after = many<{ scenarioId: string; score: number }>(
      sqlite,
      `SELECT scenario_id AS scenarioId, score FROM transcripts WHERE run_id = ? ORDER BY scenario_id`,
      runId,
    );
    expect(after.map((r) => [r.scenarioId, r.score])).toEqual(rows.map((r) => [r.scenarioId, r.score]));
  }, 180_000);
});
