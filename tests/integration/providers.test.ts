import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, parseModelKey } from '../../src/shared/domain';
import type { HealthReport, ModelCatalog } from '../../src/shared/providers';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

describe('--model accepts every provider prefix', () => {
  it('parses provider:model[@version] for all ten providers and refuses unknown ones', () => {
    for (const id of PROVIDER_IDS) {
      expect(parseModelKey(`${id}:some-model@v1`)).toEqual({
        providerId: id,
        modelId: 'some-model',
        modelVersion: 'v1',
      });
    }
    expect(parseModelKey('ollama:llama3.1:8b')).toEqual({
      providerId: 'ollama',
      modelId: 'llama3.1:8b',
      modelVersion: null,
    });
    expect(() => parseModelKey('bedrock:claude')).toThrow(/unknown provider "bedrock"/);
  });
});

describe('Anthropic and Gemini wire formats end to end through the CLI (fake provider on loopback)', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = {
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: 'test-key',
      GEMINI_BASE_URL: fake.url,
      GEMINI_API_KEY: 'test-key',
      OLLAMA_BASE_URL: `${fake.url}/v1`,
      VALUERANK_DATA_DIR: join(temp.dir, 'data'),
    };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });

  const cli = cliRunner(() => env);

  it('runs a definition against a pinned Claude and a pinned Gemini version', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const run = await cli(
      'run',
      definitionId,
      '--model',
      'anthropic:claude-3-5-haiku-latest@claude-3-5-haiku-20241022',
      '--model',
      'google:gemini-2.0-flash@gemini-2.0-flash-001',
      '--wait',
    );
    expect(run.err.join('\n')).toMatch(/completed: 8\/8 done, 0 failed/);
    expect(run.code).toBe(0);
    const anthropic = fake.requests.filter((r) => r.path === '/v1/messages');
    expect(anthropic).toHaveLength(4);
    expect(
      anthropic.every(
        (r) =>
          (r.body as { model: string }).model === 'claude-3-5-haiku-20241022' && r.headers['x-api-key'] === 'test-key',
      ),
    ).toBe(true);
    expect(fake.requests.filter((r) => r.path === '/v1beta/models/gemini-2.0-flash-001:generateContent')).toHaveLength(
      4,
    );
    const status = JSON.parse((await cli('status', run.out.at(-1)!, '--json')).out[0]!) as {
      perModel: { modelKey: string; completed: number }[];
    };
    expect(status.perModel.map((m) => [m.modelKey, m.completed])).toEqual([
      ['anthropic:claude-3-5-haiku-latest@claude-3-5-haiku-20241022', 4],
      ['google:gemini-2.0-flash@gemini-2.0-flash-001', 4],
    ]);
  });

  it('health prints each provider with its status and hint, and --json the same report', async () => {
    const text = await cli('health', '--provider', 'anthropic', '--provider', 'openai', '--provider', 'ollama');
    const joined = text.out.join('\n');
    expect(joined).toMatch(/anthropic\s+connected\s+\d+ ms, 4 model\(s\), key from environment …-key/);
    expect(joined).toMatch(/openai\s+not configured/);
    expect(joined).toContain('→ No API key: enter it in Settings → OpenAI or set OPENAI_API_KEY.');
    // The fake wants a key; Ollama sends none, so the local server "rejects" it: the error carries its words.
    expect(joined).toMatch(
      /ollama\s+error\s+AUTH_FAILED: Ollama \(local\) returned HTTP 401: Incorrect API key provided/,
    );
    expect(joined).toMatch(/Python worker\s+online\s+Python 3\./);
    expect(text.code).toBe(0);
    expect(joined).not.toContain('test-key');

    const json = await cli('health', '--json', '--provider', 'google');
    const report = JSON.parse(json.out[0]!) as HealthReport;
    expect(report.providers).toHaveLength(1);
    expect(report.providers[0]).toMatchObject({ providerId: 'google', status: 'connected' });
    expect(json.out[0]).not.toContain('test-key');

    const bad = await cli('health', '--provider', 'bedrock');
    expect(bad.code).toBe(64);
    expect(bad.err.join()).toMatch(/unknown provider "bedrock"/);
  });

  it('models lists the catalog with pinnable versions, refreshed from the provider on request', async () => {
    const builtIn = await cli('models', '--provider', 'openai');
    expect(builtIn.out).toContain('openai:gpt-4o-mini@gpt-4o-mini-2024-07-18\tunavailable\tGPT-4o mini');
    await fake.setBehavior({ models: ['claude-3-5-haiku-20241022', 'claude-opus-4-20250514', 'claude-new-9'] });
    const refreshed = await cli('models', '--provider', 'anthropic', '--refresh', '--json');
    const catalog = JSON.parse(refreshed.out[0]!) as ModelCatalog;
    expect(catalog.providers[0]!.refreshedAt).not.toBeNull();
    expect(catalog.models.find((m) => m.id === 'claude-3-5-haiku-latest')).toMatchObject({
      isAvailable: true,
      defaultVersion: 'claude-3-5-haiku-20241022',
    });
    expect(catalog.models.find((m) => m.id === 'claude-3-opus-latest')?.isAvailable).toBe(false);
    expect(catalog.models.find((m) => m.id === 'claude-new-9')).toMatchObject({ source: 'listed', isAvailable: true });
    // Each CLI command is a new process's core: the listing was saved, so it is still known without a refresh.
    const later = JSON.parse((await cli('models', '--provider', 'anthropic', '--json')).out[0]!) as ModelCatalog;
    expect(later.providers[0]!.refreshedAt).toBe(catalog.providers[0]!.refreshedAt);
    expect(later.models.find((m) => m.id === 'claude-new-9')).toMatchObject({ source: 'listed', isAvailable: true });
    const all = await cli('models');
    // Google was listed by the health check above and that listing was kept: the fake lists gemini-2.0-flash only.
    expect(all.out.some((l) => l.startsWith('google:gemini-1.5-pro@gemini-1.5-pro-002\tunavailable'))).toBe(true);
    expect(all.out.some((l) => /^google:gemini-2\.0-flash\S*\tavailable/.test(l))).toBe(true);
    expect(all.code).toBe(0);
  });
});
