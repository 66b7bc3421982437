/**
 * Browser mode's request gate over real HTTP: requests that act are refused unless they come from the app's own origin
 * and carry JSON, every refusal is logged, and a request body is decoded once, whole: over a megabyte of mixed scripts
 * and emoji sent in chunks that split characters arrives intact, while invalid UTF-8 and deep nesting are refused with
 * a sentence.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';
import { raw } from '../helpers/raw-http';
import { makeTempDir } from '../helpers/temp';

/** Sends `body` in slices of `size` bytes, each written separately, so multi-byte characters straddle the chunks. */
function sendInSlices(port: number, headers: Record<string, string>, body: Buffer, size: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/invoke', method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    const writeFrom = (at: number): void => {
      if (at >= body.length) return void req.end();
      req.write(body.subarray(at, at + size), () => writeFrom(at + size));
    };
    writeFrom(0);
  });
}

describe('browser-mode request gate', () => {
  const temp = makeTempDir();
  const memory = createMemoryLogger();
  let core: Core;
  let server: WebServer;
  let port: number;
  let own: string;
  const json = JSON.stringify({ route: 'runs.list', input: {} });

  beforeAll(async () => {
    const renderer = join(temp.dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>ValueRank</title>');
    core = await createCore({ dataDir: join(temp.dir, 'data'), env: {}, startScheduler: false, logger: memory.logger });
    server = await startWebServer({
      core,
      dataDir: join(temp.dir, 'data'),
      rendererDir: renderer,
      logger: memory.logger,
    });
    port = Number(new URL(server.origin).port);
    own = new URL(server.appOrigin).host;
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    temp.cleanup();
  });

  const auth = () => ({ Authorization: `Bearer ${server.token}` });

  it('accepts JSON from its own origin, and refuses other origins and cross-site fetch metadata even with the token', async () => {
    const ok = await raw(
      port,
      '/api/invoke',
      {
        Host: own,
        Origin: `http://${own}`,
        'Sec-Fetch-Site': 'same-origin',
        'Content-Type': 'application/json',
        ...auth(),
      },
      'POST',
      json,
    );
    expect(ok.status).toBe(200);
    const attempts: Record<string, string>[] = [
      { Origin: `http://127.0.0.1:${port + 1}` },
      { Origin: 'null' },
      { Origin: `http://${own.replace(/:\d+$/, `:${port + 1}`)}` },
      { 'Sec-Fetch-Site': 'same-site' },
      { 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'none' },
    ];
    for (const headers of attempts) {
      const refused = await raw(
        port,
        '/api/invoke',
        { Host: own, 'Content-Type': 'application/json', ...auth(), ...headers },
        'POST',
        json,
      );
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    // A download the person opens from a bookmark is a GET with Sec-Fetch-Site: none, which may go on (to a 404 here).
    const typed = await raw(port, '/api/export/file/nothing.csv', { Host: own, 'Sec-Fetch-Site': 'none', ...auth() });
    expect(typed.status).toBe(404);
    expect(memory.lines.some((line) => line.includes('request refused') && line.includes('cross-site'))).toBe(true);
  });

  it('takes only application/json bodies on the invoke route', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const headers: Record<string, string> = { Host: own, ...auth() };
      if (type) headers['Content-Type'] = type;
      const refused = await raw(port, '/api/invoke', headers, 'POST', json);
      expect(refused.status, type).toBe(415);
    }
    const latin1 = await raw(
      port,
      '/api/invoke',
      { Host: own, 'Content-Type': 'application/json; charset=iso-8859-1', ...auth() },
      'POST',
      json,
    );
    expect(latin1.status).toBe(415);
  });

  it('decodes a body of over a megabyte of mixed scripts and emoji whole, even when every chunk splits a character', async () => {
    const line = 'Ünïcödé 日本語の文章 العربية עברית 한국어 Ελληνικά 😀👩‍👩‍👧‍👦🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ';
    const preamble = `${line}\n`.repeat(Math.ceil(1_100_000 / Buffer.byteLength(line)));
    const yaml = SAMPLE_YAML.replace(/^preamble: \|\n/m, `preamble: |\n${preamble.replace(/^/gm, '  ')}`);
    const body = Buffer.from(
      JSON.stringify({ route: 'definitions.import', input: { fileName: 'big.yaml', text: yaml } }),
    );
    expect(body.length).toBeGreaterThan(1_000_000);
    const answer = JSON.parse(
      await sendInSlices(port, { Host: own, 'Content-Type': 'application/json', ...auth() }, body, 4097),
    ) as { ok: boolean; value: { definition: { id: string; contentHash: string } } };
    expect(answer.ok, JSON.stringify(answer).slice(0, 300)).toBe(true);
    const stored = await core.dispatch('definitions.get', { id: answer.value.definition.id });
    if (!stored.ok) throw new Error(stored.error.message);
    const content = (stored.value as { content: { preamble: string } }).content;
    expect(content.preamble).toContain(`${line}\n${line}\n`);
    // The same text imported without HTTP has the same content hash: nothing was bent on the way.
    const direct = await core.dispatch('definitions.import', { fileName: 'direct.yaml', text: yaml });
    if (!direct.ok) throw new Error(direct.error.message);
    expect((direct.value as { definition: { contentHash: string } }).definition.contentHash).toBe(
      answer.value.definition.contentHash,
    );
    expect(content.preamble).not.toContain('\uFFFD');
  });

  it('refuses a body that is not UTF-8 with the line and byte, and deep nesting with a sentence, quickly', async () => {
    const broken = Buffer.concat([
      Buffer.from('{"route":"runs.list",\n"input":{"x":"ab'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}}'),
    ]);
    const bad = await raw(
      port,
      '/api/invoke',
      { Host: own, 'Content-Type': 'application/json', ...auth() },
      'POST',
      broken,
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/not valid UTF-8 text: line 2, byte 17/);
    const started = Date.now();
    const deep = `{"route":"runs.list","input":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const nested = await raw(
      port,
      '/api/invoke',
      { Host: own, 'Content-Type': 'application/json', ...auth() },
      'POST',
      deep,
    );
    expect(nested.status).toBe(400);
    expect(JSON.parse(nested.body).error.message).toMatch(/nests arrays or objects more than 200 deep/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
