/**
 * The Electron shell: one secure window onto the core's handler map, plus what only a desktop app can do: native
 * Save-As and drag-out, a menu, a remembered window, sleep blocking, taskbar progress, notifications and a careful
 * quit. Decisions live in src/main/electron/* (tested in Node); this file only wires them to Electron.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, safeStorage, screen, session, shell } from 'electron';
import { AppError } from '../shared/errors';
import { DEFAULT_PREFERENCES, type Preferences, type PythonInUse } from '../shared/preferences';
import { installProcessGuards } from './front-door/process-guards';
import { createCore, type Core, devResourcePaths, createLogger, type Dispatch } from './core';
import { appMenuTemplate } from './electron/app-menu';
import { desktopDataDir, folderChooser, MoveGate, RELAUNCH_DELAY_MS } from './electron/data-folder';
import { LEAVE_BUTTON, unsavedPrompt } from './electron/unsaved-prompt';
import { DesktopRuns } from './electron/desktop-runs';
import { ExportDragOut } from './electron/drag';
import { LOG_FILE_NAME, logsDir, rotatingFileWriter } from './electron/file-log';
import { defaultDiscoveryOptions, discoverPython } from './electron/python-discovery';
import { quitChoice, quitPlan, quitPrompt } from './electron/quit-flow';
import { sleepBlockerEnabled } from './electron/run-monitor';
import { openSafeStorageSecretStore } from './electron/secret-vault';
import { testSavePath } from './electron/test-hooks';
import { throttleByKey } from './electron/throttle';
import { readWindowState, restoreWindowBounds, writeWindowState } from './electron/window-state';
import {
  contentSecurityPolicy,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  isAppUrl,
  isExternalLinkAllowed,
  mainWindowOptions,
  NAVIGATE_EVENT,
  definitionIdFromUrl,
  runIdFromUrl,
} from './electron/window-policy';

/** Set by electron.vite.config.ts: true only in a build made with VALUERANK_TEST_BUILD=1 (tests/electron). */
declare const __VALUERANK_TEST_BUILD__: boolean;

// VALUERANK_DATA_DIR applies here as in browser mode and the CLI; it also scopes the single-instance lock.
if (process.env.VALUERANK_DATA_DIR) app.setPath('userData', resolve(process.env.VALUERANK_DATA_DIR));
// "Move data folder…" leaves a pointer in the home data folder naming where the data went; a moved folder that is not
// reachable now (an unplugged drive) is refused at start (below) rather than started empty.
const chosen = process.env.VALUERANK_DATA_DIR ? null : desktopDataDir(app.getPath('userData'));
if (chosen) app.setPath('userData', chosen.dir);
const missingData = chosen?.missing ?? null;
const dataDir = app.getPath('userData');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = join(__dirname, '../renderer/index.html');
const windowStateFile = join(dataDir, 'window-state.json');
const dragOut = new ExportDragOut();
const logger = createLogger({
  write: rotatingFileWriter(join(logsDir(dataDir), LOG_FILE_NAME), { echo: (l) => process.stderr.write(l + '\n') }),
  secrets: () => core?.internals.providers.secretValues() ?? [],
}).child({ component: 'shell' });
let core: Core | null = null;
let runs: DesktopRuns | null = null;
let mainWindow: BrowserWindow | null = null;
let flushSecrets: () => Promise<void> = async () => {};
let quitting = false;

function resources(): { migrationsDir: string; pythonDir: string } {
  if (!app.isPackaged) return devResourcePaths(app.getAppPath());
  return { migrationsDir: join(process.resourcesPath, 'migrations'), pythonDir: join(process.resourcesPath, 'python') };
}

/** better-sqlite3 built for Electron by scripts/ensure-native.mjs (shipped as resources/native in a package). */
function nativeBinding(): string | undefined {
  const candidate = app.isPackaged
    ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

function send(name: string, payload: unknown): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, name, payload);
}

function show(hash?: string): void {
  if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow();
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
  if (hash) send(NAVIGATE_EVENT, { hash });
}

function createWindow(): BrowserWindow {
  const restored = restoreWindowBounds(
    readWindowState(windowStateFile),
    [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea),
  );
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs'), restored.bounds));
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  window.on('close', (event) => {
    // Closing the last window quits on Windows/Linux: ask first while runs execute (before-quit below asks).
    if (!quitting && process.platform !== 'darwin' && (runs?.monitor.executingRunIds().length ?? 0) > 0) {
      event.preventDefault();
      app.quit();
      return;
    }
    if (!window.isDestroyed())
      writeWindowState(windowStateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  });
  // The editor's beforeunload (unsaved changes) stops a close, reload or quit: ask here, and leave only when told to.
  window.webContents.on('will-prevent-unload', (event) => {
    if (dialog.showMessageBoxSync(window, unsavedPrompt()) === LEAVE_BUTTON) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl, pathToFileURL(rendererIndex).href)) event.preventDefault();
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererIndex);
  return window;
}

