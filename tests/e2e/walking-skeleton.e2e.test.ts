/**
 * The walking skeleton in a real browser: browser mode (same core, same handlers as Electron) driven by Chromium
 * through playwright-core — import a definition, inspect scenarios, run it against the fake provider, read results,
 * export CSV, and check that settings never expose a key.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { unzip } from '../helpers/unzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, ROOT, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

const DEFINITION_FILE = SAMPLE_DEFINITION;
const SCREENSHOT = join(ROOT, 'out', 'screenshots', 'run.png');
const RUN_TIMEOUT_MS = 60_000;

describe('walking skeleton in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens on the definitions page and takes the token out of the address bar', async () => {
    await page.getByRole('heading', { name: 'Definitions', level: 1 }).waitFor();
    expect(page.url()).not.toContain('token=');
    expect(new URL(page.url()).hash).toBe('#/definitions');
    await page.getByTestId('empty-state').waitFor();
  });

  it('shows the line and field of a definition that cannot be imported', async () => {
    const broken = join(app!.dir, 'broken.yaml');
    writeFileSync(
      broken,
      'name: Broken\ntemplate: "A [Missing] case"\ndimensions:\n  - name: Stakes\n    levels: []\n',
    );
    await page.getByTestId('import-file').setInputFiles(broken);
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/line \d+/);
    expect(new URL(page.url()).hash).toBe('#/definitions');
  });

  it('imports a definition, runs it to completion, shows transcripts and exports CSV', async () => {
    await page.getByTestId('import-file').setInputFiles(DEFINITION_FILE);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    await expect.poll(() => page.getByTestId('scenario-row').count()).toBe(4);

    await page.getByTestId('scenario-row').first().click();
    const prompt = page.getByTestId('scenario-prompt');
    await prompt.waitFor();
    expect(await page.getByTestId('prompt-system').innerText()).toContain('Rating: N');
    expect(await page.getByTestId('prompt-user').innerText()).toContain('A town council must decide');
    expect(await page.getByTestId('prompt-user').innerText()).not.toMatch(/\[(Stakes|Certainty)\]/);

    const startRun = page.getByTestId('start-run');
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(true);
    await startRun.getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.getByTestId('model-chip').filter({ hasText: 'openai:gpt-4o-mini' }).waitFor();
    expect(await page.getByTestId('run-summary').innerText()).toContain('4 scenarios × 1 model = 4 jobs');

    // A double click must still create exactly one run.
    await page.getByTestId('start-run-button').dblclick();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));

    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await page.getByTestId('run-progress').innerText()).toContain('4/4 (100%)');
    expect(await page.getByTestId('run-failed').innerText()).toContain('0 failed');
    await expect.poll(() => page.getByTestId('transcript-row').count()).toBe(4);

    await page.getByTestId('transcript-row').first().click();
    const transcript = page.getByTestId('transcript-view');
    await transcript.waitFor();
    expect(await transcript.innerText()).toContain('Rating:');
    mkdirSync(join(ROOT, 'out', 'screenshots'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^run_${escapeRegExp(runId.replace(/^run_/, ''))}_\\d{4}-\\d{2}-\\d{2}\\.csv\\.zip$`),
    );
    // One ZIP: the CSV with its manifest and sidecars (issue 23 #14).
    const csvName = download.suggestedFilename().replace(/\.zip$/, '');
    const bytes = unzip(readFileSync(await download.path())).get(csvName)!;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.subarray(3).toString('utf8'), { relax_column_count: false }) as string[][];
    expect(rows).toHaveLength(5);
    expect(rows[0]).toContain('run_id');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(1);
    expect(await page.getByTestId('run-row').first().innerText()).toContain('completed');
  });

  it('shows provider key status without ever exposing a key', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings', exact: true }).click();
    const status = page.getByTestId('key-status-openai');
    await status.waitFor();
    const text = await status.innerText();
    expect(text).toContain('environment');
    expect(text).toContain('-key');
    expect(await page.getByTestId(`base-url-openai`).inputValue()).toBe(`${app?.fake.url}/v1`);
    expect(await page.content()).not.toContain('test-key');

    const secret = 'sk-ant-e2e-secret-9876';
    await page.getByTestId('more-providers').locator('summary').click(); // providers without a key are folded
    await page.getByTestId('api-key-anthropic').fill(secret);
    await page.getByTestId('save-anthropic').click();
    await page.getByTestId('key-status-anthropic').filter({ hasText: '9876' }).waitFor();
    expect(await page.getByTestId('api-key-anthropic').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret);
    // Saving only a key leaves the base URL unset, so a later ANTHROPIC_BASE_URL in the environment still applies.
    const anthropic = app!.core.internals.providers.view('anthropic');
    expect(anthropic.baseUrl).toBe(anthropic.defaultBaseUrl);
    const row = app!.core.internals.database.sqlite
      .prepare("SELECT base_url FROM provider_settings WHERE provider_id='anthropic'")
      .get() as { base_url: string | null } | undefined;
    expect(row?.base_url ?? null).toBeNull();

    await page.getByTestId('remove-key-anthropic').click();
    await page.getByTestId('confirm-remove-key-anthropic').click();
    await page.getByTestId('key-status-anthropic').filter({ hasText: 'No key' }).waitFor();
    await page.getByTestId('system-health').getByText('Database').waitFor();
  });

  it('saves a parallel-request limit per provider, refuses nonsense, and clears it back to the default', async () => {
    const field = page.getByTestId('concurrency-ollama');
    expect(await field.getAttribute('placeholder')).toBe('default 2');
    await field.fill('0');
    expect(await page.getByTestId('save-ollama').isDisabled()).toBe(true);
    expect(await page.getByTestId('concurrency-invalid-ollama').innerText()).toBe('1 to 256, or empty for the default');
    await field.fill('1');
    expect(await page.getByTestId('concurrency-invalid-ollama').count()).toBe(0);
    await page.getByTestId('save-ollama').click();
    await expect.poll(() => app!.core.internals.providers.view('ollama').concurrency).toBe(1);
    expect(await field.inputValue()).toBe('1');
    await field.fill('');
    await page.getByTestId('save-ollama').click();
    await expect.poll(() => app!.core.internals.providers.view('ollama').concurrency).toBeNull();
  });

  it('raised no page errors and no Content-Security-Policy violations', () => {
    expect(app?.pageErrors).toEqual([]);
    expect(app?.cspViolations).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
