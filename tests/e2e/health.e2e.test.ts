/**
 * System Health in a real browser (User Story 0): provider cards from real checks (working, missing key, rejected key,
 * unreachable server), the worker and database rows, a stopped worker, the Test Run panel, the catalog-driven model
 * picker, and the expanded scenarios with the exact prompts.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function openSettings(page: Page): Promise<void> {
  await page.goto(page.url().replace(/#.*$/, '#/settings'));
  await page.getByTestId('provider-health-list').waitFor();
  await page.getByTestId('more-providers').locator('summary').click(); // providers not set up are folded
}

describe('System Health page', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let definitionId: string;
  let deadPort: number;

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
    deadPort = await closedPort();
    const d = app.core.dispatch;
    await callRoute(d, 'providers.save', { providerId: 'google', baseUrl: app.fake.url, apiKey: 'bad-key-zzzz' });
    await callRoute(d, 'providers.save', { providerId: 'lmstudio', baseUrl: `http://127.0.0.1:${deadPort}/v1` });
    const imported = await callRoute(d, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    definitionId = imported.definition.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows each provider’s real status with the provider’s words and a fix, and the worker and database', async () => {
    await openSettings(page);
    const status = (id: string) => page.getByTestId(`health-status-${id}`);
    await expect.poll(() => status('openai').innerText()).toBe('connected');
    expect(await page.getByTestId('health-openai').innerText()).toMatch(/\d+ ms, 4 models listed/);
    expect(await status('anthropic').innerText()).toBe('not configured');
    expect(await page.getByTestId('health-hint-anthropic').innerText()).toBe(
      'No API key: enter it on this card or set ANTHROPIC_API_KEY.',
    );
    expect(await status('google').innerText()).toBe('error');
    expect(await page.getByTestId('health-error-google').innerText()).toMatch(
      /AUTH_FAILED .*Incorrect API key provided/,
    );
    expect(await page.getByTestId('health-hint-google').innerText()).toMatch(/rejected the key saved in Settings/);
    expect(await status('lmstudio').innerText()).toBe('error');
    expect(await page.getByTestId('health-hint-lmstudio').innerText()).toContain(
      `running at http://127.0.0.1:${deadPort}/v1`,
    );
    expect(await page.getByTestId('health-checked-openai').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await page.getByTestId('health-worker').innerText()).toMatch(/online\s+Python 3\.\d+/);
    expect(await page.getByTestId('health-database').innerText()).toMatch(/ok/);
    expect(await page.getByTestId('health-ready').innerText()).toMatch(/Ready to run with OpenAI/);
    // The hosts contacted so far: the fake provider and the dead local server the checks tried, nothing else.
    const fake = new URL(app!.fake.url);
    const contacts = await page.getByTestId('health-contact').allInnerTexts();
    expect(contacts.some((c) => c.startsWith(`http://${fake.hostname}:${fake.port} `))).toBe(true);
    expect(contacts.some((c) => c.startsWith(`http://127.0.0.1:${deadPort} `))).toBe(true);
    for (const c of contacts) expect(c).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):\d+ \d+ connections?, last /);

    const html = await page.content();
    expect(html).not.toContain('bad-key-zzzz');
    expect(html).not.toContain('test-key');
    expect(html).toContain('zzzz');
  });

  it('re-checks one provider after its key is fixed', async () => {
    await callRoute(app!.core.dispatch, 'providers.save', { providerId: 'google', apiKey: 'test-key' });
    await page.getByTestId('health-recheck-google').click();
    await expect.poll(() => page.getByTestId('health-status-google').innerText()).toBe('connected');
    expect(await page.getByTestId('health-status-lmstudio').innerText()).toBe('error');
  });

  it('runs one scenario against one model end to end and shows the transcript it created', async () => {
    const panel = page.getByTestId('test-run');
    await expect.poll(() => panel.getByTestId('test-run-scenario').locator('option').count()).toBe(4);
    await panel.getByTestId('provider-select').selectOption('openai');
    await panel.getByTestId('model-select').selectOption('gpt-4o-mini');
    expect(await panel.getByTestId('model-version').inputValue()).toBe('gpt-4o-mini-2024-07-18');
    await panel.getByTestId('test-run-scenario').selectOption('Stakes2_Certainty1');
    await panel.getByTestId('test-run-start').click();
    await panel.getByTestId('test-run-ok').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('test-run-status').innerText()).toBe('completed');
    const transcript = await panel.getByTestId('transcript-view').innerText();
    expect(transcript).toContain('Stakes2_Certainty1');
    expect(transcript).toContain('openai:gpt-4o-mini');
    expect(transcript).toMatch(/Rating: \d/);
    const runs = await callRoute(app!.core.dispatch, 'runs.list', {});
    const tests = runs.filter((r) => r.runType === 'test');
    expect(tests.map((r) => r.progress.total)).toEqual([1]);
    const [recorded] = await callRoute(app!.core.dispatch, 'runs.transcripts', { runId: tests[0]!.id });
    expect(recorded).toMatchObject({
      scenarioId: 'Stakes2_Certainty1',
      modelId: 'gpt-4o-mini',
      modelVersion: 'gpt-4o-mini-2024-07-18',
    });
  });

  it('picks models from the catalog with the default version preselected, or the provider default', async () => {
    await page.goto(page.url().replace(/#.*$/, `#/definitions/${encodeURIComponent(definitionId)}`));
    const form = page.getByTestId('start-run');
    await form.getByTestId('provider-select').selectOption('openai');
    await form.getByTestId('model-select').selectOption('gpt-4o');
    expect(await form.getByTestId('model-version').inputValue()).toBe('gpt-4o-2024-08-06');
    await form.getByTestId('add-model').click();
    await form.getByTestId('model-select').selectOption('gpt-4o');
    await form.getByTestId('model-version').selectOption('');
    await form.getByTestId('add-model').click();
    await form.getByTestId('provider-select').selectOption('ollama');
    await form.getByTestId('model-id').fill('llama3.1:8b');
    await form.getByTestId('add-model').click();
    expect(await form.getByTestId('model-chip').allInnerTexts()).toEqual([
      expect.stringContaining('openai:gpt-4o@gpt-4o-2024-08-06'),
      expect.stringContaining('openai:gpt-4o'),
      expect.stringContaining('ollama:llama3.1:8b'),
    ]);
    expect((await form.getByTestId('model-chip').nth(1).innerText()).includes('@')).toBe(false);
  });

  it('lists expanded scenarios with their dimension values and shows the exact prompt of one', async () => {
    const scenarios = await callRoute(app!.core.dispatch, 'definitions.scenarios', { definitionId });
    const detail = await callRoute(app!.core.dispatch, 'definitions.get', { id: definitionId });
    await expect.poll(() => page.getByTestId('scenario-row').count()).toBe(4);
    const rows = await page.getByTestId('scenario-row').allInnerTexts();
    expect(rows[0]).toContain(scenarios[0]!.id);
    for (const [name, value] of Object.entries(scenarios[0]!.dimensions)) {
      expect(rows[0], name).toContain(value.label);
    }
    await page.getByTestId('scenario-row').nth(2).click();
    const target = scenarios[2]!;
    expect(await page.getByTestId('prompt-user').textContent()).toBe(target.prompt);
    expect(await page.getByTestId('prompt-system').textContent()).toBe(detail.content.preamble.trim());
    const dims = await page.getByTestId('prompt-dimensions').innerText();
    for (const value of Object.values(target.dimensions)) expect(dims).toContain(value.option);
    expect(app!.pageErrors).toEqual([]);
  });
});

describe('System Health with a stopped worker', () => {
  let app: BrowserApp | undefined;
  afterAll(async () => {
    await app?.close();
  });

  it('shows the worker offline with the exact fix, and providers as not checked', async () => {
    app = await launchBrowserApp({ core: { pythonCommand: '/nonexistent/python' } });
    await openSettings(app.page);
    const worker = app.page.getByTestId('health-worker');
    expect(await worker.innerText()).toMatch(/offline/);
    expect(await app.page.getByTestId('health-worker-hint').innerText()).toMatch(
      /No Python 3\.10\+ found: install it or set VALUERANK_PYTHON/,
    );
    expect(await app.page.getByTestId('health-status-openai').innerText()).toBe('error');
    expect(await app.page.getByTestId('health-error-openai').innerText()).toMatch(/WORKER_UNAVAILABLE/);
    expect(await app.page.getByTestId('health-ready').innerText()).toMatch(/Not ready/);
  });
});
