import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

describe('CLI over the same core', () => {
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

  it('imports, lists scenarios, runs with --wait and exports a CSV of scenarios × models rows', async () => {
    const imported = await cli('definitions', 'import', samplePath);
    expect(imported.code).toBe(0);
    const definitionId = imported.out.at(-1)!;
    expect(definitionId).toMatch(/^def_/);
    expect((await cli('definitions', 'import', samplePath)).err.join()).toMatch(/Already imported/);

    const scenarios = await cli('definitions', 'scenarios', definitionId);
    const lines = scenarios.out.map((l) => JSON.parse(l) as { id: string; prompt: string; dimensions: object });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ id: 'Stakes1_Certainty1' });

    const run = await cli(
      'run',
      definitionId,
      '--model',
      'openai:gpt-4o-mini',
      '--model',
      'openai:gpt-4o@gpt-4o-2024-08-06',
      '--wait',
    );
    expect(run.err.join('\n')).toMatch(/completed: 8\/8/);
    expect(run.code).toBe(0);
    const runId = run.out.at(-1)!;

    const status = await cli('status', runId, '--json');
    expect(JSON.parse(status.out[0]!)).toMatchObject({ status: 'completed', progress: { completed: 8 } });

    const file = join(temp.dir, 'out.csv');
    expect((await cli('export', runId, '--out', file)).code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(8);
    expect(new Set(rows.map((r) => r.run_id))).toEqual(new Set([runId]));
  });

  it('queues without executing when --wait is absent', async () => {
    const definitionId = (await cli('definitions', 'import', samplePath)).out.at(-1)!;
    const run = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--sample', '50', '--seed', '3');
    expect(run.code).toBe(0);
    const status = await cli('status', run.out.at(-1)!);
    expect(status.out[0]).toMatch(/pending/);
  });

  it('explains bad input with a usage message and a non-zero exit', async () => {
    expect((await cli()).code).toBe(64);
    expect((await cli('bogus')).err.join()).toMatch(/unknown command/);
    expect((await cli('run', 'x', '--model', 'nope:m')).err.join()).toMatch(/unknown provider/);
    expect((await cli('run', 'x')).err.join()).toMatch(/--model/);
    const typo = await cli('runs', '--stauts', 'failed');
    expect(typo.code).toBe(64);
    expect(typo.err.join()).toMatch(/unknown option --stauts/);
    const missingDef = await cli('run', 'def_missing', '--model', 'openai:m');
    expect(missingDef.code).toBe(1);
    expect(missingDef.err.join()).toMatch(/NOT_FOUND/);
    const badFile = await cli('definitions', 'import', join(temp.dir, 'nope.yaml'));
    expect(badFile.err.join()).toMatch(/Cannot read/);
    expect(existsSync(join(temp.dir, 'data', 'valuerank.sqlite'))).toBe(true);
    const health = await cli('health', '--json');
    expect(JSON.parse(health.out[0]!)).toMatchObject({ database: { ok: true } });
    expect(health.out.join()).not.toContain('test-key');
    const text = await cli('health');
    expect(text.out.join('\n')).toMatch(/^ +interpreter .+ \(from [^)]+\)$/m);
  });

  it('reads and writes paths relative to the folder npm was run from (INIT_CWD), not the package folder', async () => {
    const here = join(temp.dir, 'elsewhere');
    mkdirSync(here, { recursive: true });
    copyFileSync(samplePath, join(here, 'mine.yaml'));
    const fromThere = cliRunner(() => ({ ...env, INIT_CWD: here }));
    const imported = await fromThere('--data-dir', 'relative-data', 'definitions', 'import', 'mine.yaml');
    expect(imported.code, imported.err.join('\n')).toBe(0);
    expect(existsSync(join(here, 'relative-data', 'valuerank.sqlite'))).toBe(true);
  });
});
