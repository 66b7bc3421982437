/**
 * A provider's key goes only to the endpoint it was given for: changing the base URL in Settings forgets the saved key
 * (unless the same save gives one), and the environment's key is sent only to the environment's or default base URL.
 */
import { describe, expect, it } from 'vitest';
import { makeTestDb } from '../helpers/db';

describe('provider key scope', () => {
  it('forgets a saved key when the base URL changes, and keeps it when the same save gives a key or the URL stays', async () => {
    const t = await makeTestDb({});
    try {
      t.providers.save({ providerId: 'openai', apiKey: 'sk-saved-1111' });
      t.providers.save({ providerId: 'openai', concurrency: 3 });
      t.providers.save({ providerId: 'openai', baseUrl: 'https://api.openai.com/v1/' });
      expect(t.providers.view('openai')).toMatchObject({ keySource: 'settings', keyLast4: '1111' });

      const moved = t.providers.save({ providerId: 'openai', baseUrl: 'http://127.0.0.1:9/v1' });
      expect(moved).toMatchObject({ keySource: 'none', keyLast4: null, baseUrl: 'http://127.0.0.1:9/v1' });
      expect(() => t.providers.resolve('openai')).toThrow(/has no API key/);
      expect(t.providers.secretValues()).not.toContain('sk-saved-1111');

      const both = t.providers.save({ providerId: 'openai', baseUrl: 'http://127.0.0.1:8/v1', apiKey: 'sk-new-2222' });
      expect(both).toMatchObject({ keySource: 'settings', keyLast4: '2222', baseUrl: 'http://127.0.0.1:8/v1' });
    } finally {
      t.cleanup();
    }
  });

  it('sends the environment key only to the environment or default endpoint', async () => {
    const t = await makeTestDb({ OPENAI_API_KEY: 'sk-env-3333', OPENAI_BASE_URL: 'http://127.0.0.1:7/v1' });
    try {
      expect(t.providers.resolve('openai')).toMatchObject({ apiKey: 'sk-env-3333', baseUrl: 'http://127.0.0.1:7/v1' });
      t.providers.save({ providerId: 'openai', baseUrl: 'http://127.0.0.1:7/v1' });
      expect(t.providers.view('openai')).toMatchObject({ keySource: 'environment', keyLast4: '3333' });
      t.providers.save({ providerId: 'openai', baseUrl: 'http://attacker.invalid/v1' });
      expect(t.providers.view('openai')).toMatchObject({ keySource: 'none' });
      expect(() => t.providers.resolve('openai')).toThrow(/has no API key/);
      t.providers.save({ providerId: 'openai', baseUrl: '' });
      expect(t.providers.resolve('openai').apiKey).toBe('sk-env-3333');
    } finally {
      t.cleanup();
    }
  });
});
