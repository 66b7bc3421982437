/**
 * Settings → "Move data folder…" in a real browser over a real core started as `npm run web` is (the home data
 * folder, switchable): each unsafe destination is refused with its sentence and nothing created; a move switches the
 * app to the new folder at once and the page reads the new folder; and, with a stand-in for the desktop bridge (a
 * forwarder like the preload, the native dialog injected into the core), "Choose…" fills the folder.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectDatabaseFile } from '../../src/main/core/db/backup';
import { DATABASE_FILE } from '../../src/main/core/db/open';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { homeDataDir } from '../../src/main/core/paths';
import { freeBytesAt } from '../../src/main/core/util/disk';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { SAMPLE_YAML } from '../helpers/db';
import { makeUnwritable } from '../helpers/unwritable';

describe('Settings: Move data folder', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let home: string;
  let smallDisk = false;
  let chosen = '';
  const dialogTitles: string[] = [];

  const tryMove = async (destination: string, refusal: RegExp): Promise<void> => {
    await page.getByTestId('data-move-destination').fill(destination);
    await page.getByTestId('data-move-button').click();
    await page.getByTestId('data-move-error').filter({ hasText: refusal }).waitFor();
  };

  beforeAll(async () => {
    app = await launchBrowserApp({
      switchable: true,
      core: {
        freeBytes: (dir) => (smallDisk ? 5 * 1024 * 1024 : freeBytesAt(dir)),
        chooseFolder: async ({ title }) => {
          dialogTitles.push(title);
          return chosen;
        },
      },
    });
    page = app.page;
    home = homeDataDir({ XDG_CONFIG_HOME: join(app.dir, 'config') }, 'linux');
    await callRoute(app.core.dispatch, 'definitions.import', { fileName: 'council.yaml', text: SAMPLE_YAML });
    await page.goto(page.url().replace(/#.*$/, '#/settings'));
    await page.getByTestId('data-move').waitFor();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses the same folder, a folder inside it, a non-empty or unwritable folder and a full disk, each saying why', async () => {
    expect(await page.getByTestId('data-move-choose').count()).toBe(0);
    symlinkSync(home, join(app!.dir, 'link-to-data'));
    await tryMove(`${home}/`, /is the data folder in use: choose another folder/);
    await tryMove(join(app!.dir, 'link-to-data'), /link-to-data is the data folder in use/);
    await tryMove(join(home, 'inside'), /inside the data folder in use/);
    const full = join(app!.dir, 'full');
    mkdirSync(full);
    writeFileSync(join(full, 'thesis.docx'), 'mine');
    await tryMove(full, /full is not empty: choose an empty or new folder/);
    const locked = join(app!.dir, 'locked');
    mkdirSync(locked);
    const unlock = makeUnwritable(locked);
    if (unlock) {
      try {
        await tryMove(join(locked, 'data'), /cannot be created: .*locked cannot be written by you/);
      } finally {
        unlock();
      }
    }
    smallDisk = true;
    try {
      await tryMove(join(app!.dir, 'small'), /has 5\.0 MB free; the data needs .*Free some space or choose another/);
    } finally {
      smallDisk = false;
    }
    expect(readdirSync(full)).toEqual(['thesis.docx']);
    expect(readdirSync(locked)).toEqual([]);
    expect(existsSync(join(home, 'inside'))).toBe(false);
    expect(existsSync(join(app!.dir, 'small'))).toBe(false);
  });

  it('moves to a typed folder and uses it at once: the page reads the new folder, the old keeps its data', async () => {
    const dest = join(app!.dir, 'moved', 'data');
    await page.getByTestId('data-move-destination').fill(dest);
    await page.getByTestId('data-move-button').click();
    // A move closes one core and opens another (Python workers included): slower than a click on a loaded machine.
    await page.getByTestId('data-move-done').waitFor({ timeout: 100_000 });
    const done = await page.getByTestId('data-move-done').innerText();
    expect(done).toContain(`Copied and checked in ${dest}: 1 definition`);
    expect(done).toContain(`ValueRank Desktop now uses ${dest}.`);
    expect(done).toContain(`The old folder ${home} was not changed`);
    // The backups card, read again, names the new folder's backups.
    await page
      .getByTestId('data-backups')
      .filter({ hasText: join(dest, 'backups') })
      .waitFor();
    await callRoute(app!.core.dispatch, 'definitions.import', {
      fileName: 'second.yaml',
      text: SAMPLE_YAML.replace(/^name: .*$/m, 'name: Second'),
    });
    expect(inspectDatabaseFile(join(dest, DATABASE_FILE)).counts.definitions).toBe(2);
    expect(inspectDatabaseFile(join(home, DATABASE_FILE)).counts.definitions).toBe(1);
  });

  it('fills the folder from the desktop chooser through the bridge, then moves there', async () => {
    chosen = join(app!.dir, 'chosen by dialog');
    // Stands in for the preload: the same invoke/on forwarder, to the same core (over this page's session).
    await page.addInitScript(() => {
      Object.defineProperty(window, 'valuerank', {
        value: {
          invoke: (route: string, input: unknown) =>
            fetch('/api/invoke', {
              method: 'POST',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ route, input }),
            }).then((response) => response.json()),
          on: () => () => undefined,
        },
      });
    });
    await page.reload();
    await page.getByTestId('data-move-choose').click();
    await expect.poll(() => page.getByTestId('data-move-destination').inputValue(), { timeout: 30_000 }).toBe(chosen);
    expect(dialogTitles).toEqual(['Move data folder to…']);
    await page.getByTestId('data-move-button').click();
    // A move closes one core and opens another (Python workers included): slower than a click on a loaded machine.
    await page.getByTestId('data-move-done').waitFor({ timeout: 100_000 });
    const done = await page.getByTestId('data-move-done').innerText();
    expect(done).toContain(`Copied and checked in ${chosen}: 2 definitions`);
    expect(existsSync(join(chosen, DATABASE_FILE))).toBe(true);
  });
});
