import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type MenuActions } from '../../src/main/electron/app-menu';
import { LEAVE_BUTTON, unsavedPrompt } from '../../src/main/electron/unsaved-prompt';
import { rotate, rotatingFileWriter } from '../../src/main/electron/file-log';
import { testSavePath } from '../../src/main/electron/test-hooks';
import {
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  mainWindowOptions,
  definitionIdFromUrl,
  runIdFromUrl,
} from '../../src/main/electron/window-policy';
import { readWindowState, restoreWindowBounds, writeWindowState } from '../../src/main/electron/window-state';
import { createLogger } from '../../src/main/core/util/logger';
import { makeTempDir } from '../helpers/temp';

const laptop = { x: 0, y: 0, width: 1440, height: 875 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state', () => {
  it('opens a first window centred on the primary display, at the minimum size at least', () => {
    expect(restoreWindowBounds(null, [laptop])).toEqual({
      bounds: { x: 80, y: 8, width: 1280, height: 860 },
      maximized: false,
    });
    expect(mainWindowOptions('/p.cjs')).toMatchObject({ minWidth: 1024, minHeight: 700 });
  });
  it('puts a saved window back on the display it was on', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowBounds(saved, [laptop, external])).toEqual({ bounds: saved.bounds, maximized: true });
  });
  it('clamps a window that hangs off its display, is too small or too large', () => {
    const offEdge = { bounds: { x: 1000, y: 500, width: 800, height: 500 }, maximized: false };
    expect(restoreWindowBounds(offEdge, [laptop]).bounds).toEqual({ x: 416, y: 175, width: 1024, height: 700 });
    const huge = { bounds: { x: 10, y: 10, width: 5000, height: 3000 }, maximized: false };
    expect(restoreWindowBounds(huge, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 875 });
  });
  it('centres on the primary display when the saved display is gone', () => {
    const onUnplugged = { bounds: { x: 3000, y: 200, width: 1200, height: 800 }, maximized: false };
    expect(restoreWindowBounds(onUnplugged, [laptop]).bounds).toEqual({ x: 120, y: 38, width: 1200, height: 800 });
    expect(restoreWindowBounds(onUnplugged, []).bounds).toEqual({ width: 1200, height: 800 });
  });
  it('never makes a window bigger than a small screen', () => {
    const small = { x: 0, y: 0, width: 900, height: 600 };
    expect(restoreWindowBounds(null, [small]).bounds).toEqual({ x: 0, y: 0, width: 900, height: 600 });
  });
  it('round-trips through its file and ignores a damaged one', () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, 'sub', 'window-state.json');
      expect(readWindowState(path)).toBeNull();
      writeWindowState(path, { bounds: { x: 1, y: 2, width: 1100, height: 750 }, maximized: false });
      expect(readWindowState(path)).toEqual({ bounds: { x: 1, y: 2, width: 1100, height: 750 }, maximized: false });
      writeFileSync(path, '{"bounds":{"x":"a"}}');
      expect(readWindowState(path)).toBeNull();
    } finally {
      temp.cleanup();
    }
  });
});

describe('content security policy', () => {
  it('is strict for the packaged renderer', () => {
    expect(contentSecurityPolicy(undefined)).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
    expect(contentSecurityPolicy('not a url')).toBe(CONTENT_SECURITY_POLICY);
  });
  it('lets the Vite dev server run its inline preamble and HMR socket, and nothing more', () => {
    const dev = contentSecurityPolicy('http://localhost:5173/');
    expect(dev).toContain("script-src 'self' 'unsafe-inline';");
    expect(dev).toContain("connect-src 'self' ws://localhost:5173;");
    expect(dev).toContain("object-src 'none'");
  });
});

