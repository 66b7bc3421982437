/**
 * Issue 12 #5: the layout works from 1024×700 up — nothing on the main pages overflows the window sideways (results
 * table and distribution chart included) — the definition's scenario table fits at 768 px, and the sidebar folds
 * into a top bar below 900 px. With SCREENSHOTS_DIR set, the same walk writes the README's screenshots at 1024 and 1440 px.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, SAMPLE_DEFINITION, waitForRunEnd, type BrowserApp } from '../helpers/browser';
import { readFileSync } from 'node:fs';

const SHOTS = process.env.SCREENSHOTS_DIR;

/** Elements whose right edge passes the window's, by a short description; [] when everything fits. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width + 1)
      out.push(`page scrollWidth ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of document.querySelectorAll('main table, main svg, main .card, main section')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) {
        const name = `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').split(' ').join('.')}`;
        out.push(`${name}[${el.getAttribute('data-testid') ?? ''}] right ${Math.round(box.right)} > ${width}`);
      }
    }
    return out;
  });
}

/** How many lines of text the first element matching `selector` takes (0 when there is none). */
async function lineCount(page: Page, selector: string): Promise<number> {
  return page.evaluate((query) => {
    const el = document.querySelector(query);
    if (!el) return 0;
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  }, selector);
}

/** Model keys on the run page whose lines end inside a word (a line may only end after `:`, `/`, `@`, `,` or a hyphen). */
async function brokenMidWord(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('main .model-key-words')) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const lines = new Map<number, string>();
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i += 1) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          const top = Math.round(rect.top);
          lines.set(top, (lines.get(top) ?? '') + text[i]);
        }
      }
      const ends = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, line]) => line.trimEnd());
      for (const line of ends.slice(0, -1)) if (!/[:/@,-]$/.test(line)) out.push(`${el.textContent ?? ''}: "${line}"`);
    }
    return out;
  });
}

describe('layout from 1024×700 up', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let definitionId = '';
  let runId = '';

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 5 }, core: { scheduler: { pollMs: 50 } } });
    page = app.page;
    const imported = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    definitionId = imported.definition.id;
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [
        // Three long keys (issue 23 #3): they must wrap at their separators without widening any page past 1024 px.
        { providerId: 'openai', modelId: 'gpt-4o-mini-research-preview-long', modelVersion: 'gpt-4o-mini-2024-07-18' },
        { providerId: 'openai', modelId: 'gpt-4o-extended-context-evaluation', modelVersion: 'gpt-4o-2024-08-06' },
        { providerId: 'openai', modelId: 'gpt-4.1-mini-instruction-following-v2', modelVersion: null },
      ],
    });
    runId = run.id;
    await waitForRunEnd(app.core, runId);
    // The page opened before the definition existed and may already show the empty Definitions page, which a hash set
    // to the same page would not reload: start the walk from a fresh load of the app.
    await page.reload();
  });

  afterAll(async () => {
    await app?.close();
  });

  const pages = (): { name: string; hash: string; ready: string }[] => [
    { name: 'definitions', hash: '#/definitions', ready: 'definitions-table' },
    { name: 'definition', hash: `#/definitions/${definitionId}`, ready: 'scenario-row' },
    { name: 'run', hash: `#/runs/${runId}`, ready: 'transcripts-table' },
    { name: 'runs', hash: '#/runs', ready: 'runs-table' },
    { name: 'settings', hash: '#/settings', ready: 'health-ready' },
  ];

  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    it(`fits every main page at ${width}×${height}`, async () => {
      await page.setViewportSize({ width, height });
      for (const target of pages()) {
        await page.evaluate((hash) => {
          window.location.hash = hash;
        }, target.hash);
        await page.getByTestId(target.ready).first().waitFor();
        if (target.name === 'run') await page.locator('.decision-bars').first().waitFor();
        expect(await overflowing(page), `${target.name} at ${width}px`).toEqual([]);
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        expect(scroll, `${target.name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(client);
        // The Created date takes at most two lines (date, time), never four.
        if (target.name === 'runs') expect([1, 2]).toContain(await lineCount(page, 'td.created-cell'));
        if (target.name === 'run') expect(await brokenMidWord(page)).toEqual([]);
        if (SHOTS) await page.screenshot({ path: join(SHOTS, `${target.name}-${width}.png`), fullPage: true });
      }
    });
  }

  it('fits the definition’s scenario table at 768 px, with the sidebar collapsed', async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/definitions/${definitionId}`);
    await page.getByTestId('scenario-row').first().waitFor();
    expect(await overflowing(page)).toEqual([]);
    // Collapsed: the navigation is a bar above the page, and the page has the whole width.
    const sidebar = await page.getByRole('navigation', { name: 'Main' }).boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(sidebar?.height ?? 999).toBeLessThan(80);
    expect(main?.x ?? 999).toBeLessThan(1);
    // Collapsed, the navigation still works.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByTestId('runs-table').waitFor();
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
