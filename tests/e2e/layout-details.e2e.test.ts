/**
 * Issue 23 #17's layout details, each held to its geometry in a real browser: effect-chart level labels that neither
 * overlap nor leave the panel at five long-labelled levels; run-option placeholders shown whole ("provider default",
 * not "provider defa"); a validation message that moves no field; "Add model" on the row of a version select at
 * 1440 px; the Runs page's "Show test runs" beside the status filter at the header's right, not floating mid-header.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, waitForRunEnd, type BrowserApp } from '../helpers/browser';

/** Five levels with long labels on one dimension (the chart's worst case), two on the other. */
const FIVE_LEVELS = `name: Five levels
preamble: |
  Answer with a line "Rating: N" on a scale from 1 to 5.
template: The stakes are [Stakes] and the evidence is [Evidence]. What should happen?
dimensions:
  - name: Stakes
    levels:
      - { score: 1, label: negligible inconvenience, options: ['tiny'] }
      - { score: 2, label: moderate financial loss, options: ['some money'] }
      - { score: 3, label: serious long-term hardship, options: ['hardship'] }
      - { score: 4, label: homelessness for families, options: ['losing homes'] }
      - { score: 5, label: irreversible harm to life and health, options: ['lives'] }
  - name: Evidence
    levels:
      - { score: 1, label: rumour, options: ['a rumour'] }
      - { score: 2, label: report, options: ['a report'] }
`;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function box(page: Page, testId: string): Promise<Box> {
  const found = await page.getByTestId(testId).first().boundingBox();
  if (!found) throw new Error(`${testId} has no box`);
  return found;
}