describe('menu', () => {
  const calls: string[] = [];
  const actions = new Proxy({} as MenuActions, { get: (_t, name: string) => () => calls.push(name) });
  type Item = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: Item[] };
  const flat = (items: Item[]): Item[] => items.flatMap((i) => [i, ...flat(i.submenu ?? [])]);

  it('has the standard roles and the app commands with their accelerators', () => {
    const items = flat(
      appMenuTemplate({ platform: 'linux', appName: 'ValueRank Desktop', devTools: false }, actions) as Item[],
    );
    const byLabel = (label: string): Item => items.find((i) => i.label?.startsWith(label))!;
    expect(byLabel('Import Definition').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('New Definition').accelerator).toBe('CmdOrCtrl+Shift+N');
    expect(byLabel('Export Current Run').accelerator).toBe('CmdOrCtrl+E');
    expect(byLabel('New Run from Open Definition').accelerator).toBe('CmdOrCtrl+N');
    expect(byLabel('Settings').accelerator).toBe('CmdOrCtrl+,');
    expect(byLabel('ValueRank Desktop Help').accelerator).toBe('F1');
    for (const role of ['editMenu', 'windowMenu', 'help', 'quit'])
      expect(items.some((i) => i.role === role)).toBe(true);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
    for (const label of [
      'New Definition',
      'Import Definition',
      'New Run from Open Definition',
      'Export Current Run',
      'Settings',
      'Reveal Data Folder',
      'Open Logs Folder',
      'Runs',
      'Definitions',
      'ValueRank Desktop Help',
    ])
      byLabel(label).click!();
    expect(calls).toEqual([
      'newDefinition',
      'importDefinition',
      'newRunFromOpenDefinition',
      'exportCurrentRun',
      'openSettings',
      'revealDataFolder',
      'openLogsFolder',
      'showRuns',
      'showDefinitions',
      'showHelp',
    ]);
  });
  it('puts Settings and Quit in the app menu on macOS, and dev tools only in development', () => {
    const mac = appMenuTemplate(
      { platform: 'darwin', appName: 'ValueRank Desktop', devTools: true },
      actions,
    ) as Item[];
    expect(mac[0]!.label).toBe('ValueRank Desktop');
    expect(flat(mac[0]!.submenu!).map((i) => i.role ?? i.label)).toEqual(expect.arrayContaining(['Settings…', 'quit']));
    expect(flat(mac).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });
});

describe('local log file', () => {
  it('writes redacted lines and rotates at the size limit, keeping a few old files', () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, 'logs', 'valuerank.log');
      const echoed: string[] = [];
      const logger = createLogger({
        write: rotatingFileWriter(path, { maxBytes: 400, keep: 2, echo: (l) => echoed.push(l) }),
        secrets: () => ['sk-very-secret'],
      });
      for (let i = 0; i < 12; i++) logger.info(`line ${i} with sk-very-secret`, { apiKey: 'x' });
      const all = [path, `${path}.1`, `${path}.2`]
        .filter(existsSync)
        .map((p) => readFileSync(p, 'utf8'))
        .join('');
      expect(all).not.toContain('sk-very-secret');
      expect(all).toContain('[redacted]');
      expect(existsSync(`${path}.3`)).toBe(false);
      expect(existsSync(`${path}.2`)).toBe(true);
      expect(readFileSync(path, 'utf8')).toContain('line 11');
      expect(echoed).toHaveLength(12);
      rotate(join(temp.dir, 'nothing.log'), 2);
      expect(existsSync(join(temp.dir, 'nothing.log.1'))).toBe(false);
    } finally {
      temp.cleanup();
    }
  });
});

describe('test hooks and URLs', () => {
  it('answers Save-As from the environment only in a test build', () => {
    const env = { VALUERANK_TEST_SAVE_DIR: '/tmp/out' };
    expect(testSavePath(true, env, 'run_1.csv', join)).toBe(join('/tmp/out', 'run_1.csv'));
    expect(testSavePath(false, env, 'run_1.csv', join)).toBeNull();
    expect(testSavePath(true, {}, 'run_1.csv', join)).toBeNull();
  });
  it('finds the run a window shows', () => {
    expect(runIdFromUrl('file:///app/index.html#/runs/abc%201')).toBe('abc 1');
    expect(runIdFromUrl('http://localhost:5173/#/runs/r1/transcripts')).toBe('r1');
    expect(runIdFromUrl('file:///app/index.html#/definitions/d1')).toBeNull();
    expect(runIdFromUrl('file:///app/index.html')).toBeNull();
    expect(runIdFromUrl('file:///a#/runs/%E0%A4%A')).toBeNull();
    expect(definitionIdFromUrl('file:///app/index.html#/definitions/def%201')).toBe('def 1');
    expect(definitionIdFromUrl('file:///app/index.html#/runs/r1')).toBeNull();
  });
});

describe('unsaved changes on close', () => {
  it('asks with Stay as the default and Escape, and Leave as the button that closes', () => {
    const prompt = unsavedPrompt();
    expect(prompt.buttons[prompt.defaultId]).toBe('Stay');
    expect(prompt.buttons[prompt.cancelId]).toBe('Stay');
    expect(prompt.buttons[LEAVE_BUTTON]).toBe('Leave');
    expect(prompt.message).toMatch(/unsaved changes/);
  });
});
