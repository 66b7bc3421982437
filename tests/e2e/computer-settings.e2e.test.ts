/**
 * Settings → "This computer" in a real browser over a real core: the sleep switch (said to apply only in the desktop
 * app here) saved through the contract; the Python path refused inline with the reason, a real interpreter saved and
 * shown in use (from Settings, with its version), System Health naming it, and "Use automatic discovery" going back.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { checkInterpreter } from '../../src/main/core/python/interpreter';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';

describe.skipIf(process.platform === 'win32')('Settings: This computer', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let chosen: string;

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
    // A real interpreter at a path with a space, distinct from what PATH finds.
    const dir = join(app.dir, 'my pythons');
    mkdirSync(dir);
    chosen = join(dir, 'python3');
    symlinkSync('/usr/bin/python3', chosen);
    await page.goto(page.url().replace(/#.*$/, '#/settings'));
    await page.getByTestId('computer-settings').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('saves the sleep switch and says it applies only in the desktop app', async () => {
    const box = page.getByTestId('prevent-sleep');
    await expect.poll(() => box.isChecked()).toBe(true);
    expect(await page.getByTestId('prevent-sleep-note').innerText()).toMatch(/Applies only in the desktop app/);
    await box.click();
    await expect.poll(() => box.isChecked()).toBe(false);
    await expect
      .poll(async () => (await callRoute(app!.core.dispatch, 'preferences.get', {})).preventSleep)
      .toBe(false);
  });

  it('refuses a bad Python path inline, uses a good one at once, and goes back to discovery', async () => {
    const inUse = page.getByTestId('python-in-use');
    await expect.poll(() => inUse.innerText()).toMatch(/^In use: python3 \(from PATH\) · Python 3\.\d+\.\d+/);

    const field = page.getByTestId('python-path');
    await field.fill(join(app!.dir, 'nowhere', 'python3'));
    await page.getByTestId('python-path-save').click();
    await expect
      .poll(() => page.getByTestId('python-path-error').innerText())
      .toMatch(/This Python cannot be used: There is no file at .*nowhere/);
    expect((await callRoute(app!.core.dispatch, 'preferences.get', {})).pythonPath).toBeNull();

    await field.fill(chosen);
    await page.getByTestId('python-path-save').click();
    await page.getByTestId('python-path-saved').waitFor();
    const system = await checkInterpreter(['/usr/bin/python3']);
    const version = system.ok ? system.version : 'none';
    await expect
      .poll(() => inUse.innerText(), { timeout: 60_000 })
      .toContain(`In use: ${chosen} (from Settings) · Python ${version}`);
    expect(await page.getByTestId('python-path-error').count()).toBe(0);

    // System Health names the interpreter and where it came from.
    await page.getByTestId('health-check-all').click();
    await expect.poll(() => page.getByTestId('health-worker').innerText()).toContain(`${chosen} (from Settings)`);

    await page.getByTestId('python-path-discover').click();
    // Real work before the row changes: the pool drains and restarts on the other interpreter, which is then checked;
    // on a loaded machine (load 10-20) that took over the 15 s default once. An upper bound, not a wait.
    await expect.poll(() => inUse.innerText(), { timeout: 60_000 }).toMatch(/^In use: python3 \(from PATH\)/);
    expect(await field.inputValue()).toBe('');
    expect((await callRoute(app!.core.dispatch, 'preferences.get', {})).pythonPath).toBeNull();
  });
});
