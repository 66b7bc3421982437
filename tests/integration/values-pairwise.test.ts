/**
 * A pairwise study end to end: six values in every pair, both orders, ten samples, sent over real HTTP to a fake
 * model that chooses by set utilities plus a planted preference for the option shown first. The ranking must recover
 * the true order and detect the position bias.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, streamSeed } from '../../src/main/core/analysis/bootstrap';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { ValueRankingReport } from '../../src/shared/values';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';

const TRUTH = { Care: 1.5, Fairness: 0.9, Liberty: 0.3, Loyalty: -0.3, Authority: -0.9, Sanctity: -1.5 };
const NAMES = Object.keys(TRUTH) as (keyof typeof TRUTH)[];
const BIAS = 1;

const yaml = [
  'name: Moral foundations, pairwise',
  'preamble: |',
  '  Which consideration should weigh more? Answer "Rating: 1" for option A or "Rating: 2" for option B.',
  'template: "Option A: [A]. Option B: [B]."',
  'scale:',
  '  - { code: 1, label: Option A }',
  '  - { code: 2, label: Option B }',
  'pairwise:',
  '  values:',
  ...NAMES.map((name) => `    - { name: ${name}, statement: "protect ${name.toLowerCase()}" }`),
  '',
].join('\n');

describe('a pairwise value study', () => {
  let fake: FakeProvider;
  let h: CoreHarness;
  let report: ValueRankingReport;

  beforeAll(async () => {
    // Each prompt's k-th answer is drawn from its own seeded stream, so the answers do not depend on request order.
    const seen = new Map<string, number>();
    const draw = (prompt: string): number => {
      const k = seen.get(prompt) ?? 0;
      seen.set(prompt, k + 1);
      return seededRandom(streamSeed(99, prompt, String(k)))();
    };
    const answer = (prompt: string): string => {
      const match = /Option A: protect (\w+)\. Option B: protect (\w+)\./.exec(prompt);
      if (!match) return 'Rating: 1';
      const utility = (word: string): number => TRUTH[NAMES.find((n) => n.toLowerCase() === word)!];
      const pFirst = 1 / (1 + Math.exp(-(utility(match[1]!) - utility(match[2]!) + BIAS)));
      return `Rating: ${draw(prompt) < pFirst ? 1 : 2}`;
    };
    fake = await startFakeProvider({ answer });
    h = await startHarness({ fake });
    const imported = await callRoute(h.core.dispatch, 'definitions.import', { fileName: 'pairs.yaml', text: yaml });
    expect(imported.definition.scenarioCount).toBe(30);
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      options: { samples: 10 },
    });
    await h.waitForRun(run.id, 120_000);
    report = await callRoute(h.core.dispatch, 'results.values', { runIds: [run.id] });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('recovers the order of the values', () => {
    const [model] = report.models;
    expect(model?.ranking.answers).toBe(300);
    const utilities = NAMES.map((name) => model!.ranking.values[report.values.indexOf(name)]!.utility.estimate);
    // Adjacent true utilities differ by 0.6; the fit keeps at most one neighbouring pair swapped.
    let inversions = 0;
    for (let i = 0; i < utilities.length; i += 1)
      for (let j = i + 1; j < utilities.length; j += 1) if (utilities[i]! < utilities[j]!) inversions += 1;
    expect(inversions).toBeLessThanOrEqual(1);
    expect(report.dilemmas).toEqual([expect.objectContaining({ high: null, low: null })]);
  });

  it('lists the scenarios of each pair in both orders (what a win-matrix cell opens)', () => {
    expect(report.pairScenarios).toHaveLength(15);
    const care = report.values.indexOf('Care');
    const liberty = report.values.indexOf('Liberty');
    const pair = report.pairScenarios.find((p) => p.a === Math.min(care, liberty) && p.b === Math.max(care, liberty));
    expect(pair?.runId).toBe(report.dilemmas[0]?.runId);
    expect([...(pair?.scenarios ?? [])].sort()).toEqual(['P1_3', 'P3_1']);
  });

  it('detects the planted preference for the option shown first', () => {
    const bias = report.models[0]!.ranking.positionBias;
    expect(bias).not.toBeNull();
    expect(bias!.low).toBeGreaterThan(0);
    expect(bias!.firstWins.rate).toBeGreaterThan(0.55);
  });
});
