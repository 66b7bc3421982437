/**
 * Settings → "Your data" in a real browser over a real core: "Back up data…" makes a checked copy, listed at once, and
 * "Restore…" stages one for the next start after a safety copy.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('restores a listed backup through Restore…: confirmation, a safety copy now, the copy staged for the next start', async () => {
    const { backups } = await callRoute(app!.core.dispatch, 'data.backups', {});
    const chosen = backups[0]!;
    const row = page.getByTestId('backups-list').locator('li', { hasText: chosen.path });
    await row.getByTestId('restore-button').click();
    await row.getByTestId('restore-cancel').click();
    await row.getByTestId('restore-button').click();
    const question = await row.getByTestId('restore-confirm').innerText();
    expect(question).toContain('Replace all current data (definitions, runs, transcripts)');
    expect(question).toContain('“before a restore” copy');
    await row.getByTestId('restore-confirm-button').click();
    const done = await row.getByTestId('restore-done').innerText();
    expect(done).toMatch(/^Restore of \d+ definitions?, \d+ runs?, \d+ transcripts? staged\./);
    expect(done).toContain('goes in place at the next start');
    expect(existsSync(join(app!.dir, 'data', 'restore-pending.sqlite'))).toBe(true);
    const after = await callRoute(app!.core.dispatch, 'data.backups', {});
    const safety = after.backups.find((file) => file.kind === 'before-restore');
    expect(safety).toBeDefined();
    expect(done).toContain(safety!.path);
    await expect.poll(() => page.getByTestId('backups-list').innerText()).toContain('before a restore');
  });

  it('refuses to move the data into a folder that is not empty, with the reason', async () => {
    const busy = mkdtempSync(join(tmpdir(), 'vr-move-busy-'));
    writeFileSync(join(busy, 'keep-me.txt'), 'mine');
    await page.getByTestId('data-move-destination').fill(busy);
    await page.getByTestId('data-move-button').click();
    expect(await page.getByTestId('data-move-error').innerText()).toMatch(/not empty/i);
    expect(existsSync(join(busy, 'valuerank.sqlite'))).toBe(false);
  });

  it('moves the data folder to a typed empty folder, checks the copy, and says what happens next', async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'vr-move-')), 'data');
    await page.getByTestId('data-move-destination').fill(target);
    await page.getByTestId('data-move-button').click();
    const done = await page.getByTestId('data-move-done').innerText();
    expect(done).toContain(`Copied and checked in ${target}`);
    expect(done).toMatch(/\d+ definitions?, \d+ runs?, \d+ transcripts?\./);
    expect(existsSync(join(target, 'valuerank.sqlite'))).toBe(true);
  });
});
