/**
 * Issue 23 #1 and #2 in a real browser: the start form and the re-run dialog show every chosen provider's own last
 * health result (not only the first provider's) and refuse a rejected key or an unreachable server; a fresh install
 * preselects no provider that is not known to work, and the empty Definitions page says what a run needs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { isTerminalRunStatus } from '../../src/shared/domain';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';

async function addModel(page: Page, scope: string, providerId: string, modelId: string): Promise<void> {
  const form = page.getByTestId(scope);
  await form.getByTestId('provider-select').selectOption(providerId);
  await form.getByTestId('model-id').fill(modelId);
  await form.getByTestId('add-model').click();
}

describe('every provider of a run is checked', () => {
  let app: BrowserApp;
  let fake: FakeProvider;
  let page: Page;
  let definitionId = '';

  beforeAll(async () => {
    fake = await startFakeProvider();
    app = await launchBrowserApp({
      core: {
        env: {
          OPENAI_BASE_URL: `${fake.url}/v1`,
          OPENAI_API_KEY: 'test-key',
          MISTRAL_BASE_URL: `${fake.url}/v1`,
          MISTRAL_API_KEY: 'rejected-mistral-key',
          // Nothing listens on the discard port: a stopped local server.
          OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
        },
      },
    });
    page = app.page;
    await page.getByTestId('import-file').setInputFiles(SAMPLE_DEFINITION);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    definitionId = decodeURIComponent(new URL(page.url()).hash.replace('#/definitions/', ''));
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('shows each provider its own status in the start form and refuses the failing ones by name', async () => {
    await addModel(page, 'start-run', 'openai', 'gpt-4o-mini');
    await page.getByTestId('model-health-openai').filter({ hasText: 'connected' }).waitFor();
    await addModel(page, 'start-run', 'mistral', 'mistral-small-latest');
    await addModel(page, 'start-run', 'ollama', 'llama3');
    await page.getByTestId('model-health-mistral').filter({ hasText: 'error: AUTH_FAILED' }).waitFor();
    await page.getByTestId('model-health-ollama').filter({ hasText: 'error: NETWORK_ERROR' }).waitFor();
    const blocked = await page.getByTestId('health-blocked').innerText();
    expect(blocked).toContain('At its last health check, Mistral rejected the API key');
    expect(blocked).toContain('At its last health check, Ollama (local) could not be reached at http://127.0.0.1:9/v1');
    expect(blocked).not.toContain('OpenAI');
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(true);

    // The core refuses the same run by itself, with the same sentences, unless told to start anyway.
    const models = [
      { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null },
      { providerId: 'mistral', modelId: 'mistral-small-latest', modelVersion: null },
    ];
    const refused = await app.core.dispatch('runs.create', { definitionId, models });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('PROVIDER_UNHEALTHY');
      expect(refused.error.message).toContain('At its last health check, Mistral rejected the API key');
    }
    const forced = await app.core.dispatch('runs.create', { definitionId, models, ignoreHealth: true });
    expect(forced.ok).toBe(true);
  });

  it('shows each provider its own status in the re-run dialog and refuses a failing one added there', async () => {
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
    });
    await expect
      .poll(() => isTerminalRunStatus(app.core.internals.runs.get(run.id).status), { timeout: 30_000 })
      .toBe(true);
    // A fresh page: the health report in memory is gone, so the dialog must check by itself.
    await page.goto(`${app.server.url.split('#')[0]}#/runs/${run.id}`);
    await page.getByTestId('rerun-button').click();
    const dialog = page.getByTestId('rerun-dialog');
    await dialog.getByTestId('model-health-openai').filter({ hasText: 'connected' }).waitFor();
    expect(await dialog.getByTestId('start-rerun').isEnabled()).toBe(true);
    await addModel(page, 'rerun-dialog', 'mistral', 'mistral-small-latest');
    await dialog.getByTestId('model-health-mistral').filter({ hasText: 'error: AUTH_FAILED' }).waitFor();
    expect(await dialog.getByTestId('rerun-health-blocked').innerText()).toContain('Mistral rejected the API key');
    expect(await dialog.getByTestId('start-rerun').isDisabled()).toBe(true);
  });
});

describe('a fresh install without keys or a local server', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    // No key anywhere; Ollama's default address has nothing listening on the test machine.
    app = await launchBrowserApp({ core: { env: { OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1' } } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('says on the empty Definitions page what a run needs, with links to Settings', async () => {
    const needs = app.page.getByTestId('run-needs');
    expect(await needs.innerText()).toMatch(/an API key .* or a local server such as Ollama/);
    expect(await needs.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      '#/settings',
      '#/settings',
    ]);
  });

  it('preselects no provider, so nothing greets the newcomer with a connection error', async () => {
    await app.page.getByTestId('try-sample').first().click();
    await app.page.waitForURL(/#\/definitions\/[^/]+$/);
    const form = app.page.getByTestId('start-run');
    expect(await form.getByTestId('provider-select').inputValue()).toBe('');
    expect(await form.getByTestId('add-model').isDisabled()).toBe(true);
    expect(await form.innerText()).not.toMatch(/Errno|Connect call failed|Last listing failed/);
  });
});