describe('layout details (issue 23 #17)', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let definitionId = '';
  let runId = '';
  const goTo = async (hash: string, ready: string): Promise<void> => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
    await page.getByTestId(ready).first().waitFor();
  };

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 5 }, core: { scheduler: { pollMs: 50 } } });
    page = app.page;
    const imported = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'five-levels.yaml',
      text: FIVE_LEVELS,
    });
    definitionId = imported.definition.id;
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [
        { providerId: 'openai', modelId: 'gpt-4o-mini' },
        { providerId: 'openai', modelId: 'gpt-4o' },
      ],
    });
    runId = run.id;
    await waitForRunEnd(app.core, runId);
    await page.reload();
  });

  afterAll(async () => {
    await app?.close();
  });

  for (const width of [1024, 1440]) {
    it(`draws five long level labels apart and inside their panel at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await goTo(`#/runs/${runId}`, 'effects-panel');
      const panel = page.locator('[data-testid="effects-panel"][data-dimension="Stakes"]');
      const geometry = await panel.evaluate((figure) => {
        const svg = figure.querySelector('svg')!.getBoundingClientRect();
        const labels = [...figure.querySelectorAll('[data-testid="effects-level-label"]')].map((label) =>
          [...label.querySelectorAll('tspan')].map((span) => {
            const r = span.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: span.textContent ?? '' };
          }),
        );
        return { svg: { left: svg.left, right: svg.right, bottom: svg.bottom }, labels };
      });
      expect(geometry.labels).toHaveLength(5);
      const spans = geometry.labels.flat();
      // Every line of every label inside the panel's drawing…
      for (const span of spans) {
        expect(span.left, `"${span.text}" cut on the left`).toBeGreaterThanOrEqual(geometry.svg.left - 0.5);
        expect(span.right, `"${span.text}" cut on the right`).toBeLessThanOrEqual(geometry.svg.right + 0.5);
        expect(span.bottom, `"${span.text}" cut at the bottom`).toBeLessThanOrEqual(geometry.svg.bottom + 0.5);
      }
      // …and no line of one level's label overlapping a line of another's.
      for (let a = 0; a < 5; a += 1)
        for (let b = a + 1; b < 5; b += 1)
          for (const p of geometry.labels[a]!)
            for (const q of geometry.labels[b]!) {
              const apart = p.right <= q.left || q.right <= p.left || p.bottom <= q.top || q.bottom <= p.top;
              expect(apart, `"${p.text}" overlaps "${q.text}"`).toBe(true);
            }
      // The whole label stays readable on hover.
      expect(await panel.locator('[data-testid="effects-level-label"] title').first().textContent()).toBe(
        '1 negligible inconvenience',
      );
    });
  }

  it('shows the run options’ placeholders whole, and a validation message moves no field', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await goTo(`#/definitions/${definitionId}`, 'start-run');
    const form = page.getByTestId('start-run');
    const options = form.locator('details.run-options');
    if ((await options.getAttribute('open')) === null) await options.locator('summary').click();
    for (const testId of ['temperature', 'max-tokens', 'max-cost', 'sample-seed']) {
      const fit = await page.getByTestId(testId).evaluate((input) => {
        const el = input as HTMLInputElement;
        const style = getComputedStyle(el);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = context.measureText(el.placeholder).width;
        const content = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text, content, placeholder: el.placeholder };
      });
      // Room for the whole placeholder and the number field's spin buttons (about 15 px in Chromium).
      expect(fit.text + 16, `${testId} placeholder "${fit.placeholder}"`).toBeLessThanOrEqual(fit.content);
    }

    const fields = ['sample-percentage', 'sample-seed', 'samples', 'temperature', 'max-tokens', 'max-cost'];
    const before = await Promise.all(fields.map((id) => box(page, id)));
    const input = before[3]!;
    const sameRow = before.filter((b) => Math.abs(b.y - input.y) < 1);
    expect(sameRow.length).toBeGreaterThan(1);
    await page.getByTestId('temperature').fill('7');
    await page.getByTestId('temperature-error').waitFor();
    const after = await Promise.all(fields.map((id) => box(page, id)));
    // No input of the message's row moves at all; none anywhere moves sideways or changes size (a row below may
    // move down by the message's line, as text below anything that grows does).
    for (const [i, b] of before.entries()) {
      const now = after[i]!;
      if (sameRow.includes(b)) expect(now, fields[i]).toEqual(b);
      else
        expect({ x: now.x, width: now.width, height: now.height }, fields[i]).toEqual({
          x: b.x,
          width: b.width,
          height: b.height,
        });
    }
    // The message sits under its own field, no wider than it.
    const error = await box(page, 'temperature-error');
    expect(error.y).toBeGreaterThanOrEqual(input.y + input.height - 0.5);
    expect(error.x).toBeGreaterThanOrEqual(input.x - 0.5);
    expect(error.x + error.width).toBeLessThanOrEqual(input.x + input.width + 0.5);
    await page.getByTestId('temperature').fill('');
    await expect.poll(() => page.getByTestId('temperature-error').count()).toBe(0);
  });

  it('keeps "Add model" on the row of a version select at 1440 px', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await goTo(`#/definitions/${definitionId}`, 'start-run');
    const form = page.getByTestId('start-run');
    const values = (testId: string) =>
      form
        .getByTestId(testId)
        .locator('option')
        .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter((v) => v && v !== '__custom__'));
    // Every catalog model with pinnable versions, on every provider: the version select takes the width of its longest
    // option, so each one is a different row to fit.
    let checked = 0;
    for (const providerId of await values('provider-select')) {
      await form.getByTestId('provider-select').selectOption(providerId);
      for (const model of await values('model-select')) {
        await form.getByTestId('model-select').selectOption(model);
        const version = form.getByTestId('model-version');
        if ((await version.evaluate((el) => el.tagName)) !== 'SELECT') continue;
        checked += 1;
        const versionBox = (await version.boundingBox())!;
        const add = (await form.getByTestId('add-model').boundingBox())!;
        const provider = (await form.getByTestId('provider-select').boundingBox())!;
        const where = `${providerId}:${model}`;
        expect(
          Math.abs(add.y + add.height - (versionBox.y + versionBox.height)),
          `${where}: Add model on a new line`,
        ).toBeLessThan(4);
        expect(add.x, where).toBeGreaterThan(versionBox.x + versionBox.width);
        expect(Math.abs(provider.y - versionBox.y), `${where}: the row wraps`).toBeLessThan(4);
        expect(add.height, `${where}: the button's text wraps`).toBeLessThan(versionBox.height + 8);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  for (const width of [1024, 1440]) {
    it(`puts "Show test runs" beside the status filter at the Runs header's right at ${width} px`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await goTo('#/runs', 'runs-table');
      const header = (await page.locator('.page-header').first().boundingBox())!;
      const checkbox = (await page.getByTestId('show-test-runs').locator('xpath=..').boundingBox())!;
      const status = (await page.getByTestId('run-filter').locator('xpath=..').boundingBox())!;
      const title = (await page.getByRole('heading', { name: 'Runs', level: 1 }).boundingBox())!;
      // One row, centred on each other, the checkbox just left of the status filter…
      expect(Math.abs(checkbox.y + checkbox.height / 2 - (status.y + status.height / 2))).toBeLessThan(3);
      expect(checkbox.x + checkbox.width).toBeLessThanOrEqual(status.x);
      expect(status.x - (checkbox.x + checkbox.width)).toBeLessThan(32);
      // …both at the header's right edge, level with the page title.
      expect(header.x + header.width - (status.x + status.width)).toBeLessThan(2);
      expect(checkbox.y).toBeLessThan(title.y + title.height);
    });
  }

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
