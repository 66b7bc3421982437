/**
 * The CLI and cost: `run` prints the estimate and refuses a run over the threshold set in Settings unless --yes (exit
 * 6, nothing queued), and `status` shows tokens and cost so far per model (human and --json).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { cliRunner } from '../helpers/cli';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

describe('CLI cost confirmation', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key', VALUERANK_DATA_DIR: dataDir };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env);

  it('refuses a run over the threshold without --yes, starts it with --yes, and reports its cost in status', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    // A price that makes 4 answers of 400 tokens cost $16, over the default $10 threshold.
    const core = await createCore({ dataDir, env, startScheduler: false, logger: createMemoryLogger().logger });
    await callRoute(core.dispatch, 'prices.save', {
      providerId: 'openai',
      modelId: 'gpt-4o-mini',
      modelVersion: null,
      inputUsdPerMTok: 0,
      outputUsdPerMTok: 10_000,
    });
    await core.close();

    const refused = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini');
    expect(refused.code).toBe(6);
    expect(refused.err.join('\n')).toMatch(/estimated cost \$16\.00 is over the confirmation threshold of \$10\.00/);
    expect(refused.err.join('\n')).toMatch(/--yes/);
    expect((await cli('runs', '--json')).out.join('')).toBe('[]');

    const started = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--yes', '--wait');
    expect(started.code).toBe(0);
    const runId = started.out.at(-1)!;

    const json = JSON.parse((await cli('status', runId, '--json')).out[0]!) as {
      cost: { costUsd: number; outputTokens: number; pricesFrom: string };
    };
    expect(json.cost.pricesFrom).toBe('run-start');
    expect(json.cost.outputTokens).toBeGreaterThan(0);
    expect(json.cost.costUsd).toBeCloseTo((json.cost.outputTokens * 10_000) / 1e6, 9);
    const human = (await cli('status', runId)).out.join('\n');
    expect(human).toMatch(/openai:gpt-4o-mini: 4\/4 completed.*; \d[\d,]* input \+ \d[\d,]* output tokens, \$/);
    expect(human).toMatch(/completed, 0 failed, cost so far \$[\d.,]+ \(prices recorded at the run’s start\)/);
  });
});
