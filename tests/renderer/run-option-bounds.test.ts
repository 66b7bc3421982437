/** The start form's verdict on each run option is the route schema's: the form keeps only its wording. */
import { describe, expect, it } from 'vitest';
import { runOptionsSchema, type RunOptions } from '@shared/domain';
import { parseRunOption, RUN_OPTION_RULES } from '../../src/renderer/src/lib/run-options';

const KEYS = Object.keys(runOptionsSchema.shape) as (keyof RunOptions)[];
const TEXTS = ['0', '-5', '0.001', '0.5', '1', '1.5', '2', '2.5', '20', '21', '100', '100.5', '32000', '32001', '1e3'];
const EXTREMES = ['9007199254740991', '9007199254740993', '-2147483649', 'Infinity', 'NaN', 'x', ' 7 '];

describe('start form bounds', () => {
  it('accepts and refuses exactly what runs.create accepts, for every option', () => {
    expect(Object.keys(RUN_OPTION_RULES).sort()).toEqual([...KEYS].sort());
    const disagreements: string[] = [];
    for (const key of KEYS) {
      for (const text of [...TEXTS, ...EXTREMES]) {
        const schemaSays = runOptionsSchema.shape[key].safeParse(Number(text)).success;
        if (parseRunOption(key, text).ok !== schemaSays) disagreements.push(`${key} ${JSON.stringify(text)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('shows the schema’s range on each input', () => {
    expect(RUN_OPTION_RULES.samples).toMatchObject({ min: 1, max: 20, integer: true });
    expect(RUN_OPTION_RULES.maxTokens).toMatchObject({ min: 1, max: 32000, integer: true });
    expect(RUN_OPTION_RULES.temperature).toMatchObject({ min: 0, max: 2, integer: false });
    // More than 0: the bound itself is invalid, so the input shows no minimum.
    expect(RUN_OPTION_RULES.samplePercentage).toMatchObject({ min: null, max: 100, integer: false });
  });
});
