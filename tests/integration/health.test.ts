import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { ProviderHealth } from '../../src/shared/providers';
import { startHarness, type CoreHarness } from '../helpers/core';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const byId = (providers: ProviderHealth[], id: string): ProviderHealth => providers.find((p) => p.providerId === id)!;

describe('System Health: real provider checks through the Python worker', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('reports connected, not configured, rejected and unreachable providers, each with the provider’s words and a fix', async () => {
    const dead = await closedPort();
    h = await startHarness({ startScheduler: false });
    const { fake } = h;
    // The harness env: OpenAI at the fake with test-key; Anthropic and Gemini base URLs but no keys.
    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'google', apiKey: 'wrong-key-abcd' });
    await callRoute(h.core.dispatch, 'providers.save', {
      providerId: 'lmstudio',
      baseUrl: `http://127.0.0.1:${dead}/v1`,
    });
    await fake.setBehavior({ latencyMs: 300 });
    fake.hold();

    const checking = callRoute(h.core.dispatch, 'health.check', {
      providerIds: ['openai', 'anthropic', 'google', 'lmstudio'],
    });
    // In parallel: both listing requests are at the provider at once, before either is answered.
    await fake.waitForHeld(2);
    fake.open();
    const report = await checking;
    expect(report.providers.map((p) => p.providerId)).toEqual(['openai', 'anthropic', 'google', 'lmstudio']);
    expect(byId(report.providers, 'openai')).toMatchObject({
      status: 'connected',
      modelCount: 4,
      error: null,
      hint: null,
      keySource: 'environment',
      keyLast4: '-key',
    });
    expect(byId(report.providers, 'openai').latencyMs).toBeGreaterThanOrEqual(250);
    expect(byId(report.providers, 'anthropic')).toMatchObject({
      status: 'not_configured',
      hint: 'No API key: enter it in Settings → Anthropic or set ANTHROPIC_API_KEY.',
    });
    const google = byId(report.providers, 'google');
    expect(google).toMatchObject({
      status: 'error',
      error: { code: 'AUTH_FAILED', status: 401 },
      keySource: 'settings',
      keyLast4: 'abcd',
    });
    expect(google.error!.message).toMatch(/Incorrect API key provided/);
    expect(google.hint).toMatch(/rejected the key saved in Settings/);
    const lmstudio = byId(report.providers, 'lmstudio');
    expect(lmstudio).toMatchObject({ status: 'error', error: { code: 'NETWORK_ERROR' } });
    expect(lmstudio.hint).toContain(`running at http://127.0.0.1:${dead}/v1`);
    for (const p of report.providers) expect(Date.parse(p.checkedAt)).not.toBeNaN();

    expect(fake.requests.filter((r) => r.method === 'GET')).toHaveLength(2);

    expect(report.pythonWorker).toMatchObject({ status: 'online', hint: null });
    expect(report.pythonWorker.python).toMatch(/^3\.\d+/);
    expect(report.database.ok).toBe(true);
    expect(report.readyToRun).toBe(true);

    // Keys never come back: not in the report, the settings list, the catalog or the log.
    const everything = JSON.stringify([
      report,
      await callRoute(h.core.dispatch, 'providers.list', {}),
      await callRoute(h.core.dispatch, 'models.list', {}),
    ]);
    expect(everything).not.toContain('wrong-key-abcd');
    expect(everything).not.toContain('test-key');
    expect(h.logLines.join('\n')).not.toContain('wrong-key-abcd');
  });

  it('feeds a successful check into the model catalog', async () => {
    h = await startHarness({ startScheduler: false });
    await h.fake.setBehavior({ models: ['gpt-4o', 'gpt-4o-2024-11-20', 'o9-preview'] });
    const before = await callRoute(h.core.dispatch, 'models.list', { providerId: 'openai' });
    expect(before.providers[0]).toMatchObject({ refreshedAt: null });
    expect(before.models.every((m) => m.source === 'builtin' && m.isAvailable)).toBe(true);
    await callRoute(h.core.dispatch, 'health.check', { providerIds: ['openai'] });
    const after = await callRoute(h.core.dispatch, 'models.list', { providerId: 'openai' });
    expect(after.providers[0]!.refreshedAt).not.toBeNull();
    expect(after.models.find((m) => m.id === 'gpt-4o')).toMatchObject({ source: 'both', isAvailable: true });
    expect(after.models.find((m) => m.id === 'gpt-4o-mini')).toMatchObject({ isAvailable: false });
    expect(after.models.find((m) => m.id === 'o9-preview')).toMatchObject({ source: 'listed', isAvailable: true });
  });

  it('reports a provider that does not answer in time as TIMEOUT, and a refresh failure in the catalog', async () => {
    h = await startHarness({ startScheduler: false });
    await h.fake.setBehavior({ failNext: [{ hang: true }] });
    const report = await callRoute(h.core.dispatch, 'health.check', { providerIds: ['openai'], timeoutMs: 400 });
    expect(byId(report.providers, 'openai')).toMatchObject({ status: 'error', error: { code: 'TIMEOUT' } });
    expect(byId(report.providers, 'openai').hint).toMatch(/No answer/);
    expect(report.readyToRun).toBe(false);
    await h.fake.setBehavior({ failNext: [{ status: 401 }] });
    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'openai', apiKey: 'sk-rejected-7777' });
    const catalog = await callRoute(h.core.dispatch, 'models.list', { providerId: 'openai', refresh: true });
    expect(catalog.providers[0]!.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(JSON.stringify(catalog)).not.toContain('sk-rejected-7777');
  });

  it('shows a stopped worker as offline with the exact fix, and does not pretend to check providers', async () => {
    h = await startHarness({ startScheduler: false, pythonCommand: '/nonexistent/python' });
    const report = await callRoute(h.core.dispatch, 'health.check', { providerIds: ['openai', 'anthropic'] });
    expect(report.pythonWorker.status).toBe('offline');
    expect(report.pythonWorker.message).toContain('/nonexistent/python');
    expect(report.pythonWorker.hint).toMatch(/No Python 3\.10\+ found: install it or set VALUERANK_PYTHON/);
    expect(byId(report.providers, 'openai')).toMatchObject({ status: 'error', error: { code: 'WORKER_UNAVAILABLE' } });
    expect(byId(report.providers, 'anthropic').status).toBe('not_configured');
    expect(report.readyToRun).toBe(false);
    expect(h.fake.requests).toHaveLength(0);
  });
});