async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const answered = testSavePath(__VALUERANK_TEST_BUILD__, process.env, suggestedName, join);
  if (answered) {
    dragOut.allow(answered);
    return answered;
  }
  // The file's kind by its extension: results (CSV, JSON Lines) or a chart (SVG, PNG).
  const ext = /\.(jsonl|svg|png)$/.exec(suggestedName)?.[1] ?? 'csv';
  const kind = { csv: 'CSV', jsonl: 'JSON Lines', svg: 'SVG image', png: 'PNG image' }[ext] ?? 'CSV';
  const options = {
    title: ext === 'svg' || ext === 'png' ? `Save chart as ${kind}` : `Export results as ${kind}`,
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: kind, extensions: [ext] }],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  dragOut.allow(result.filePath);
  return result.filePath;
}

async function importDefinition(dispatch: Dispatch): Promise<void> {
  const picked = await dialog.showOpenDialog({
    title: 'Import definition',
    properties: ['openFile'],
    filters: [{ name: 'Definitions', extensions: ['yaml', 'yml', 'json'] }],
  });
  const path = picked.filePaths[0];
  if (picked.canceled || !path) return;
  const result = await dispatch('definitions.import', {
    fileName: basename(path),
    text: await readFile(path, 'utf8'),
  });
  if (result.ok)
    show(`#/definitions/${encodeURIComponent((result.value as { definition: { id: string } }).definition.id)}`);
  else dialog.showErrorBox('The definition was not imported', result.error.message);
}

/** Shows the open definition's start form, focused; a run starts only from there, with its options seen. */
async function newRunFromOpenDefinition(): Promise<void> {
  const definitionId = mainWindow ? definitionIdFromUrl(mainWindow.webContents.getURL()) : null;
  if (!definitionId) {
    await dialog.showMessageBox({ type: 'info', message: 'Open a definition first, then start a run from it.' });
    return;
  }
  show();
  send(NAVIGATE_EVENT, { hash: `#/definitions/${encodeURIComponent(definitionId)}`, focus: 'start-run' });
}

async function exportCurrentRun(dispatch: Dispatch): Promise<void> {
  const runId = mainWindow ? runIdFromUrl(mainWindow.webContents.getURL()) : null;
  if (!runId) {
    await dialog.showMessageBox({ type: 'info', message: 'Open a run first, then export it.' });
    return;
  }
  const result = await dispatch('export.csv', { runId });
  if (!result.ok) dialog.showErrorBox('The export failed', result.error.message);
  else {
    const saved = result.value as { path: string | null; rows: number };
    if (saved.path) shell.showItemInFolder(saved.path);
  }
}

