/** Browser mode in a real Chromium (Debian's, through playwright-core) over a real core and the fake provider. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/create-core';
import { createLogger, type Logger } from '../../src/main/core/util/logger';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { switchableCore } from '../../src/main/front-door/switchable-core';
import { homeDataDir } from '../../src/main/core/paths';
import { startFakeProvider, type FakeBehavior, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { recordRendererCoverage, type RendererCoverage } from './renderer-coverage';
import { isTerminalRunStatus } from '../../src/shared/domain';
import { makeTempDir } from './temp';

export const ROOT = resolve(__dirname, '..', '..');
export const RENDERER_DIR = join(ROOT, 'out', 'renderer');
export const SAMPLE_DEFINITION = join(ROOT, 'resources', 'definitions', 'council-housing.yaml');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserApp {
  page: Page;
  core: Core;
  fake: FakeProvider;
  server: WebServer;
  dir: string;
  pageErrors: string[];
  cspViolations: string[];
  close(): Promise<void>;
}

export async function launchBrowserApp(
  options: {
    fake?: Partial<FakeBehavior>;
    core?: Partial<CoreOptions>;
    serverLogger?: Logger;
    /**
     * As `npm run web` without --data-dir: the data folder is the home one (under a temporary XDG_CONFIG_HOME) and a
     * move switches the server to the new folder (front-door/switchable-core.ts); `app.core` follows the switch.
     */
    switchable?: boolean;
  } = {},
): Promise<BrowserApp> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}. Install chromium or set CHROMIUM_PATH to a Chromium binary.`);
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error(`No built renderer in ${RENDERER_DIR}: run "npx electron-vite build" first.`);
  const temp = makeTempDir('valuerank-e2e-');
  let fake: FakeProvider | undefined;
  let core: Core | undefined;
  let server: WebServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let coverage: RendererCoverage | undefined;
  const close = async (): Promise<void> => {
    await coverage?.save();
    await context?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    // Requests a test left held would otherwise keep the scheduler's drain waiting.
    fake?.open();
    await core?.close().catch(() => undefined);
    await fake?.close().catch(() => undefined);
    temp.cleanup();
  };
  try {
    fake = await startFakeProvider(options.fake ?? {});
    const env = {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      ...(options.switchable ? { XDG_CONFIG_HOME: join(temp.dir, 'config') } : {}),
    };
    const dataDir = options.switchable ? homeDataDir(env, 'linux') : join(temp.dir, 'data');
    const open = (folder: string): Promise<Core> =>
      createCore({
        dataDir: folder,
        env,
        // Keep test output readable: warnings and errors only (a test that wants the log passes its own logger).
        logger: createLogger({ level: 'warn' }),
        ...options.core,
      });
    const first = await open(dataDir);
    const switching = options.switchable
      ? switchableCore({ first, dataDir, open, logger: createLogger({ level: 'warn' }) })
      : null;
    core = switching ?? first;
    server = await startWebServer({
      core,
      dataDir: switching ? () => switching.dataDir() : dataDir,
      rendererDir: RENDERER_DIR,
      ...(options.serverLogger ? { logger: options.serverLogger } : {}),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    coverage = await recordRendererCoverage(context, page, RENDERER_DIR);
    // An upper bound for failure, not a wait: a page on a machine at load 20 (other suites, CPU burners) needs it.
    page.setDefaultTimeout(30_000);
    const pageErrors: string[] = [];
    const cspViolations: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/content security policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(server.url);
    return { page, core, fake, server, dir: temp.dir, pageErrors, cspViolations, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Imports the sample definition through the UI, adds one model and starts a run; resolves to the new run's id. */
/**
 * Waits until the run's stored status is final. No deadline of its own: the test's timeout bounds it, so a loaded
 * machine makes the wait longer, never wrong.
 */
export async function waitForRunEnd(core: Core, runId: string): Promise<void> {
  while (!isTerminalRunStatus(core.internals.runs.get(runId).status))
    await new Promise((resolve) => setTimeout(resolve, 50));
}

export async function startRunFromUi(page: Page, modelId = 'gpt-4o-mini'): Promise<string> {
  await page.getByTestId('import-file').setInputFiles(SAMPLE_DEFINITION);
  await page.waitForURL(/#\/definitions\/[^/]+$/);
  await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
  await page.getByTestId('model-id').fill(modelId);
  await page.getByTestId('add-model').click();
  await page.getByTestId('start-run-button').click();
  await page.waitForURL(/#\/runs\/[^/]+$/);
  return decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
}
