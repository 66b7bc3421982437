import { describe, expect, it } from 'vitest';
import { BUILTIN_MODELS, isChatModelId, isVersionOf } from '../../src/main/core/providers/builtin-models';
import { mergeCatalog } from '../../src/main/core/providers/catalog';
import { hintFor, notConfiguredHint } from '../../src/main/core/providers/health';
import { PROVIDERS } from '../../src/main/core/providers/registry';
import { PROVIDER_IDS, type ProviderSettingsView } from '../../src/shared/domain';

const listed = (...ids: string[]) => ids.map((id) => ({ id, displayName: null, created: null }));

describe('built-in model list', () => {
  it('names each model once per provider, with a default version drawn from its own versions', () => {
    const keys = BUILTIN_MODELS.map((m) => `${m.providerId}:${m.id}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of BUILTIN_MODELS) {
      expect(PROVIDER_IDS).toContain(m.providerId);
      if (m.defaultVersion) expect(m.versions).toContain(m.defaultVersion);
      for (const v of m.versions) expect(isVersionOf(v, m.family ?? m.id), `${v} of ${m.id}`).toBe(true);
    }
    const gpt4o = BUILTIN_MODELS.find((m) => m.id === 'gpt-4o')!;
    expect(gpt4o.versions).toEqual(expect.arrayContaining(['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20']));
    expect(BUILTIN_MODELS.find((m) => m.id === 'gpt-4o-mini')!.defaultVersion).toBe('gpt-4o-mini-2024-07-18');
    expect(BUILTIN_MODELS.find((m) => m.id === 'gemini-1.5-pro')!.versions).toContain('gemini-1.5-pro-002');
  });

  it('recognises dated versions and rejects non-chat listings', () => {
    expect(isVersionOf('claude-3-5-haiku-20241022', 'claude-3-5-haiku')).toBe(true);
    expect(isVersionOf('gpt-4o-mini-2024-07-18', 'gpt-4o')).toBe(false);
    expect(isVersionOf('gemini-1.5-pro-002', 'gemini-1.5-pro')).toBe(true);
    expect(isChatModelId('text-embedding-3-small')).toBe(false);
    expect(isChatModelId('whisper-1')).toBe(false);
    expect(isChatModelId('gpt-4o')).toBe(true);
  });
});

describe('mergeCatalog', () => {
  it('without a listing offers the built-ins, available only when the provider has a key', () => {
    const ready = mergeCatalog('openai', true, null);
    expect(ready.length).toBeGreaterThan(3);
    expect(ready.every((m) => m.isAvailable && m.source === 'builtin')).toBe(true);
    expect(mergeCatalog('openai', false, null).some((m) => m.isAvailable)).toBe(false);
    expect(mergeCatalog('ollama', true, null)).toEqual([]);
  });

  it('marks listed models available, adds listed versions and unknown ids, and skips embeddings', () => {
    const models = mergeCatalog(
      'openai',
      true,
      listed(
        'gpt-4o',
        'gpt-4o-2024-08-06',
        'gpt-4o-2099-01-01',
        'gpt-5',
        'gpt-5-2025-08-07',
        'text-embedding-3-large',
        'my-finetune',
      ),
    );
    const gpt4o = models.find((m) => m.id === 'gpt-4o')!;
    expect(gpt4o).toMatchObject({ isAvailable: true, source: 'both', defaultVersion: 'gpt-4o-2024-08-06' });
    expect(gpt4o.versions).toContain('gpt-4o-2099-01-01');
    expect(models.find((m) => m.id === 'gpt-4o-mini')).toMatchObject({ isAvailable: false, source: 'builtin' });
    expect(models.find((m) => m.id === 'gpt-5')).toMatchObject({
      source: 'listed',
      versions: ['gpt-5-2025-08-07'],
      isAvailable: true,
    });
    expect(models.find((m) => m.id === 'my-finetune')).toMatchObject({ source: 'listed', displayName: 'my-finetune' });
    expect(models.map((m) => m.id)).not.toContain('text-embedding-3-large');
    expect(models.map((m) => m.id)).not.toContain('gpt-5-2025-08-07');
  });

  it('maps Anthropic dated listings onto their alias and lists what a local server has installed', () => {
    const claude = mergeCatalog('anthropic', true, listed('claude-3-5-haiku-20241022', 'claude-sonnet-4-20250514'));
    expect(claude.find((m) => m.id === 'claude-3-5-haiku-latest')).toMatchObject({
      isAvailable: true,
      versions: ['claude-3-5-haiku-20241022'],
    });
    expect(claude.find((m) => m.id === 'claude-opus-4-0')?.isAvailable).toBe(false);
    expect(claude.filter((m) => m.source === 'listed')).toEqual([]);
    const local = mergeCatalog('ollama', true, listed('llama3.1:8b', 'qwen2.5:7b'));
    expect(local.map((m) => [m.id, m.isAvailable])).toEqual([
      ['llama3.1:8b', true],
      ['qwen2.5:7b', true],
    ]);
  });
});

describe('health hints', () => {
  const view = (over: Partial<ProviderSettingsView> = {}): ProviderSettingsView => ({
    providerId: 'openai',
    displayName: 'OpenAI',
    baseUrl: 'http://127.0.0.1:9/v1',
    defaultBaseUrl: 'https://api.openai.com/v1',
    keySource: 'environment',
    keyLast4: '-key',
    concurrency: null,
    defaultConcurrency: 8,
    keyRequired: true,
    envKeyName: 'OPENAI_API_KEY',
    ...over,
  });

  it('says where to put a key, what a rejection means and where the server should be', () => {
    expect(notConfiguredHint(PROVIDERS.openai)).toBe(
      'No API key: enter it in Settings → OpenAI or set OPENAI_API_KEY.',
    );
    expect(notConfiguredHint(PROVIDERS.compat)).toMatch(/COMPAT_BASE_URL/);
    expect(hintFor(PROVIDERS.openai, view(), 'AUTH_FAILED', 401)).toMatch(
      /rejected the key from OPENAI_API_KEY \(HTTP 401\)/,
    );
    expect(hintFor(PROVIDERS.openai, view(), 'NETWORK_ERROR', null)).toMatch(/Offline\? .*http:\/\/127\.0\.0\.1:9\/v1/);
    expect(hintFor(PROVIDERS.ollama, view({ providerId: 'ollama' }), 'NETWORK_ERROR', null)).toMatch(/ollama serve/);
    for (const code of [
      'TIMEOUT',
      'ENDPOINT_NOT_FOUND',
      'RATE_LIMITED',
      'PROVIDER_ERROR',
      'WORKER_UNAVAILABLE',
      'SOMETHING_ELSE',
    ]) {
      expect(hintFor(PROVIDERS.anthropic, view({ keySource: 'settings' }), code, null).length).toBeGreaterThan(20);
    }
  });
});
