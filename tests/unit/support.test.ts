import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, numberFlag, single, UsageError } from '../../src/main/cli/args';
import { defaultDataDir, projectRoot } from '../../src/main/core/paths';
import { createFileSecretStore } from '../../src/main/core/providers/secrets';
import { createMemorySecretStore } from '../helpers/memory';
import { normalizeBaseUrl, PROVIDERS } from '../../src/main/core/providers/registry';
import { nextAttemptAt, toWorkerError } from '../../src/main/core/scheduler/retry-policy';
import { WorkerCallError } from '../../src/main/core/python/protocol';
import { createLogger } from '../../src/main/core/util/logger';
import { createMemoryLogger } from '../helpers/memory';
import { isAppUrl, isExternalLinkAllowed, mainWindowOptions } from '../../src/main/electron/window-policy';
import { AppError } from '../../src/shared/errors';
import { modelKey, parseModelKey, runOptionsSchema } from '../../src/shared/domain';
import { makeTestDb } from '../helpers/db';
import { makeTempDir } from '../helpers/temp';

describe('logger', () => {
  it('writes one JSON object per line and redacts secrets by value and by field name', () => {
    const { logger, lines } = createMemoryLogger(() => ['sk-live-abcdef']);
    logger
      .child({ component: 'x' })
      .info('calling with sk-live-abcdef', { apiKey: 'whatever', nested: { note: 'key sk-live-abcdef' } });
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'info',
      component: 'x',
      msg: 'calling with [redacted]',
      apiKey: '[redacted]',
      nested: { note: 'key [redacted]' },
    });
    expect(lines.join()).not.toContain('sk-live-abcdef');
  });

  it('respects the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    logger.info('quiet');
    logger.error('loud', { error: new Error('boom') });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'loud', error: { message: 'boom' } });
  });
});

describe('secret stores', () => {
  it('keeps keys in a 0600 file that survives reopening', () => {
    const temp = makeTempDir();
    try {
      const path = join(temp.dir, 'secrets.json');
      const store = createFileSecretStore(path);
      store.set('provider:openai:apiKey', 'sk-one');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(createFileSecretStore(path).get('provider:openai:apiKey')).toBe('sk-one');
      store.set('provider:openai:apiKey', null);
      expect(createFileSecretStore(path).get('provider:openai:apiKey')).toBeNull();
      expect(store.warning).toMatch(/unencrypted/);
    } finally {
      temp.cleanup();
    }
  });

  it('memory store says it forgets', () => {
    const store = createMemorySecretStore();
    store.set('a', 'b');
    expect(store.values()).toEqual(['b']);
    expect(store.persistent).toBe(false);
  });
});

describe('provider settings', () => {
  it('prefers a key from Settings over the environment, shows only its last 4 characters, and explains a missing key', async () => {
    const t = await makeTestDb({ OPENAI_API_KEY: 'sk-from-env-9999', OLLAMA_BASE_URL: 'http://127.0.0.1:11434' });
    try {
      expect(t.providers.view('openai')).toMatchObject({ keySource: 'environment', keyLast4: '9999' });
      expect(t.providers.view('ollama').baseUrl).toBe('http://127.0.0.1:11434/v1');
      const saved = t.providers.save({
        providerId: 'openai',
        apiKey: 'sk-from-settings-1234',
        baseUrl: 'http://127.0.0.1:9/v1',
      });
      expect(saved).toMatchObject({ keySource: 'settings', keyLast4: '1234', baseUrl: 'http://127.0.0.1:9/v1' });
      expect(JSON.stringify(t.providers.list())).not.toContain('sk-from-settings');
      expect(t.providers.resolve('openai')).toMatchObject({ apiKey: 'sk-from-settings-1234', kind: 'openai' });
      expect(t.providers.secretValues()).toEqual(expect.arrayContaining(['sk-from-settings-1234', 'sk-from-env-9999']));
      expect(() => t.providers.resolve('anthropic')).toThrow(/ANTHROPIC_API_KEY/);
      expect(t.providers.resolve('ollama').apiKey).toBe('');
      t.providers.save({ providerId: 'openai', apiKey: null, baseUrl: '' });
      // The redaction set is cached, and refreshed when a key is saved or removed.
      expect(t.providers.secretValues()).not.toContain('sk-from-settings-1234');
      t.providers.save({ providerId: 'anthropic', apiKey: 'sk-ant-new-5678' });
      expect(t.providers.secretValues()).toContain('sk-ant-new-5678');
      expect(t.providers.view('openai')).toMatchObject({
        keySource: 'environment',
        baseUrl: 'https://api.openai.com/v1',
      });
    } finally {
      t.cleanup();
    }
  });

  it('normalizes local base URLs only', () => {
    expect(normalizeBaseUrl(PROVIDERS.lmstudio, 'http://127.0.0.1:1234/')).toBe('http://127.0.0.1:1234/v1');
    expect(normalizeBaseUrl(PROVIDERS.anthropic, 'https://api.anthropic.com/')).toBe('https://api.anthropic.com');
  });
});

