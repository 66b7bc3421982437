/**
 * The attack from another local server, in a real Chromium: while the app is open and signed in, a page served by a
 * second server on 127.0.0.1 tries what a page there once could (point OpenAI's base URL at itself to receive the
 * key, choose `bash` as the Python interpreter, create a run of a million jobs), by `text/plain` fetch, by JSON fetch
 * and by a form post, against both the loopback address and the app's own host name. Every step is refused and
 * logged, the attacker's server never receives the session cookie, and nothing changed in the core.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { SAMPLE_YAML } from '../helpers/db';
import { createMemoryLogger } from '../helpers/memory';

/** The attacker's page: it fires every request it can at `targets` and reports what it could read back. */
function attackPage(targets: string[], definitionId: string, attackerOrigin: string): string {
  const calls = [
    { route: 'providers.save', input: { providerId: 'openai', baseUrl: `${attackerOrigin}/v1` } },
    { route: 'preferences.save', input: { pythonPath: 'bash' } },
    {
      route: 'runs.create',
      input: {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
        options: { samples: 250_000 },
        costConfirmed: true,
      },
    },
  ];
  const forms = targets
    .map(
      (target, i) =>
        `<form id="f${i}" method="POST" enctype="text/plain" action="${target}/api/invoke" target="sink${i}">` +
        `<input name='{"route":"preferences.save","input":{"pythonPath":"bash"},"x":"' value='"}'></form>` +
        `<iframe name="sink${i}" id="sink${i}"></iframe>`,
    )
    .join('');
  const script = `
    window.attack = async () => {
      const targets = ${JSON.stringify(targets)};
      const calls = ${JSON.stringify(calls)};
      const seen = [];
      for (const target of targets) {
        for (const call of calls) {
          const body = JSON.stringify(call);
          const plain = await fetch(target + '/api/invoke', { method: 'POST', mode: 'no-cors', credentials: 'include',
            headers: { 'Content-Type': 'text/plain' }, body }).then(r => r.type + ':' + r.status, e => 'error:' + e.message);
          const json = await fetch(target + '/api/invoke', { method: 'POST', credentials: 'include',
            headers: { 'Content-Type': 'application/json' }, body }).then(async r => 'read:' + r.status + ':' + await r.text(),
            e => 'error:' + e.message);
          seen.push(plain, json);
        }
      }
      return seen;
    };`;
  return `<!doctype html><title>innocent notebook</title><body>${forms}<script>${script}</script></body>`;
}

describe('browser mode against another local server', () => {
  let app: BrowserApp | undefined;
  let attacker: Server | undefined;
  const memory = createMemoryLogger();
  const attackerSaw: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { startScheduler: false }, serverLogger: memory.logger });
  });
  afterAll(async () => {
    await new Promise((done) => (attacker ? attacker.close(done) : done(undefined)));
    await app?.close();
  });

  it('refuses every step of the attack, logs it, and leaks no cookie', async () => {
    const { core, page, server, fake } = app!;
    const definition = await callRoute(core.dispatch, 'definitions.import', { fileName: 'c.yaml', text: SAMPLE_YAML });
    // The person is signed in: the app's page works and holds its session cookie.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/#\/runs$/);
    const cookies = await page.context().cookies(server.appOrigin);
    expect(cookies.map((c) => c.name)).toEqual([expect.stringMatching(/^valuerank_session_\d+$/)]);
    expect(cookies[0]!.value).not.toBe(server.token);

    let html = '';
    attacker = createServer((req, res) => {
      attackerSaw.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
    });
    await new Promise<void>((done) => attacker!.listen(0, '127.0.0.1', done));
    const attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    html = attackPage([server.origin, server.appOrigin], definition.definition.id, attackerOrigin);

    const evil = await page.context().newPage();
    await evil.goto(`${attackerOrigin}/notebook`);
    const seen = (await evil.evaluate('window.attack()')) as string[];
    // Nothing the attacker could read says anything but a refusal (or a failed preflight).
    for (const answer of seen) expect(answer).toMatch(/^(opaque:0|error:|read:403:)/);
    for (const i of [0, 1]) {
      const loaded = evil.waitForEvent('framenavigated', { predicate: (f) => f.name() === `sink${i}` });
      await evil.evaluate(`document.getElementById('f${i}').submit()`);
      await loaded;
    }
    await evil.close();

    // The attacker's server never received the session cookie (nor any cookie of the app).
    expect(attackerSaw.length).toBeGreaterThan(0);
    expect(attackerSaw.some((headers) => /valuerank/.test(headers.cookie ?? ''))).toBe(false);
    // Every request that reached the app was refused and logged as such.
    const refused = memory.lines.filter((line) => line.includes('request refused'));
    expect(refused.length).toBeGreaterThanOrEqual(2 * 3 + 2);
    expect(refused.every((line) => line.includes(attackerOrigin))).toBe(true);
    // And nothing changed: the key still goes to the real endpoint, no Python was chosen, no run exists.
    const openai = (await callRoute(core.dispatch, 'providers.list', {})).find((p) => p.providerId === 'openai')!;
    expect(openai).toMatchObject({ baseUrl: `${fake.url}/v1`, keySource: 'environment' });
    expect((await callRoute(core.dispatch, 'preferences.get', {})).pythonPath).toBeNull();
    expect(await callRoute(core.dispatch, 'runs.list', {})).toHaveLength(0);

    // The app's own page still works with its cookie, from its own origin.
    const own = await page.evaluate(async () => {
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ route: 'runs.list', input: {} }),
      });
      return response.status;
    });
    expect(own).toBe(200);
  });
});
