/**
 * The mixed finish in a real browser (issue 26): a batch run whose batch expired partly done offers "Finish the
 * remainder in real time" on its run page; the button sends the expired jobs one request each, and the run ends with
 * every job answered once, each transcript at the tier that answered it. A batch the provider refused only because its
 * queue was full is no expiry: the panel says its requests are sent again, offers nothing, and they are.
 */
import { readFileSync } from 'node:fs';
import { BATCH_QUEUE_RESENT_SENTENCE } from '../../src/shared/batch';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { formatUsd } from '../../src/shared/prices';
import { launchBrowserApp, SAMPLE_DEFINITION, waitForRunEnd, type BrowserApp } from '../helpers/browser';

describe('finish a batch run in real time from the run page', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({
      core: { scheduler: { pollMs: 50 }, batches: { minPollMs: 0, maxPollMs: 0, tickMs: 3_600_000 } },
    });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The sample definition imported (as `fileName`) and a batch run of it against one OpenAI model. */
  async function newBatchRun(fileName: string) {
    const core = app!.core;
    const { definition } = await callRoute(core.dispatch, 'definitions.import', {
      fileName,
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    return callRoute(core.dispatch, 'runs.create', {
      definitionId: definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      options: { samples: 1 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
  }

  it('offers the mixed finish once a batch expired partly done, and the remainder is answered in real time', async () => {
    const core = app!.core;
    await app!.fake.setBehavior({ batch: { expire: 2 } });
    const run = await newBatchRun('council-housing.yaml');
    const report = await callRoute(core.dispatch, 'batches.collect', { runId: run.id });
    expect(report).toMatchObject({ collected: 1, requeued: 2, errors: [] });

    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/runs/${run.id}`);
    const panel = page.getByTestId('run-batches');
    const button = panel.getByRole('button', { name: 'Finish the remainder in real time' });
    // The real-time requests wait at the gate while the page says what happened.
    app!.fake.hold({ path: '/v1/chat/completions' });
    await button.click();
    await expect.poll(() => panel.innerText()).toContain('2 jobs are being sent in real time');
    await app!.fake.waitForHeld(1);
    // Pressed once, recorded in the run: after a reload the offer does not come back, the panel says what happens.
    await page.reload();
    await expect.poll(() => panel.getByTestId('batch-finishing-realtime').count()).toBe(1);
    expect(await panel.getByTestId('batch-finish-realtime').count()).toBe(0);
    expect(await page.getByTestId('run-mode').textContent()).toContain('remainder in real time since');
    app!.fake.open();
    await waitForRunEnd(core, run.id);

    const done = await callRoute(core.dispatch, 'runs.get', { id: run.id });
    expect(done).toMatchObject({ status: 'completed', progress: { completed: run.progress.total, failed: 0 } });
    const tiers = core.internals.database.sqlite
      .prepare(`SELECT tier, count(DISTINCT job_id) AS n FROM transcripts WHERE run_id = ? GROUP BY tier ORDER BY tier`)
      .all(run.id);
    expect(tiers).toEqual([
      { tier: 'batch', n: run.progress.total - 2 },
      { tier: 'realtime', n: 2 },
    ]);
    // An ended run is offered nothing more.
    await expect.poll(() => panel.getByTestId('batch-finish-realtime').count()).toBe(0);
    // Its cost: the batch answers at the batch price, the two real-time ones at the real-time price.
    expect(done.cost.tiers?.realtime.costUsd).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('run-cost-realtime').innerText())
      .toBe(formatUsd(done.cost.tiers!.realtime.costUsd));
    expect(await page.getByTestId('run-cost-batch').innerText()).toBe(formatUsd(done.cost.tiers!.batch.costUsd));
    // A re-run of a batch run starts in batch mode.
    await page.getByTestId('rerun-button').click();
    const option = page.getByTestId('rerun-dialog').getByTestId('batch-mode').getByRole('checkbox');
    expect(await option.isChecked()).toBe(true);
  });

  it('says a batch refused for the provider’s queue is sent again, offers no mixed finish, and sends it again', async () => {
    const core = app!.core;
    await app!.fake.reset();
    // The provider's queue holds less than one chunk: the batch is failed at once with token_limit_exceeded.
    await app!.fake.setBehavior({ batch: { queueTokens: 1 } });
    const run = await newBatchRun('council-housing-queue.yaml');
    const refused = await callRoute(core.dispatch, 'batches.collect', { runId: run.id });
    expect(refused).toMatchObject({ submitted: 1, collected: 0, errors: [] });
    const [chunk] = await callRoute(core.dispatch, 'batches.list', { runId: run.id });
    expect(chunk).toMatchObject({ state: 'failed', queueRefused: true });

    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#/runs/${run.id}`);
    const panel = page.getByTestId('run-batches');
    await expect.poll(() => panel.getByTestId('batch-chunk-resent').innerText()).toBe(BATCH_QUEUE_RESENT_SENTENCE);
    expect(await panel.getByTestId('batch-chunk').first().innerText()).toContain('failed');
    expect(await panel.getByTestId('batch-finish-realtime').count()).toBe(0);
    expect(await panel.innerText()).not.toContain('tried again later');

    // The queue has room again: the next pass sends the requests in a new batch, and the run ends in batch mode.
    await app!.fake.setBehavior({ batch: {} });
    expect(await callRoute(core.dispatch, 'batches.collect', { runId: run.id })).toMatchObject({
      submitted: 1,
      collected: 1,
      errors: [],
    });
    await waitForRunEnd(core, run.id);
    expect(await callRoute(core.dispatch, 'runs.get', { id: run.id })).toMatchObject({
      status: 'completed',
      progress: { completed: run.progress.total, failed: 0 },
    });
    await expect.poll(() => panel.getByTestId('batch-chunk').count()).toBe(2);
    expect(await panel.getByTestId('batch-finish-realtime').count()).toBe(0);
  });
});
