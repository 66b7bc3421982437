/**
 * `prices`: the price table from the command line, the batch tier included (issue 26): list, set a price with or
 * without the researcher's own batch prices (both or neither), remove it; a later batch estimate uses it.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelPrice } from '../../src/shared/prices';
import { cliRunner } from '../helpers/cli';
import { makeTempDir } from '../helpers/temp';

describe('CLI prices', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  afterAll(() => temp.cleanup());
  const cli = cliRunner(() => ({ VALUERANK_DATA_DIR: dataDir }));
  const mini = (lines: string[]) => lines.find((l) => l.startsWith('openai:gpt-4o-mini\t'));

  it('lists, sets with batch prices, refuses half a batch price, and removes', async () => {
    const listed = await cli('prices');
    expect(listed.code).toBe(0);
    expect(mini(listed.out)).toBe(
      'openai:gpt-4o-mini\t$0.15 / $0.60\tbatch $0.075 / $0.30 (half)\t2025-06-01\tbuilt-in',
    );

    const set = await cli(
      'prices',
      'set',
      'openai:gpt-4o-mini',
      '--input',
      '0.2',
      '--output',
      '0.8',
      '--batch-input',
      '0.12',
      '--batch-output',
      '0.5',
    );
    expect(set.code).toBe(0);
    expect(mini(set.out)).toMatch(
      /^openai:gpt-4o-mini\t\$0.20 \/ \$0.80\tbatch \$0.12 \/ \$0.50\t\S+\tyours \(replaces/,
    );
    const json = JSON.parse((await cli('prices', '--json')).out[0]!) as ModelPrice[];
    expect(json.find((p) => p.modelId === 'gpt-4o-mini' && p.modelVersion === null)).toMatchObject({
      batchInputUsdPerMTok: 0.12,
      batchOutputUsdPerMTok: 0.5,
      source: 'user',
    });

    const half = await cli(
      'prices',
      'set',
      'openai:gpt-4o-mini',
      '--input',
      '1',
      '--output',
      '1',
      '--batch-input',
      '1',
    );
    expect(half.code).not.toBe(0);
    expect(half.err.join('\n')).toContain('a batch price needs both');
    expect(await cli('prices', 'set', 'openai:gpt-4o-mini', '--input', 'x', '--output', '1')).toMatchObject({
      code: 64,
    });
    expect(await cli('prices', 'set', 'nope', '--input', '1', '--output', '1')).toMatchObject({ code: 64 });
    expect(await cli('prices', 'frobnicate')).toMatchObject({ code: 64 });

    const removed = await cli('prices', 'remove', 'openai:gpt-4o-mini');
    expect(mini(removed.out)).toContain('built-in');
  });
});
