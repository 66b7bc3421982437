/**
 * Issue 23 #7 in a real browser: the run page's transcript filter bar narrows the table by words of the answer (the
 * core's full-text search), decision, model and who coded the decision; the count says how many match; the filters
 * live in the address (kept across a reload); no match offers to clear them. Dimension levels with their counts, and the
 * scenarios an address names.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, SAMPLE_DEFINITION, waitForRunEnd, type BrowserApp } from '../helpers/browser';

describe('filtering and searching a run’s transcripts in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let runId = '';
  let defId = '';
  const definitionId = () => defId;
  const rows = () => page.getByTestId('transcript-row');
  const count = () => page.getByTestId('transcript-count');

  beforeAll(async () => {
    // One reply per request in arrival order: a refusal, an unreadable answer, then every other answer a 4.
    app = await launchBrowserApp({
      fake: {
        latencyMs: 5,
        reply: 'The tenants come first here.\nRating: 4',
        replies: ['I must decline to answer that.', 'Perhaps, perhaps not.'],
      },
      core: { scheduler: { pollMs: 50 } },
    });
    page = app.page;
    await page.setViewportSize({ width: 1024, height: 700 });
    const { definition } = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId: definition.id,
      models: [
        { providerId: 'openai', modelId: 'gpt-4o-mini' },
        { providerId: 'openai', modelId: 'gpt-4o' },
      ],
    });
    runId = run.id;
    defId = definition.id;
    await waitForRunEnd(app.core, runId);
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/runs/${runId}`);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('searches the answers’ words and keeps the search in the address across a reload', async () => {
    await expect.poll(() => count().innerText()).toBe('8 transcripts');
    expect(await rows().count()).toBe(8);
    await page.getByTestId('transcript-search').fill('DECLINE');
    await expect.poll(() => count().innerText()).toBe('1 of 8 transcripts match');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().innerText()).toContain('refusal');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/runs/${runId}?q=DECLINE`);

    await page.reload();
    await expect.poll(() => count().innerText()).toBe('1 of 8 transcripts match');
    expect(await page.getByTestId('transcript-search').inputValue()).toBe('DECLINE');
    expect(await rows().count()).toBe(1);
  });

  it('narrows by decision and model, and offers to clear filters when none match', async () => {
    await page.getByTestId('transcript-filter-clear').click();
    await expect.poll(() => count().innerText()).toBe('8 transcripts');
    await page.getByTestId('transcript-decision-filter').selectOption('answer');
    await expect.poll(() => count().innerText()).toBe('6 of 8 transcripts match');
    await page.getByTestId('transcript-decision-filter').selectOption('unparseable');
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByTestId('transcript-decision-filter').selectOption('score:4');
    await expect.poll(() => rows().count()).toBe(6);
    await page.getByTestId('transcript-model-filter').selectOption('openai:gpt-4o');
    await expect.poll(() => count().innerText()).toMatch(/^\d of 8 transcripts match$/);
    const shown = await rows().allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((text) => text.includes('gpt-4o') && !text.includes('gpt-4o-mini'))).toBe(true);

    await page.getByTestId('transcript-search').fill('lighthouse');
    await page.getByTestId('transcripts-none-match').waitFor();
    await page.getByTestId('transcripts-none-match').getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(8);
    expect(await page.getByTestId('transcript-search').inputValue()).toBe('');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/runs/${runId}`);
  });

  it('shows only the decisions coded by hand', async () => {
    const [first] = await callRoute(app!.core.dispatch, 'runs.transcripts', { runId, outcome: 'unparseable' });
    await callRoute(app!.core.dispatch, 'transcripts.override', { id: first!.id, score: 2 });
    await page.getByTestId('transcript-source-filter').selectOption('override');
    await expect.poll(() => count().innerText()).toBe('1 of 8 transcripts match');
    expect(await rows().first().getAttribute('data-transcript-id')).toBe(first!.id);
  });

  it('narrows by dimension level with each level’s count, and by the scenarios an address names', async () => {
    await page.getByTestId('transcript-filter-clear').click();
    await expect.poll(() => count().innerText()).toBe('8 transcripts');
    const stakes = page.getByTestId('transcript-level-filter-Stakes');
    await expect.poll(() => stakes.locator('option').allInnerTexts()).toEqual(['Any level', 'low (4)', 'high (4)']);
    await stakes.selectOption('2');
    await expect.poll(() => count().innerText()).toBe('4 of 8 transcripts match');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/runs/${runId}?dim.Stakes=2`);
    const scenarios = await callRoute(app!.core.dispatch, 'definitions.scenarios', { definitionId: definitionId() });
    const high = scenarios.filter((s) => s.dimensions['Stakes']?.score === 2).map((s) => s.id);
    expect(new Set((await rows().allInnerTexts()).map((text) => high.some((id) => text.includes(id))))).toEqual(
      new Set([true]),
    );
    // Counts follow the rest of the filter: one model leaves each level two transcripts.
    await page.getByTestId('transcript-model-filter').selectOption('openai:gpt-4o');
    await expect
      .poll(() => page.getByTestId('transcript-level-filter-Certainty').locator('option').allInnerTexts())
      .toEqual(['Any level', 'weak (1)', 'strong (1)']);
    await expect.poll(() => stakes.locator('option').allInnerTexts()).toEqual(['Any level', 'low (2)', 'high (2)']);

    // A link to this page naming scenarios (a results cell's), followed in place and kept across a reload; the chip
    // clears them.
    const [a, b] = scenarios;
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/runs/${runId}?scenario=${a!.id}&scenario=${b!.id}`);
    await expect.poll(() => count().innerText()).toBe('4 of 8 transcripts match');
    expect(await page.getByTestId('transcript-model-filter').inputValue()).toBe('');
    await page.reload();
    await expect.poll(() => count().innerText()).toBe('4 of 8 transcripts match');
    expect(await page.getByTestId('transcript-scenario-filter').innerText()).toContain(`${a!.id}, ${b!.id}`);
    await page.getByTestId('transcript-scenario-clear').click();
    await expect.poll(() => count().innerText()).toBe('8 transcripts');
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/runs/${runId}`);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
