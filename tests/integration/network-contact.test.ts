/**
 * The app contacts no host but the providers it is configured for: a whole run, a health check and a model listing
 * against the fake provider on loopback, with every DNS lookup and connection recorded where they happen — Python's
 * audit events in the worker (tests/fixtures/connect-audit.py starts it) and Node's net and undici diagnostics
 * channels in the core's process — and only the fake provider's address appears.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

describe('network contact', () => {
  const temp = makeTempDir();
  const log = join(temp.dir, 'connections.jsonl');
  const nodeContacts: string[] = [];
  const onSocket = (message: unknown): void => {
    const socket = (message as { socket: Socket }).socket;
    socket.once('connect', () => nodeContacts.push(`${socket.remoteAddress}:${socket.remotePort}`));
  };
  const onUndici = (message: unknown): void => {
    const params = (message as { connectParams: { hostname: string; port: string } }).connectParams;
    nodeContacts.push(`${params.hostname}:${params.port}`);
  };
  let h: CoreHarness;
  const saved = { log: process.env.VALUERANK_CONNECT_LOG, unbuffered: process.env.PYTHONUNBUFFERED };

  beforeAll(async () => {
    process.env.VALUERANK_CONNECT_LOG = log;
    process.env.PYTHONUNBUFFERED = '1'; // what the -u the launcher takes off would do
    subscribe('net.client.socket', onSocket);
    subscribe('undici:client:beforeConnect', onUndici);
    h = await startHarness({
      pythonCommand: ['python3', join(__dirname, '../fixtures/connect-audit.py')],
    });
  });

  afterAll(async () => {
    await h?.stop();
    unsubscribe('net.client.socket', onSocket);
    unsubscribe('undici:client:beforeConnect', onUndici);
    process.env.VALUERANK_CONNECT_LOG = saved.log;
    process.env.PYTHONUNBUFFERED = saved.unbuffered;
    if (saved.log === undefined) delete process.env.VALUERANK_CONNECT_LOG;
    if (saved.unbuffered === undefined) delete process.env.PYTHONUNBUFFERED;
    temp.cleanup();
  });

  it('reaches only the configured provider while running, checking health and listing models', async () => {
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
    });
    expect((await h.waitForRun(run.id)).status).toBe('completed');
    await callRoute(h.core.dispatch, 'health.check', {});
    await callRoute(h.core.dispatch, 'models.list', { refresh: true, providerId: 'openai' });

    // Every provider's base URL as configured (the fake for the cloud ones here; local servers at their defaults).
    const allowed = new Set(
      (await callRoute(h.core.dispatch, 'providers.list', {})).map((p) => {
        const url = new URL(p.baseUrl);
        return `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
      }),
    );
    const fake = new URL(h.fake.url);
    expect(allowed).toContain(`${fake.hostname}:${fake.port}`);
    expect(existsSync(log)).toBe(true);
    const entries = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; address?: [string, number]; host?: string; port?: number });
    const connects = entries.filter((e) => e.event === 'connect');
    expect(connects.length).toBeGreaterThan(0);
    for (const entry of connects) expect(allowed).toContain(`${entry.address![0]}:${entry.address![1]}`);
    expect(connects.some((e) => e.address![1] === Number(fake.port))).toBe(true);
    const hosts = new Set([...allowed].map((hostPort) => hostPort.replace(/:\d+$/, '')));
    for (const entry of entries.filter((e) => e.event === 'getaddrinfo')) expect(hosts).toContain(entry.host);
    // The core's own process opens no client connection at all (the fake provider only accepts them).
    expect(nodeContacts).toEqual([]);

    // System Health lists what was contacted: the fake provider (the run, the check, the listing), only allowed hosts,
    // and every port a real connection went to.
    const report = await callRoute(h.core.dispatch, 'health.check', { providerIds: ['openai'] });
    const listed = report.contactedHosts;
    for (const host of listed) expect(allowed).toContain(`${host.host}:${host.port}`);
    const fakeEntry = listed.find((host) => host.host === fake.hostname && host.port === Number(fake.port));
    expect(fakeEntry?.connections).toBeGreaterThanOrEqual(2);
    const listedPorts = new Set(listed.map((host) => host.port));
    for (const entry of connects) expect(listedPorts).toContain(entry.address![1]);
  });
});