function installMenu(dispatch: Dispatch): void {
  const template = appMenuTemplate(
    { platform: process.platform, appName: app.getName(), devTools: !app.isPackaged },
    {
      importDefinition: () => void importDefinition(dispatch),
      newDefinition: () => show('#/definitions/new'),
      exportCurrentRun: () => void exportCurrentRun(dispatch),
      newRunFromOpenDefinition: () => void newRunFromOpenDefinition(),
      openSettings: () => show('#/settings'),
      showRuns: () => show('#/runs'),
      showDefinitions: () => show('#/definitions'),
      showHelp: () => show('#/help'),
      revealDataFolder: () => void shell.openPath(dataDir),
      openLogsFolder: () => void shell.openPath(logsDir(dataDir)),
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

interface FoundPython {
  options: { pythonCommand?: string[]; pythonSource?: string; pythonAdvice?: string };
  /** Set when discovery found nothing: what was tried and what to install. */
  missing: { advice: string; rejected: string[] } | null;
}

/** Discovery after the Settings path (which the core applies itself, for every front door). */
async function findPython(): Promise<FoundPython> {
  const found = await discoverPython(defaultDiscoveryOptions(app.isPackaged ? process.resourcesPath : null));
  if (found.ok) {
    logger.info('python found', { argv: found.argv, source: found.source, version: found.version });
    return { options: { pythonCommand: found.argv, pythonSource: found.source }, missing: null };
  }
  logger.warn('no Python 3.10+ found', { rejected: found.rejected });
  return {
    options: { pythonAdvice: `No Python 3.10+ found. ${found.advice}` },
    missing: { advice: found.advice, rejected: found.rejected },
  };
}

/** Says what to install, unless the interpreter chosen in Settings works (the core prefers it to discovery). */
async function warnIfNoPython(ready: Core, missing: FoundPython['missing']): Promise<void> {
  if (!missing) return;
  const inUse = await ready.dispatch('system.python', {});
  if (inUse.ok && (inUse.value as PythonInUse).source === 'Settings') return;
  void dialog.showMessageBox({
    type: 'warning',
    message: 'ValueRank needs Python 3.10 or newer to run evaluations',
    detail: `${missing.advice}\n\nTried:\n${missing.rejected.join('\n')}`,
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  if (missingData) throw missingData;
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  const csp = contentSecurityPolicy(devServerUrl);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  const secrets = await openSafeStorageSecretStore(join(dataDir, 'secrets.enc.json'), safeStorage);
  flushSecrets = () => secrets.flush();
  if (secrets.undecryptable.length > 0) logger.warn('stored keys skipped', { names: secrets.undecryptable });
  const python = await findPython();
  core = await createCore({
    dataDir,
    resources: resources(),
    nativeBinding: nativeBinding(),
    ...python.options,
    secrets,
    logger,
    chooseSavePath,
    chooseFolder: folderChooser(
      (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
      app.getPath('home'),
    ),
    startDrag: (path) => {
      if (!mainWindow || mainWindow.isDestroyed()) throw new AppError('UNSUPPORTED', 'No window to drag from.');
      dragOut.start(mainWindow.webContents, path);
    },
  });
  const ready = core;
  const moveGate = new MoveGate();
  ipcMain.handle(INVOKE_CHANNEL, async (_event, route: unknown, input: unknown) => {
    if (typeof route !== 'string')
      return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: 'route must be a string' } };
    const answered = await moveGate.call(route, () => ready.dispatch(route, input));
    // A restore, or a moved data folder, is opened by a new start of the app (electron/data-folder.ts): once the
    // answer is on screen, the app restarts through the ordinary quit (asks first while runs execute; closes the
    // database cleanly). A cancelled quit: the next one.
    if (answered.relaunch) {
      setTimeout(() => {
        app.relaunch();
        app.quit();
      }, RELAUNCH_DELAY_MS);
    }
    return answered.result;
  });
  installMenu(moveGate.gate(ready.dispatch));
  mainWindow = createWindow();
  void warnIfNoPython(ready, python.missing);
  const preferences = await ready.dispatch('preferences.get', {});
  runs = new DesktopRuns({
    dispatch: ready.dispatch,
    window: () => mainWindow,
    open: (hash) => show(hash),
    // Settings → This computer decides; VALUERANK_PREVENT_SLEEP=0/1 overrides it (sleepBlockerEnabled).
    preventSleep: sleepBlockerEnabled(
      process.env,
      preferences.ok ? (preferences.value as Preferences).preventSleep : DEFAULT_PREFERENCES.preventSleep,
    ),
    logger,
  });
  await runs.seed();
  const desktop = runs;
  ready.events.on('preferences.changed', (saved) =>
    desktop.setPreventSleep(sleepBlockerEnabled(process.env, saved.preventSleep)),
  );
  const pushProgress = throttleByKey((runId) => {
    send('run.progress', { runId });
    void desktop.refresh(runId);
  }, 250);
  ready.events.on('run.progress', ({ runId }) => pushProgress(runId));
  // Batches went on at the provider while the lid was closed: collect what finished as soon as the computer wakes.
  powerMonitor.on('resume', () => void ready.wake());
  app.on('activate', () => show());
}

/** Quitting with runs executing asks first; the chosen control goes through the contract like a button would. */
let asking = false;
async function confirmQuit(): Promise<boolean> {
  if (!core || !runs) return true;
  if (asking) return false; // Cmd+Q pressed again while the question is on screen: one dialog is enough.
  asking = true;
  try {
    return await askBeforeQuit(core, runs);
  } finally {
    asking = false;
  }
}

async function askBeforeQuit(core: Core, runs: DesktopRuns): Promise<boolean> {
  await runs.seed(); // a run started a moment ago may not have reported progress yet
  const executing = runs.monitor.executingRunIds();
  const prompt = quitPrompt(executing.length);
  if (!prompt) return true;
  const answer =
    mainWindow && !mainWindow.isDestroyed()
      ? await dialog.showMessageBox(mainWindow, prompt)
      : await dialog.showMessageBox(prompt);
  const plan = quitPlan(quitChoice(answer.response), executing);
  if (!plan) {
    show(); // "Don't quit" after the last window closed on Windows/Linux: bring a window back
    return false;
  }
  for (const step of plan) await core.dispatch(step.route, step.input);
  return true;
}

// Never swallowed: an unhandled rejection or a write refused for lack of room is logged to the file log and the app
// carries on (the run pauses itself on a full disk); any other uncaught exception is logged and the app stops.
installProcessGuards(process, {
  err: (line) => logger.error(line),
  exit: (code) => {
    dialog.showErrorBox(
      'ValueRank Desktop stopped',
      'An unexpected error stopped the app; the log folder has the details.',
    );
    app.exit(code);
  },
  name: 'valuerank desktop',
});

if (!app.requestSingleInstanceLock()) {
  // Another window already owns this data folder: it is focused (second-instance below) and this one leaves.
  app.exit(0);
} else {
  app.on('second-instance', () => show());
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    void confirmQuit().then((go) => {
      if (!go || !core) return;
      quitting = true;
      runs?.dispose();
      const closing = core;
      void flushSecrets()
        .then(() => closing.close())
        .finally(() => app.quit());
    });
  });
  start().catch((error: unknown) => {
    logger.error('start failed', { error });
    dialog.showErrorBox('ValueRank Desktop could not start', (error as Error).message);
    app.exit(1);
  });
}
