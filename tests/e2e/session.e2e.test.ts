/** Browser mode's session in Chromium: after the first visit with the token, a deep link without it opens its run. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { SAMPLE_YAML } from '../helpers/db';

describe('browser-mode session', () => {
  let app: BrowserApp | undefined;
  beforeAll(async () => {
    app = await launchBrowserApp({ core: { startScheduler: false } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens a copied run link in a new tab without the token', async () => {
    const { core, page, server } = app!;
    const imported = await callRoute(core.dispatch, 'definitions.import', { fileName: 'c.yaml', text: SAMPLE_YAML });
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      options: { samplePercentage: 100, sampleSeed: null, temperature: null, maxTokens: null },
    });
    // The first tab opened the printed address; its token is gone from the address bar.
    expect(page.url()).not.toContain('token=');
    const tab = await page.context().newPage();
    await tab.goto(`${server.appOrigin}/#/runs/${encodeURIComponent(run.id)}`);
    await tab.getByTestId('run-status').waitFor();
    expect(await tab.getByText('Not authorised').count()).toBe(0);
    expect(await tab.getByTestId('run-status').innerText()).toMatch(/queued|pending|running/i);
    await tab.close();
  });
});
