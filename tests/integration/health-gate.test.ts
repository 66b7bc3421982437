/**
 * Runs refused before they would fail: a provider whose last health check rejected its key or could not reach its
 * server stops `runs.create` and the CLI `run` (every provider of the run is checked, each named in one sentence),
 * unless the researcher overrides it; a verdict for other settings no longer counts. Also `run --temperature
 * --max-tokens`, sent to the provider as given.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

describe('refusing a run whose providers failed their last health check', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'test-key',
      ANTHROPIC_BASE_URL: fake.url,
      ANTHROPIC_API_KEY: 'rejected-key-1111',
      // Nothing listens on the discard port: the connection is refused at once.
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
    };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env, ['--data-dir', join(temp.dir, 'data')]);
  const models = ['--model', 'openai:gpt-4o-mini', '--model', 'anthropic:claude-3-5-haiku', '--model', 'ollama:llama3'];

  it('refuses with one sentence per failing provider (not only the first), exit 7, and queues nothing', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const health = await cli('health', '--provider', 'openai', '--provider', 'anthropic', '--provider', 'ollama');
    expect(health.out.join('\n')).toMatch(/anthropic\s+error\s+AUTH_FAILED/);

    const refused = await cli('run', definitionId, ...models);
    expect(refused.code).toBe(7);
    const message = refused.err.join('\n');
    expect(message).toMatch(
      /PROVIDER_UNHEALTHY: Not started\. At its last health check, Anthropic rejected the API key/,
    );
    expect(message).toMatch(
      /At its last health check, Ollama \(local\) could not be reached at http:\/\/127\.0\.0\.1:9\/v1/,
    );
    expect(message).not.toMatch(/OpenAI (rejected|could not)/);
    expect(message).toMatch(/--ignore-health/);
    expect(JSON.parse((await cli('runs', '--json')).out[0]!)).toEqual([]);

    // A healthy provider alone starts.
    expect((await cli('run', definitionId, '--model', 'openai:gpt-4o-mini')).code).toBe(0);
  });

  it('starts anyway with --ignore-health, and stops counting a verdict once the key changed', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const forced = await cli('run', definitionId, ...models, '--ignore-health');
    expect(forced.code).toBe(0);
    expect(forced.err.join('\n')).toMatch(/Queued run run_\w+: 12 jobs \(3 models\)/);

    // Anthropic's key was replaced after its check: that verdict no longer says anything about this key.
    env = { ...env, ANTHROPIC_API_KEY: 'test-key' };
    const anthropic = await cli('run', definitionId, '--model', 'anthropic:claude-3-5-haiku');
    expect(anthropic.code).toBe(0);
    // Ollama is still known to be down.
    expect((await cli('run', definitionId, '--model', 'ollama:llama3')).code).toBe(7);
  });

  it('sends --temperature and --max-tokens as given, and refuses values out of range', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const before = fake.requests.length;
    const run = await cli(
      'run',
      definitionId,
      '--model',
      'openai:gpt-4o-mini',
      '--temperature',
      '0.7',
      '--max-tokens',
      '300',
      '--sample',
      '25',
      '--wait',
    );
    expect(run.code).toBe(0);
    const status = JSON.parse((await cli('status', run.out.at(-1)!, '--json')).out[0]!) as {
      options: { temperature: number; maxTokens: number };
    };
    expect(status.options).toMatchObject({ temperature: 0.7, maxTokens: 300 });
    const sent = fake.requests.slice(before).filter((r) => r.path.endsWith('/chat/completions'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ temperature: 0.7, max_tokens: 300 });

    const tooHot = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--temperature', '3');
    expect(tooHot.code).toBe(64);
    expect(tooHot.err[0]).toMatch(/--temperature: temperature can be at most 2, got "3"/);
    const fractional = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--max-tokens', '2.5');
    expect(fractional.code).toBe(64);
    expect(fractional.err[0]).toMatch(/--max-tokens: max tokens must be a whole number, got "2.5"/);
  });
});
