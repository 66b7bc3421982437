/** Settings → "Your data" in a real browser over a real core: "Back up data…" makes a checked copy, listed at once. */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';

describe('Settings: Your data', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
    await page.goto(page.url().replace(/#.*$/, '#/settings'));
    await page.getByTestId('data-backups').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('backs up the data with one click, says where, and lists the copy', async () => {
    await page.getByTestId('backups-empty').waitFor();
    await page.getByTestId('back-up-data').click();
    const done = await page.getByTestId('back-up-done').innerText();
    const { backups } = await callRoute(app!.core.dispatch, 'data.backups', {});
    expect(backups).toHaveLength(1);
    expect(done).toBe(`Backed up to ${backups[0]!.path}`);
    expect(existsSync(backups[0]!.path)).toBe(true);
    await expect.poll(() => page.getByTestId('backups-list').innerText()).toContain(backups[0]!.path);
    expect(await page.getByTestId('backups-list').innerText()).toContain('asked for');
  });
});
