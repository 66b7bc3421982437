/** The Electron shell: one secure window, one invoke channel onto the core's handler map, native Save-As. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { AppError } from '../shared/errors';
import { createCore, type Core } from './core/create-core';
import { createFileSecretStore } from './core/providers/secrets';
import { devResourcePaths } from './core/paths';
import { ExportDragOut } from './electron/drag';
import { safeStorageCipher } from './electron/safe-storage-cipher';
import { throttleByKey } from './electron/throttle';
import {
  CONTENT_SECURITY_POLICY,
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  isAppUrl,
  isExternalLinkAllowed,
  mainWindowOptions,
} from './electron/window-policy';

let core: Core | null = null;
let mainWindow: BrowserWindow | null = null;
const dragOut = new ExportDragOut();
const rendererIndex = join(__dirname, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

function resources(): { migrationsDir: string; pythonDir: string } {
  if (app.isPackaged)
    return {
      migrationsDir: join(process.resourcesPath, 'migrations'),
      pythonDir: join(process.resourcesPath, 'python'),
    };
  return devResourcePaths(app.getAppPath());
}

/** In development, scripts/ensure-native.mjs builds better-sqlite3 for Electron's ABI into .native/electron. */
function nativeBinding(): string | undefined {
  if (app.isPackaged) return undefined;
  const candidate = join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs')));
  window.once('ready-to-show', () => window.show());
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

async function start(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  const dataDir = app.getPath('userData');
  core = await createCore({
    dataDir,
    resources: resources(),
    nativeBinding: nativeBinding(),
    secrets: createFileSecretStore(join(dataDir, 'secrets.enc.json'), safeStorageCipher(safeStorage)),
    chooseSavePath: async (suggestedName) => {
      const jsonl = suggestedName.endsWith('.jsonl');
      const options = {
        title: jsonl ? 'Export results as JSON Lines' : 'Export results as CSV',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [jsonl ? { name: 'JSON Lines', extensions: ['jsonl'] } : { name: 'CSV', extensions: ['csv'] }],
      };
      const result = mainWindow
        ? await dialog.showSaveDialog(mainWindow, options)
        : await dialog.showSaveDialog(options);
      if (result.canceled || !result.filePath) return null;
      dragOut.allow(result.filePath);
      return result.filePath;
    },
    startDrag: (path) => {
      if (!mainWindow || mainWindow.isDestroyed()) throw new AppError('UNSUPPORTED', 'No window to drag from.');
      dragOut.start(mainWindow.webContents, path);
    },
  });
  const ready = core;
  ipcMain.handle(INVOKE_CHANNEL, (_event, route: unknown, input: unknown) => {
    return typeof route === 'string'
      ? ready.dispatch(route, input)
      : { ok: false, error: { code: 'UNKNOWN_ROUTE', message: 'route must be a string' } };
  });
  mainWindow = createWindow();
  const pushProgress = throttleByKey((runId) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(EVENT_CHANNEL, 'run.progress', { runId });
  }, 250);
  ready.events.on('run.progress', ({ runId }) => pushProgress(runId));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !core) return;
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

start().catch((error: unknown) => {
  dialog.showErrorBox('ValueRank Desktop could not start', (error as Error).message);
  app.exit(1);
});