describe('retry policy', () => {
  const policy = { baseMs: 1000, maxMs: 8000, maxRetryAfterMs: 30_000, random: () => 0.5 };
  it('backs off exponentially, honours Retry-After, and never retries permanent errors', () => {
    const transient = { code: 'PROVIDER_ERROR', message: '', retryable: true };
    expect(nextAttemptAt(transient, 1, 4, 0, policy)).toBe(1000);
    expect(nextAttemptAt(transient, 3, 4, 0, policy)).toBe(4000);
    expect(nextAttemptAt(transient, 4, 4, 0, policy)).toBeNull();
    expect(nextAttemptAt({ ...transient, retryAfterMs: 2500 }, 1, 4, 0, policy)).toBe(2500);
    expect(nextAttemptAt({ ...transient, retryAfterMs: 999_999 }, 1, 4, 0, policy)).toBe(30_000);
    expect(nextAttemptAt({ code: 'AUTH_FAILED', message: '', retryable: true }, 1, 4, 0, policy)).toBeNull();
  });

  it('classifies errors of every origin', () => {
    expect(toWorkerError(new WorkerCallError({ code: 'TIMEOUT', message: 't', retryable: true }))).toMatchObject({
      code: 'TIMEOUT',
      retryable: true,
    });
    expect(toWorkerError(new AppError('PROVIDER_NOT_CONFIGURED', 'no key'))).toMatchObject({ retryable: false });
    expect(toWorkerError(new Error('odd'))).toMatchObject({ code: 'INTERNAL', retryable: true });
  });
});

describe('Electron window policy', () => {
  it('locks the window down', () => {
    expect(mainWindowOptions('/p/preload.cjs').webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });
  it('allows only the app itself to be navigated to', () => {
    expect(
      isAppUrl('file:///app/out/renderer/index.html#/runs', undefined, 'file:///app/out/renderer/index.html'),
    ).toBe(true);
    expect(isAppUrl('file:///etc/passwd', undefined, 'file:///app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://evil.example/', undefined, 'file:///app/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/#/x', 'http://localhost:5173', 'file:///x')).toBe(true);
    expect(isAppUrl('not a url', undefined, 'file:///x')).toBe(false);
    expect(isExternalLinkAllowed('https://docs.example/')).toBe(true);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
  });
});

describe('CLI arguments, model keys and paths', () => {
  it('parses flags, repeats and booleans strictly', () => {
    const args = parseArgs(
      ['run', 'd1', '--model', 'openai:a', '--model=openai:b@v2', '--wait', '--sample', '50'],
      ['wait'],
    );
    expect(args.positionals).toEqual(['run', 'd1']);
    expect(args.flags.get('model')).toEqual(['openai:a', 'openai:b@v2']);
    expect(args.booleans.has('wait')).toBe(true);
    expect(numberFlag(args, 'sample', runOptionsSchema.shape.samplePercentage)).toBe(50);
    expect(() => parseArgs(['--out'], [])).toThrow(UsageError);
    expect(() =>
      numberFlag(parseArgs(['--sample', 'x'], []), 'sample', runOptionsSchema.shape.samplePercentage),
    ).toThrow(/--sample: .*number/);
    expect(() => single(parseArgs(['--out', 'a', '--out', 'b'], []), 'out')).toThrow(/more than once/);
  });

  it('round-trips model keys and rejects unknown providers', () => {
    const ref = parseModelKey('google:gemini-1.5-pro@gemini-1.5-pro-002');
    expect(ref).toEqual({ providerId: 'google', modelId: 'gemini-1.5-pro', modelVersion: 'gemini-1.5-pro-002' });
    expect(modelKey(ref)).toBe('google:gemini-1.5-pro@gemini-1.5-pro-002');
    expect(() => parseModelKey('nope:x')).toThrow(/unknown provider/);
    expect(() => parseModelKey('garbage')).toThrow(/PROVIDER:MODEL/);
  });

  it('uses the same data directory as Electron', () => {
    expect(defaultDataDir({ VALUERANK_DATA_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/ValueRank Desktop');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('ValueRank Desktop');
    expect(defaultDataDir({}, 'darwin')).toContain('Library/Application Support/ValueRank Desktop');
    expect(() => projectRoot('/')).toThrow(/project root/);
  });
});
