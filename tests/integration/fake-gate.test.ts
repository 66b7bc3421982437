/** The fake provider's gate, in process and over its HTTP control routes: what other tests rely on to never race. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';

describe('the fake provider gate', () => {
  let fake: FakeProvider;
  beforeEach(async () => {
    fake = await startFakeProvider();
  });
  afterEach(async () => {
    await fake.close();
  });

  const ask = (model: string): Promise<Response> =>
    fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: model }] }),
    });
  const modelOf = async (response: Promise<Response>): Promise<string> =>
    ((await (await response).json()) as { model: string }).model;
  const control = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${fake.url}/__control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, ...((await response.json()) as Record<string, unknown>) };
  };

  it('holds every request until released, one at a time in arrival order, then all', async () => {
    fake.hold();
    const answered: string[] = [];
    const first = modelOf(ask('m1')).then((m) => answered.push(m));
    await fake.waitForHeld(1);
    const rest = [ask('m2'), ask('m3')].map((r) => modelOf(r).then((m) => answered.push(m)));
    const state = await fake.waitForHeld(3);
    expect(state.held.map((h) => [h.index, h.model])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'm3'],
    ]);
    expect(fake.stats.inFlight).toBe(3);
    expect(fake.release(1)).toBe(1);
    await first;
    expect(answered).toEqual(['m1-2024-07-18']);
    expect(fake.gate.held).toHaveLength(2);
    expect(fake.release()).toBe(2);
    await Promise.all(rest);
    expect(answered).toHaveLength(3);
    // The rule stays: the next request is held too, until the gate opens.
    const late = modelOf(ask('m4'));
    await fake.waitForHeld(1);
    expect(fake.open()).toBe(1);
    expect(await late).toBe('m4-2024-07-18');
    expect(await modelOf(ask('m5'))).toBe('m5-2024-07-18');
    expect(fake.gate).toMatchObject({ arrived: 5, released: 4, dropped: 0, held: [], rules: [] });
  });

  it('holds only the Nth request, the Nth and later, or one model', async () => {
    fake.hold({ nth: 2 });
    expect(await modelOf(ask('a'))).toBe('a-2024-07-18');
    const second = modelOf(ask('b'));
    await fake.waitForHeld(1);
    expect(await modelOf(ask('c'))).toBe('c-2024-07-18');
    fake.open();
    expect(await second).toBe('b-2024-07-18');

    fake.hold({ model: 'slow' });
    fake.hold({ from: 6 });
    const slow = modelOf(ask('slow'));
    expect(await modelOf(ask('fast'))).toBe('fast-2024-07-18');
    const sixth = modelOf(ask('fast'));
    const state = await fake.waitForHeld(2);
    expect(state.held.map((h) => [h.index, h.model])).toEqual([
      [4, 'slow'],
      [6, 'fast'],
    ]);
    expect(fake.release(Infinity, { model: 'slow' })).toBe(1);
    expect(await slow).toBe('slow-2024-07-18');
    expect(fake.gate.held.map((h) => h.index)).toEqual([6]);
    fake.open();
    await sixth;
    expect(() => fake.hold({ nth: 0 })).toThrow(/not a rule/);
  });

  it('counts arrivals for waiters, forgets a held request whose client left, and rejects a wait that times out', async () => {
    const arrivals = fake.waitForRequests(2);
    await modelOf(ask('x'));
    expect(fake.gate.arrived).toBe(1);
    await modelOf(ask('y'));
    expect((await arrivals).arrived).toBe(2);

    fake.hold();
    const abort = new AbortController();
    const gone = fetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key' },
      body: JSON.stringify({ model: 'z', messages: [] }),
      signal: abort.signal,
    }).catch((error: Error) => error.name);
    await fake.waitForHeld(1);
    abort.abort();
    expect(await gone).toBe('AbortError');
    expect(await fake.waitForGate((g) => g.dropped === 1, 'the dropped request')).toMatchObject({ held: [] });
    await expect(fake.waitForHeld(1, 50)).rejects.toThrow(/no 1 held requests within 50 ms \(arrived 3, held 0/);
  });

  it('offers the same over HTTP for tests that drive another process', async () => {
    expect(await control('POST', '/hold', { model: 'held' })).toMatchObject({
      status: 200,
      rules: [{ model: 'held' }],
    });
    expect(await control('POST', '/hold', { sometimes: true })).toMatchObject({ status: 400 });
    const waiting = control('GET', '/wait?held=1');
    const answer = modelOf(ask('held'));
    expect(await waiting).toMatchObject({ status: 200, arrived: 1, held: [{ index: 1, model: 'held' }] });
    expect(await control('GET', '/wait?requests=1')).toMatchObject({ status: 200, arrived: 1 });
    expect(await control('GET', '/wait?requests=2&timeoutMs=50')).toMatchObject({ status: 408, arrived: 1 });
    expect(await control('GET', '/wait')).toMatchObject({ status: 400 });
    expect(await control('POST', '/release', { count: 1 })).toMatchObject({
      status: 200,
      justReleased: 1,
      released: 1,
      held: [],
    });
    expect(await answer).toBe('held-2024-07-18');
    expect(await control('GET', '/gate')).toMatchObject({ status: 200, arrived: 1, released: 1 });
    expect(await control('POST', '/open')).toMatchObject({ status: 200, justReleased: 0, released: 1, rules: [] });
    await control('POST', '/hold', {});
    const again = modelOf(ask('again'));
    await fake.waitForHeld(1);
    expect(await control('POST', '/reset')).toMatchObject({ status: 200, ok: true });
    expect(await again).toBe('again-2024-07-18');
    expect(fake.gate).toMatchObject({ arrived: 0, held: [], rules: [] });
  });

  it('starts holding everything when asked to', async () => {
    const held = await startFakeProvider({ hold: true });
    try {
      const pending = fetch(`${held.url}/v1/models`, { headers: { authorization: 'Bearer test-key' } });
      expect((await held.waitForHeld(1)).held[0]).toMatchObject({ model: null, path: '/v1/models' });
      held.open();
      expect((await pending).status).toBe(200);
    } finally {
      await held.close();
    }
  });
});
