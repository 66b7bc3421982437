/**
 * Definition files imported through the page in a real Chromium, byte-exact (issue 22: definitions of 159–219 KB
 * imported through the page had damaged prompts while the import said success): a 200 KB file of mixed scripts and
 * emoji arrives whole, with the content hash of the same text imported without the page; a file whose bytes are not
 * UTF-8, or that holds a NUL, is refused on the page with its line and nothing is imported.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { SAMPLE_YAML } from '../helpers/db';

const LINE = 'Ünïcödé 日本語の文章 العربية עברית 한국어 Ελληνικά 😀👩‍👩‍👧‍👦🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢';

/** The sample definition with a preamble of about `bytes` of mixed scripts and emoji. */
function bigDefinition(bytes: number): string {
  const preamble = `${LINE}\n`.repeat(Math.ceil(bytes / Buffer.byteLength(LINE)));
  return SAMPLE_YAML.replace(/^preamble: \|\n/m, `preamble: |\n${preamble.replace(/^/gm, '  ')}`);
}

describe('definition files imported through the page', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { startScheduler: false } });
    page = app.page;
    await page.getByRole('heading', { name: 'Definitions', level: 1 }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('imports 200 KB of mixed scripts and emoji whole, with the hash of the same text imported directly', async () => {
    const text = bigDefinition(200_000);
    const file = join(app!.dir, 'big.yaml');
    writeFileSync(file, text);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').at(-1)!);
    const stored = await callRoute(app!.core.dispatch, 'definitions.get', { id });
    const preamble = (stored.content as { preamble: string }).preamble;
    expect(preamble).not.toContain('\uFFFD');
    expect(preamble.split('\n').filter((line) => line === LINE).length).toBeGreaterThan(1000);
    const direct = await callRoute(app!.core.dispatch, 'definitions.import', { fileName: 'direct.yaml', text });
    expect(direct.definition.contentHash).toBe(stored.contentHash);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Definitions' }).click();
    await page.getByRole('heading', { name: 'Definitions', level: 1 }).waitFor();
  });

  it('refuses bytes that are not UTF-8 and a NUL character with their line, importing nothing', async () => {
    const before = await callRoute(app!.core.dispatch, 'definitions.list', {});
    const latin1 = join(app!.dir, 'latin1.yaml');
    const lines = SAMPLE_YAML.split('\n');
    const third = Buffer.from(`${lines.slice(0, 2).join('\n')}\n`).length;
    // "é" as Latin-1 (0xE9) in the third line: a byte no UTF-8 text has there.
    const bytes = Buffer.from(SAMPLE_YAML);
    writeFileSync(
      latin1,
      Buffer.concat([bytes.subarray(0, third + 2), Buffer.from([0xe9]), bytes.subarray(third + 2)]),
    );
    await page.getByTestId('import-file').setInputFiles(latin1);
    const error = page.getByTestId('error');
    await expect.poll(() => error.innerText().catch(() => '')).toMatch(/latin1\.yaml is not valid UTF-8 text: line 3/);
    expect(new URL(page.url()).hash).toBe('#/definitions');

    const nul = join(app!.dir, 'nul.yaml');
    writeFileSync(nul, SAMPLE_YAML.replace('template: |', 'template: |\n  a\0b'));
    await page.getByTestId('import-file').setInputFiles(nul);
    await expect.poll(() => error.innerText().catch(() => '')).toMatch(/NUL character/);
    expect(new URL(page.url()).hash).toBe('#/definitions');
    expect(await callRoute(app!.core.dispatch, 'definitions.list', {})).toHaveLength(before.length);
  });
});
