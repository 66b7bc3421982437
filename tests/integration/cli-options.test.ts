/**
 * Every numeric CLI option is checked by the schema the route parses it with: the CLI accepts exactly what the core
 * accepts. `run --wait --concurrency 1.5` once queued its run and then waited forever on a fractional limit; it is
 * refused up front (exit 64, the schema's reason) and nothing is queued.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { numberFlag, parseArgs } from '../../src/main/cli/args';
import { parallelRequestsSchema, runOptionsSchema } from '../../src/shared/domain';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

const samplePath = join(__dirname, '../../resources/definitions/council-housing.yaml');

const OPTIONS = {
  sample: runOptionsSchema.shape.samplePercentage,
  seed: runOptionsSchema.shape.sampleSeed,
  samples: runOptionsSchema.shape.samples,
  concurrency: parallelRequestsSchema,
} as const;

const TEXTS = ['0', '-5', '0.001', '0.5', '1', '1.5', '2', '20', '21', '100', '100.5', '256', '257', '1e2', ' 7 ', 'x'];
const EXTREMES = ['9007199254740991', '9007199254740993', '-2147483649', 'Infinity', 'NaN', ''];

describe('numeric CLI options', () => {
  const temp = makeTempDir();
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: join(temp.dir, 'data'), OPENAI_API_KEY: 'test-key' }));
  afterAll(() => temp.cleanup());

  it('accept and refuse exactly what the route schema does', () => {
    const disagreements: string[] = [];
    for (const [name, schema] of Object.entries(OPTIONS)) {
      for (const text of [...TEXTS, ...EXTREMES]) {
        const schemaSays = text.trim() !== '' && schema.safeParse(Number(text)).success;
        let cliSays: boolean;
        try {
          cliSays = numberFlag(parseArgs([`--${name}`, text], [], [name]), name, schema) !== undefined;
        } catch {
          cliSays = false;
        }
        if (cliSays !== schemaSays) disagreements.push(`--${name} ${JSON.stringify(text)}: cli ${cliSays}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('refuses run --wait --concurrency 1.5 before queueing anything, with the reason', async () => {
    const imported = await cli('definitions', 'import', samplePath);
    expect(imported.code).toBe(0);
    const definitionId = imported.out.at(-1)!;
    const refused = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--wait', '--concurrency', '1.5');
    expect(refused.code).toBe(64);
    expect(refused.err.join('\n')).toContain('--concurrency: parallel requests must be a whole number, got "1.5"');
    const samples = await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--samples', '2.5');
    expect(samples.code).toBe(64);
    expect(samples.err.join('\n')).toContain('--samples: samples must be a whole number, got "2.5"');
    const runs = await cli('runs', '--json');
    expect(runs.code).toBe(0);
    expect(JSON.parse(runs.out.join('\n'))).toEqual([]);
  });
});
