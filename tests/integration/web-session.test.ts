/**
 * Browser mode's session and file rules over real HTTP: the first visit's token becomes an HttpOnly SameSite=Strict
 * cookie, the token survives restarts in a 0600 file until renewed, export downloads serve regular files only, and a
 * malformed %-escape is a 400 with a message.
 */
import { linkSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { exportsDir } from '../../src/main/core/export/destination';
import { createMemoryLogger } from '../helpers/memory';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { loadBrowserSession, SESSION_FILE } from '../../src/main/web/session';
import { makeTempDir } from '../helpers/temp';
import { raw } from '../helpers/raw-http';

describe('browser-mode sessions and downloads', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let core: Core;
  let server: WebServer;

  beforeAll(async () => {
    const renderer = join(temp.dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ValueRank</title>');
    core = await createCore({ dataDir, env: {}, startScheduler: false, logger: createMemoryLogger().logger });
    server = await startWebServer({ core, dataDir, rendererDir: renderer, token: loadBrowserSession(dataDir).token });
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    temp.cleanup();
  });

  const invoke = (headers: Record<string, string>) =>
    fetch(`${server.origin}/api/invoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ route: 'runs.list', input: {} }),
    });

  it('turns the first visit on the app host with the token into a host-only session cookie that is not the token', async () => {
    const appHost = new URL(server.appOrigin).host;
    const port = Number(new URL(server.origin).port);
    const plain = await fetch(`${server.origin}/#/runs/run_x`);
    expect(plain.headers.get('set-cookie')).toBeNull();
    // 127.0.0.1 is shared by every local server: a visit there with the token sets no cookie.
    expect((await fetch(`${server.origin}/?token=${server.token}`)).headers.get('set-cookie')).toBeNull();
    const first = await raw(port, `/?token=${server.token}`, { Host: appHost });
    const cookie = String(first.headers['set-cookie'] ?? '');
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toContain(server.token);
    const pair = cookie.split(';')[0]!;
    const call = (host: string, cookieHeader: string) =>
      raw(
        port,
        '/api/invoke',
        { Host: host, Cookie: cookieHeader, 'Content-Type': 'application/json' },
        'POST',
        JSON.stringify({ route: 'runs.list', input: {} }),
      );
    expect((await call(appHost, pair)).status).toBe(200);
    // The same cookie replayed to 127.0.0.1 (where another local server would have received it) is worthless.
    expect((await call(`127.0.0.1:${port}`, pair)).status).toBe(401);
    expect((await call(appHost, `${pair.split('=')[0]}=wrong-token-wrong-token-xx`)).status).toBe(401);
    expect((await invoke({})).status).toBe(401);
  });

  it('keeps the token in a 0600 file across restarts until --new-token', () => {
    const file = join(dataDir, SESSION_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadBrowserSession(dataDir).token).toBe(server.token);
    const renewed = loadBrowserSession(dataDir, true);
    expect(renewed.token).not.toBe(server.token);
    expect(loadBrowserSession(dataDir).token).toBe(renewed.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('downloads regular export files only: no symlinks, no hard links, nothing outside exports/', async () => {
    const dir = exportsDir(dataDir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'run_ok.csv'), 'a,b\n1,2\n');
    const secret = join(temp.dir, 'secret.csv');
    writeFileSync(secret, 'not for download\n');
    symlinkSync(secret, join(dir, 'run_link.csv'));
    symlinkSync('/etc/passwd', join(dir, 'run_passwd.csv'));
    linkSync(secret, join(dir, 'run_hard.csv'));
    const get = (name: string) => fetch(`${server.origin}/api/export/file/${name}?token=${server.token}`);
    const ok = await get('run_ok.csv');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('a,b\n1,2\n');
    for (const name of ['run_link.csv', 'run_passwd.csv', 'run_hard.csv']) {
      const response = await get(name);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toMatch(/root:|not for download/);
    }
  });

  it('answers a malformed %-escape with 400 and a message, not 500', async () => {
    for (const path of ['/%E0%A4%A', `/api/export/file/%E0%A4%A.csv?token=x`, '/assets/%zz.js']) {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: 'VALIDATION' });
      expect(body.error.message).toMatch(/malformed %-escape/);
    }
  });
});
