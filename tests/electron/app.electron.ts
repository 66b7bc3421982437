/**
 * The real Electron app, driven through playwright-core's Electron support (npm run test:electron): launch, import a
 * definition, run it against the loopback fake provider, progress over IPC, pause/resume, export through Save-As
 * (answered by the test-only VALUERANK_TEST_SAVE_DIR, honoured only in a VALUERANK_TEST_BUILD=1 build), drag-out
 * refused for a file the session did not write, and keys stored through safeStorage.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { makeTempDir } from '../helpers/temp';
import type { Bridge } from '../../src/shared/ipc';

/** The page's globals, typed here: this file is type-checked without the DOM library (tsconfig.node.json). */
interface TestWindow {
  valuerank?: Bridge;
  progressEvents: unknown[];
  require?: unknown;
}

const ROOT = resolve(__dirname, '..', '..');
const ELECTRON = process.env.VALUERANK_ELECTRON_PATH;
const RUN_TIMEOUT_MS = 90_000;

/** 4 × 4 × 4 = 64 scenarios: long enough at two jobs in flight to pause mid-run. */
const DEFINITION = `name: Electron e2e dilemma
preamble: |
  Pick one answer and end with "Rating: N".
  5 - Strongly support A
  1 - Strongly support B
template: "A case where [One] and [Two] and [Three]."
dimensions:
${['One', 'Two', 'Three']
  .map(
    (name) =>
      `  - name: ${name}\n    levels:\n` +
      [1, 2, 3, 4]
        .map((s) => `      - { score: ${s}, label: l${s}, options: ["${name.toLowerCase()} ${s}"] }`)
        .join('\n'),
  )
  .join('\n')}
`;

describe('the Electron app', () => {
  let app: ElectronApplication;
  let page: Page;
  let fake: FakeProvider;
  const temp = makeTempDir('valuerank-electron-');
  const dataDir = join(temp.dir, 'data');
  const saveDir = join(temp.dir, 'saved');
  let runId = '';

  beforeAll(async () => {
    if (!ELECTRON) throw new Error('Run through "npm run test:electron", which finds the Electron binary.');
    mkdirSync(saveDir, { recursive: true });
    fake = await startFakeProvider({ latencyMs: 150 });
    app = await _electron.launch({
      executablePath: ELECTRON,
      args: [ROOT, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: {
        ...process.env,
        VALUERANK_DATA_DIR: dataDir,
        VALUERANK_TEST_SAVE_DIR: saveDir,
        VALUERANK_CONCURRENCY: '2',
        OPENAI_BASE_URL: `${fake.url}/v1`,
        OPENAI_API_KEY: 'test-key',
      },
    });
    page = await app.firstWindow();
    page.setDefaultTimeout(20_000);
    // Listen only once the app's page (not the initial blank one) is up, or the listener is lost on navigation.
    await page.getByRole('heading', { name: 'Definitions', level: 1 }).waitFor();
    await page.evaluate(() => {
      const seen: unknown[] = [];
      const win = globalThis as unknown as { progressEvents: unknown[]; valuerank?: Bridge };
      win.progressEvents = seen;
      win.valuerank?.on('run.progress', (payload) => seen.push(payload));
    });
  });

  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await fake?.close().catch(() => undefined);
    temp.cleanup();
  });

  it('opens one sandboxed window at least 1024×700 on the definitions page', async () => {
    await page.getByRole('heading', { name: 'Definitions', level: 1 }).waitFor();
    const size = await app.evaluate(({ BrowserWindow }) => {
      const [win] = BrowserWindow.getAllWindows();
      return { count: BrowserWindow.getAllWindows().length, min: win!.getMinimumSize() };
    });
    expect(size).toEqual({ count: 1, min: [1024, 700] });
    expect(await page.evaluate(() => typeof (globalThis as unknown as TestWindow).require)).toBe('undefined');
  });

  it('imports a definition, runs it, and receives progress over IPC', async () => {
    const file = join(temp.dir, 'dilemma.yaml');
    writeFileSync(file, DEFINITION);
    await page.getByTestId('import-file').setInputFiles(file);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as TestWindow).progressEvents.length), {
        timeout: RUN_TIMEOUT_MS,
      })
      .toBeGreaterThan(0);
    const events = await page.evaluate(() => (globalThis as unknown as TestWindow).progressEvents);
    expect(events).toContainEqual({ runId });
  });

  it('pauses and resumes the run, then it completes', async () => {
    await page.getByTestId('pause-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^paused$/ })
      .waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.getByTestId('resume-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: RUN_TIMEOUT_MS });
  });

  it('exports through Save-As into the folder the test named, and only that file may be dragged out', async () => {
    await page.getByTestId('export-csv').click();
    await expect
      .poll(() => existsSync(join(saveDir, `run_${runId}_${new Date().toISOString().slice(0, 10)}.csv`)), {
        timeout: RUN_TIMEOUT_MS,
      })
      .toBe(true);
    const refused = await page.evaluate(() =>
      (globalThis as unknown as TestWindow).valuerank!.invoke('electron.startDrag', { path: '/etc/hosts' }),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('stores keys through safeStorage, never as plain text', async () => {
    const saved = (await page.evaluate(() =>
      (globalThis as unknown as TestWindow).valuerank!.invoke('providers.save', {
        providerId: 'anthropic',
        apiKey: 'sk-ant-electron-e2e',
      }),
    )) as { ok: boolean; error?: { message: string } };
    const health = (await page.evaluate(() =>
      (globalThis as unknown as TestWindow).valuerank!.invoke('system.health', {}),
    )) as {
      ok: true;
      value: { secrets: { kind: string; warning: string | null } };
    };
    expect(health.value.secrets.kind).toMatch(/safeStorage/);
    if (saved.ok) {
      await expect.poll(() => existsSync(join(dataDir, 'secrets.enc.json'))).toBe(true);
      expect(readFileSync(join(dataDir, 'secrets.enc.json'), 'utf8')).not.toContain('sk-ant-electron-e2e');
    } else {
      // A machine with no keyring at all: the key is refused, plainly.
      expect(saved.error?.message).toMatch(/no encryption/);
    }
  });
});
