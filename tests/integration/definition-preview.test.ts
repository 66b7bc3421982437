/**
 * `definitions.preview` through a real core: the draft's count, page and messages equal what an import would store,
 * the cost estimate equals `runs.preview`'s for the same models, the last run's models are the default, the level
 * filter, unknown placeholders and unused dimensions with their lines, syntax errors, the limits and a huge draft.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';
import { SAMPLE_YAML } from '../helpers/db';

const MINI = { providerId: 'openai' as const, modelId: 'gpt-4o-mini', modelVersion: null };

function wide(levelsPerDimension: number, dimensions: number): string {
  const names = Array.from({ length: dimensions }, (_, i) => `D${i}`);
  return stringify({
    name: 'Wide',
    preamble: 'Answer.\n2 - Yes\n1 - No',
    template: names.map((n) => `[${n}]`).join(' '),
    dimensions: names.map((name) => ({
      name,
      levels: Array.from({ length: levelsPerDimension }, (_, i) => ({
        score: i + 1,
        label: `l${i + 1}`,
        options: [`${name} option ${i + 1}`, `${name} other ${i + 1}`],
      })),
    })),
  });
}

describe('definitions.preview', () => {
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    h = await startHarness();
    definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [MINI] });
    await h.waitForRun(run.id);
  });

  afterAll(async () => {
    await h?.stop();
  });

  const preview = (input: Parameters<typeof callRoute<'definitions.preview'>>[2]) =>
    callRoute(h.core.dispatch, 'definitions.preview', input);

  it('matches the stored expansion and the run preview, with the last run models by default', async () => {
    const result = await preview({ text: SAMPLE_YAML, definitionId });
    const stored = await callRoute(h.core.dispatch, 'definitions.scenarios', { definitionId });
    expect(result.ok).toBe(true);
    expect(result.scenarioCount).toBe(4);
    expect(result.modelsSource).toBe('lastRun');
    expect(result.models).toEqual([MINI]);
    expect(result.jobs).toBe(4);
    expect(result.page.rows.map((r) => [r.id, r.dimensions])).toEqual(stored.map((s) => [s.id, s.dimensions]));
    expect(result.selected).toMatchObject({ id: stored[0]?.id, user: stored[0]?.prompt });
    expect(result.selected?.system).toMatch(/^I want your moral judgment/);

    const runPreview = await callRoute(h.core.dispatch, 'runs.preview', { definitionId, models: [MINI] });
    expect(result.estimate).toEqual(runPreview.estimate);
    expect(result.scale).toMatchObject({ ambiguous: false, source: 'preamble_labels' });
    expect(result.scale?.entries.map((e) => e.code)).toEqual([1, 2, 3, 4, 5]);
  });

  it('filters by level, selects a scenario by id and counts samples and given models', async () => {
    const result = await preview({
      text: SAMPLE_YAML,
      models: [MINI, { ...MINI, modelId: 'gpt-4o' }],
      samples: 3,
      filter: { Stakes: 2 },
      selected: 'Stakes2_Certainty2',
    });
    expect(result.modelsSource).toBe('given');
    expect(result.jobs).toBe(4 * 2 * 3);
    expect(result.page.total).toBe(2);
    expect(result.page.rows.map((r) => r.id)).toEqual(['Stakes2_Certainty1', 'Stakes2_Certainty2']);
    expect(result.selected?.id).toBe('Stakes2_Certainty2');
    expect(result.selected?.user).toContain("a signed engineer's report");
    expect(result.estimate?.perModel).toHaveLength(2);
  });

  it('names unknown placeholders with their line and unused dimensions', async () => {
    const text = SAMPLE_YAML.replace('is [Certainty].', 'is [Evidence].');
    const result = await preview({ text });
    expect(result.ok).toBe(false);
    expect(result.unknownPlaceholders).toEqual(['Evidence']);
    expect(result.unusedDimensions).toEqual(['Certainty']);
    expect(result.placeholders).toEqual([
      { name: 'Stakes', known: true },
      { name: 'Evidence', known: false },
    ]);
    const line = text.split('\n').findIndex((l) => l.includes('[Evidence]')) + 1;
    expect(result.errors.find((e) => e.message.includes('[Evidence]'))?.line).toBe(line);
    // Still previewed: the placeholder stays as written in the prompt.
    expect(result.selected?.user).toContain('[Evidence]');
  });

  it('reports a syntax error at its line and nothing else', async () => {
    const result = await preview({ text: 'name: x\ntemplate: [unclosed\n' });
    expect(result.ok).toBe(false);
    expect(result.scenarioCount).toBeNull();
    expect(result.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('flags a scale it cannot find and a large draft, and counts a huge one without expanding it', async () => {
    const noScale = await preview({ text: 'name: x\ntemplate: y\n', models: [MINI] });
    expect(noScale.scale?.ambiguous).toBe(true);
    expect(noScale.scenarioCount).toBe(1);

    const large = await preview({ text: wide(10, 4), models: [MINI] });
    expect(large.large).toBe(true);
    expect(large.warnings.join(' ')).toMatch(/10,000 scenarios/);
    expect(large.estimateApproximate).toBe(false);

    const huge = await preview({ text: wide(10, 5), models: [MINI], offset: 99_990, limit: 20 });
    expect(huge.scenarioCount).toBe(100_000);
    expect(huge.estimateApproximate).toBe(true);
    expect(huge.page.rows.map((r) => r.ordinal)).toEqual(Array.from({ length: 10 }, (_, i) => 99_990 + i));
    expect(huge.estimate?.inputTokens).toBeGreaterThan(100_000);

    const tooMany = await preview({ text: wide(11, 5), models: [MINI] });
    expect(tooMany.scenarioCount).toBe(161_051);
    expect(tooMany.ok).toBe(false);
    expect(tooMany.errors.map((e) => e.message).join(' ')).toMatch(/the limit is 100,000/);
    expect(tooMany.page.rows).toEqual([]);
    expect(tooMany.estimate).toBeNull();
  });

  it('accepts and refuses the same corpus as the importer, the CLI and the JSON Schema', async () => {
    const corpus = join(__dirname, '../fixtures/definitions');
    for (const [folder, valid] of [
      ['valid', true],
      ['invalid', false],
      ['invalid-rules', false],
    ] as const) {
      for (const name of readdirSync(join(corpus, folder))) {
        const result = await preview({ text: readFileSync(join(corpus, folder, name), 'utf8') });
        expect(result.ok, `${folder}/${name}: ${result.errors.map((e) => e.message).join('; ')}`).toBe(valid);
        if (!valid) expect(result.errors.length, `${folder}/${name}`).toBeGreaterThan(0);
      }
    }
  });
});
