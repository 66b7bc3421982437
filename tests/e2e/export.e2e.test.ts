/**
 * Export from the run page in a real browser (browser mode): CSV and JSON Lines downloads of a completed run, and on
 * a running run a disabled button that explains why, then a "partial" export once the first answers are in; a run
 * whose every job failed exports its failures once "Include failed jobs" is ticked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { unzip } from '../helpers/unzip';
import { launchBrowserApp, SAMPLE_DEFINITION, startRunFromUi, type BrowserApp } from '../helpers/browser';

/** Clicks Export and reads the one ZIP the browser saves: the export file (by name) and every entry of it. */
async function download(page: Page): Promise<{ name: string; bytes: Buffer; entries: Map<string, Buffer> }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const zipName = file.suggestedFilename();
  expect(zipName).toMatch(/\.(csv|jsonl)\.zip$/);
  const name = zipName.replace(/\.zip$/, '');
  const entries = unzip(readFileSync(await file.path()));
  return { name, bytes: entries.get(name)!, entries };
}

describe('export of a completed run', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('downloads a CSV with every result, then JSON Lines with full transcripts', async () => {
    const runId = await startRunFromUi(page);
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: 30_000 });
    const button = page.getByTestId('export-csv');
    await expect.poll(() => button.innerText()).toBe('Export CSV');
    expect(await button.isEnabled()).toBe(true);
    expect(await page.getByTestId('export-partial-note').count()).toBe(0);

    const csv = await download(page);
    expect(csv.name).toMatch(new RegExp(`^run_${runId.replace(/^run_/, '')}_\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    // Issue 23 #14: one ZIP with the CSV, its manifest, the effects and scenarios tables and both scripts, each file
    // byte for byte what the app kept in its exports folder.
    const exportsDir = join(app!.dir, 'data', 'exports');
    expect([...csv.entries.keys()].map((f) => f.slice(csv.name.length)).sort()).toEqual(
      ['', '.analysis.R', '.analysis.py', '.effects.csv', '.manifest.json', '.scenarios.csv'].sort(),
    );
    for (const [file, bytes] of csv.entries) expect(bytes.equals(readFileSync(join(exportsDir, file)))).toBe(true);
    expect(JSON.parse(csv.entries.get(`${csv.name}.manifest.json`)!.toString('utf8'))).toMatchObject({
      run: { id: runId },
    });
    expect(await page.getByTestId('export-bundle-name').innerText()).toBe(`${csv.name}.zip`);
    const rows = parse(csv.bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.run_id === runId && r.status === 'completed' && /^\d+$/.test(r.score!))).toBe(true);
    expect(await page.getByTestId('export-result').innerText()).toContain('4 results');
    // The message names the folder where the manifest and the effects table stay (issue 23 #14).
    await expect.poll(() => page.getByTestId('export-folder').innerText()).toContain(`${app!.dir}`);
    expect(await page.getByTestId('export-folder').innerText()).toMatch(/same files are also kept .*exports\.$/);

    await page.getByTestId('export-format').selectOption('jsonl');
    await page.getByTestId('export-include-failures').check();
    await expect.poll(() => button.innerText()).toBe('Export JSONL');
    const jsonl = await download(page);
    expect(jsonl.name).toMatch(/\.jsonl$/);
    expect([...jsonl.entries.keys()].map((f) => f.slice(jsonl.name.length)).sort()).toEqual(
      ['', '.effects.csv', '.manifest.json', '.scenarios.csv'].sort(),
    );
    for (const [file, bytes] of jsonl.entries) expect(bytes.equals(readFileSync(join(exportsDir, file)))).toBe(true);
    const lines = jsonl.bytes
      .toString('utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { turns: { role: string }[] });
    expect(lines).toHaveLength(4);
    expect(lines[0]!.turns.map((t) => t.role)).toEqual(['system', 'user', 'assistant']);
    // Browser mode cannot drag a file onto the desktop, so the affordance is not offered.
    expect(await page.getByTestId('export-drag').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});

describe('export of a running run', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('explains why nothing can be exported yet, then exports what finished, labelled partial', async () => {
    // One slot, and the fake provider holds every request of the run: it is running with nothing finished.
    app!.fake.hold({ model: 'gpt-4o-mini' });
    const runId = await startRunFromUi(page);
    const button = page.getByTestId('export-csv');
    await page.getByTestId('export-disabled-reason').waitFor();
    expect(await button.isDisabled()).toBe(true);

    // Exactly one job finishes; the next one is then held in flight, so the run stays running.
    await app!.fake.waitForHeld(1);
    app!.fake.release(1);
    await app!.fake.waitForHeld(1);
    await expect.poll(() => button.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await button.innerText()).toBe('Export CSV (partial)');
    expect(await page.getByTestId('export-partial-note').innerText()).toContain('still in progress');
    const csv = await download(page);
    const rows = parse(csv.bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(await page.getByTestId('export-result').innerText()).toContain('partial');
    expect(app!.core.internals.runs.get(runId).status).toBe('running');
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});

describe('export of a run where every job failed', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  beforeAll(async () => {
    // The fake provider refuses the key, so every job fails at once (a permanent error, not retried).
    app = await launchBrowserApp({ fake: { validKeys: ['another-key'] } });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('suggests including failed jobs, then exports them, and lists the errors per model', async () => {
    // The start form refuses a provider whose key System Health saw rejected (issue 12 #4): start it as the CLI would.
    const imported = await callRoute(app!.core.dispatch, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    const { id: runId } = await callRoute(app!.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
    });
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/runs/${runId}`);
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^failed$/ })
      .waitFor({ timeout: 30_000 });
    const button = page.getByTestId('export-csv');
    const reason = page.getByTestId('export-header-only-note');
    await expect.poll(() => reason.innerText()).toContain('Tick “Include failed jobs” to add a row for each of the 4');
    expect(await button.isEnabled()).toBe(true); // issue 12 #8: header-only export of an all-failed run

    await page.getByTestId('export-include-failures').check();
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(await reason.count()).toBe(0);
    const csv = await download(page);
    const rows = parse(csv.bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(4);
    expect(rows.every((r) => r.run_id === runId && r.status === 'failed')).toBe(true);

    const errors = page.getByTestId('error-summary');
    expect(await errors.innerText()).toContain('AUTH_FAILED · openai:gpt-4o-mini — 4 jobs —');
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
