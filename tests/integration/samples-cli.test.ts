/**
 * Repeated samples from the CLI against the fake provider over real HTTP: `run --samples N` queues and executes
 * scenarios × models × N jobs, `results` prints the consistency line, and the CSV has a row per sample.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsSummary } from '../../src/shared/results';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

describe('CLI run --samples', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await startFakeProvider();
    env = { OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key', VALUERANK_DATA_DIR: join(temp.dir, 'data') };
  });
  afterAll(async () => {
    await fake.close();
    temp.cleanup();
  });
  const cli = cliRunner(() => env);

  it('asks every scenario N times, reports consistency and exports the sample column', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    // The reason is the route schema's own.
    const reasons = { '0': 'must be at least 1', '21': 'can be at most 20', '2.5': 'must be a whole number' };
    for (const [bad, reason] of Object.entries(reasons)) {
      const refused = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--samples', bad);
      expect(refused.code).toBe(64);
      expect(refused.err.join('\n')).toContain(`--samples: samples ${reason}, got "${bad}"`);
    }
    const run = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--samples', '3', '--wait');
    expect(run.err.join('\n')).toMatch(/12 jobs \(1 model, 3 samples each\)/);
    expect(run.err.join('\n')).toMatch(/completed: 12\/12/);
    expect(run.code).toBe(0);
    const runId = run.out.at(-1)!;
    expect(fake.requests.filter((r) => r.path.includes('/chat/completions'))).toHaveLength(12);

    const text = await cli('results', runId);
    expect(text.out[0]).toMatch(/12 answers, \d+ scored, 3 samples per scenario and model/);
    // The fake provider answers a prompt the same way every time: every scenario is unanimous.
    expect(text.out.join('\n')).toMatch(
      /consistency: 100% mean share of scored samples agreeing with the mode over 4 scenarios \(4 unanimous, 0 tied\); mean spread 0/,
    );
    expect(text.out.join('\n')).toMatch(
      /pairwise agreement: 100% \[100%, 100%\] that two samples of a scenario give the same decision .* over 4 scenarios; mean entropy 0\.00 bits/,
    );
    const json = JSON.parse((await cli('results', runId, '--json')).out[0]!) as ResultsSummary;
    expect(json.samples).toBe(3);
    expect(json.models[0]!.consistency).toMatchObject({ measured: 4, meanConsistency: 1, unanimous: 4 });

    const file = join(temp.dir, 'samples.csv');
    expect((await cli('export', runId, '--out', file)).code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(12);
    // Rows of a scenario come in the order the answers arrived; each sample is there once.
    const samples = rows.filter((r) => r.scenario_id === 'Stakes1_Certainty1').map((r) => r.sample);
    expect(samples.sort()).toEqual(['1', '2', '3']);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as {
      run: { options: { samples: number } };
    };
    expect(manifest.run.options.samples).toBe(3);
  });
});
