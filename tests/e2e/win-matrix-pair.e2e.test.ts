/**
 * A pairwise study's win-matrix cell in a real browser (issue 25): the cell opens the run on that model's transcripts
 * narrowed to the scenarios that set the two values against each other, in both orders, and nothing else.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, waitForRunEnd, type BrowserApp } from '../helpers/browser';

const yaml = [
  'name: Three values, pairwise',
  'preamble: |',
  '  Which should weigh more? Answer "Rating: 1" for option A or "Rating: 2" for option B.',
  'template: "Option A: [A]. Option B: [B]."',
  'scale:',
  '  - { code: 1, label: Option A }',
  '  - { code: 2, label: Option B }',
  'pairwise:',
  '  values:',
  '    - { name: Care, statement: protect care }',
  '    - { name: Fairness, statement: protect fairness }',
  '    - { name: Liberty, statement: protect liberty }',
  '',
].join('\n');

/** Care beats the others, Fairness beats Liberty, whichever is shown first. */
function answer(prompt: string): string {
  const match = /Option A: protect (\w+)\. Option B: protect (\w+)\./.exec(prompt);
  const order = ['care', 'fairness', 'liberty'];
  return match && order.indexOf(match[1]!) > order.indexOf(match[2]!) ? 'Rating: 2' : 'Rating: 1';
}

describe('a win-matrix cell of a pairwise study', () => {
  let app: BrowserApp;
  let page: Page;
  let studyId: string;

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { answer } });
    page = app.page;
    const imported = await callRoute(app.core.dispatch, 'definitions.import', { fileName: 'pairs.yaml', text: yaml });
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      options: { samples: 1 },
    });
    await waitForRunEnd(app.core, run.id);
    studyId = (await callRoute(app.core.dispatch, 'studies.create', { name: 'Three values', runIds: [run.id] })).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens only the pair’s scenarios, both orders', async () => {
    await page.evaluate((id) => {
      window.location.hash = `#/studies/${encodeURIComponent(id)}`;
    }, studyId);
    const matrix = page.getByTestId('win-matrix');
    await matrix.waitFor();
    // Rows and columns in rank order: Care, Fairness, Liberty; the row Care's cell against Liberty is the third.
    const cell = matrix.locator('tbody tr').first().locator('td').nth(2).getByTestId('win-cell-link');
    expect(await cell.innerText()).toBe('100 %');
    const href = (await cell.getAttribute('href')) ?? '';
    expect(href).toMatch(/\?model=openai%3Agpt-4o-mini&scenario=P1_3&scenario=P3_1$/);
    await cell.click();
    const rows = page.getByTestId('transcript-row');
    await expect.poll(() => rows.count()).toBe(2);
    const scenarios = await rows
      .locator('td.mono:first-child')
      .evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
    expect(scenarios.sort()).toEqual(['P1_3', 'P3_1']);
  });
});
