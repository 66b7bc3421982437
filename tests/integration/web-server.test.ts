import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { createMemoryLogger } from '../helpers/memory';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { SAMPLE_YAML } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';
import { raw } from '../helpers/raw-http';

describe('browser-mode HTTP transport', () => {
  const temp = makeTempDir();
  let core: Core;
  let server: WebServer;
  let port: number;
  const invoke = (route: string, input: unknown, token = server.token) =>
    fetch(`${server.origin}/api/invoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ route, input }),
    });

  beforeAll(async () => {
    const renderer = join(temp.dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ValueRank</title>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: {},
      startScheduler: false,
      logger: createMemoryLogger().logger,
    });
    server = await startWebServer({ core, dataDir: join(temp.dir, 'data'), rendererDir: renderer });
    port = Number(new URL(server.origin).port);
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    temp.cleanup();
  });

  it('prints a loopback URL on the app own *.localhost name carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/vr-[0-9a-f]{20}\.localhost:\d+\/\?token=[\w-]{20,}$/);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the renderer with a strict CSP and falls back to index.html for app routes', async () => {
    const index = await fetch(`${server.origin}/runs/abc`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await index.text()).toContain('ValueRank');
    const asset = await fetch(`${server.origin}/assets/app.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    const escape = await raw(port, '/../../etc/passwd', { Host: `127.0.0.1:${port}` });
    expect(escape.body).not.toContain('root:');
  });

  it('refuses calls without the token and requests for other hosts', async () => {
    expect((await invoke('definitions.list', {}, 'wrong')).status).toBe(401);
    const rebinding = await raw(port, '/', { Host: 'evil.example:80' });
    expect(rebinding.status).toBe(403);
  });

  it('runs routes through the shared dispatch, with validation errors as envelopes', async () => {
    const imported = (await (await invoke('definitions.import', { fileName: 'c.yaml', text: SAMPLE_YAML })).json()) as {
      ok: boolean;
      value: { definition: { scenarioCount: number } };
    };
    expect(imported).toMatchObject({ ok: true, value: { definition: { scenarioCount: 4 } } });
    expect(await (await invoke('definitions.get', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await (await invoke('no.such.route', {})).json()).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_ROUTE' },
    });
    const bad = await fetch(`${server.origin}/api/invoke`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: 'not json',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: 'The request body was refused: it is not JSON.' } });
  });

  it('streams a CSV download with the run file name, and 404s for an unknown run', async () => {
    const missing = await fetch(`${server.origin}/api/export/run/run_missing.csv?token=${server.token}`);
    expect(missing.status).toBe(404);
  });
});
