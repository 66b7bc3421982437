import { describe, expect, it } from 'vitest';
import type { ProviderHealth } from '@shared/providers';
import { contactHosts } from '../../src/renderer/src/lib/contact-hosts';

function provider(over: Partial<ProviderHealth>): ProviderHealth {
  return {
    providerId: 'openai',
    displayName: 'OpenAI',
    status: 'connected',
    baseUrl: 'https://api.openai.com/v1',
    keySource: 'settings',
    keyLast4: '1234',
    local: false,
    latencyMs: 12,
    modelCount: 3,
    error: null,
    hint: null,
    checkedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

describe('contactHosts', () => {
  it('lists the host of each configured provider once, with its providers, and nothing for unconfigured ones', () => {
    const hosts = contactHosts([
      provider({}),
      provider({
        providerId: 'anthropic',
        displayName: 'Anthropic',
        status: 'not_configured',
        baseUrl: 'https://api.anthropic.com',
      }),
      provider({ providerId: 'google', displayName: 'Google', status: 'error', baseUrl: 'http://127.0.0.1:4010/v1' }),
      provider({ providerId: 'xai', displayName: 'xAI', baseUrl: 'http://127.0.0.1:4010/x' }),
      provider({ providerId: 'ollama', displayName: 'Ollama', local: true, baseUrl: 'http://localhost:11434/v1' }),
    ]);
    expect(hosts).toEqual([
      { host: '127.0.0.1:4010', local: false, providers: ['Google', 'xAI'] },
      { host: 'api.openai.com:443', local: false, providers: ['OpenAI'] },
      { host: 'localhost:11434', local: true, providers: ['Ollama'] },
    ]);
  });

  it('implies the port from the scheme and keeps an unparsable base URL as written', () => {
    expect(contactHosts([provider({ baseUrl: 'http://example.test/v1' })])[0]?.host).toBe('example.test:80');
    expect(contactHosts([provider({ baseUrl: 'not a url' })])[0]?.host).toBe('not a url');
    expect(contactHosts([])).toEqual([]);
  });
});
