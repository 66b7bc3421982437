/** Run options as typed: nothing clamped or rounded; every invalid field says its range and unit and blocks the start. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUN_OPTIONS,
  draftsFrom,
  parseRunOption,
  parseRunOptions,
} from '../../src/renderer/src/lib/run-options';

const drafts = draftsFrom(DEFAULT_RUN_OPTIONS);

describe('run options', () => {
  it('turns the defaults into the defaults', () => {
    expect(parseRunOptions(drafts)).toEqual({ options: DEFAULT_RUN_OPTIONS, errors: {} });
  });

  it('refuses temperature 5 and a 150 % sample instead of clamping them', () => {
    const parsed = parseRunOptions({ ...drafts, temperature: '5', samplePercentage: '150' });
    expect(parsed.options).toBeNull();
    expect(parsed.errors.temperature).toBe('Must be 0 to 2 (empty: the provider’s default).');
    expect(parsed.errors.samplePercentage).toMatch(/more than 0 and at most 100 \(% of the scenarios\)/);
  });

  it('refuses 0 and −5 for the sample and the token limit, and fractions of tokens', () => {
    for (const text of ['0', '-5']) {
      expect(parseRunOption('samplePercentage', text).ok).toBe(false);
      expect(parseRunOption('maxTokens', text).ok).toBe(false);
    }
    const half = parseRunOption('maxTokens', '1.5');
    expect(half.ok).toBe(false);
    if (!half.ok) expect(half.reason).toContain('tokens, a whole number');
  });

  it('accepts the bounds and means "provider default" by empty', () => {
    expect(parseRunOption('temperature', '2')).toEqual({ ok: true, value: 2 });
    expect(parseRunOption('temperature', '0')).toEqual({ ok: true, value: 0 });
    expect(parseRunOption('temperature', '')).toEqual({ ok: true, value: null });
    expect(parseRunOption('samplePercentage', '0.5')).toEqual({ ok: true, value: 0.5 });
    expect(parseRunOption('samplePercentage', '').ok).toBe(false);
    expect(
      parseRunOptions({
        samplePercentage: '50',
        sampleSeed: '3',
        samples: '3',
        temperature: '0.7',
        maxTokens: '32000',
        maxCost: '2.5',
      }).options,
    ).toEqual({ samplePercentage: 50, sampleSeed: 3, samples: 3, temperature: 0.7, maxTokens: 32000, maxCost: 2.5 });
  });

  it('takes a spending cap above $0, empty meaning no cap', () => {
    expect(parseRunOption('maxCost', '')).toEqual({ ok: true, value: null });
    expect(parseRunOption('maxCost', '0.01')).toEqual({ ok: true, value: 0.01 });
    expect(parseRunOption('maxCost', '0')).toEqual({
      ok: false,
      reason: 'Must be more than $0 and at most $1,000,000 (empty: no cap).',
    });
  });

  it('takes 1 to 20 whole samples per scenario, and says why otherwise', () => {
    expect(parseRunOption('samples', '1')).toEqual({ ok: true, value: 1 });
    expect(parseRunOption('samples', '20')).toEqual({ ok: true, value: 20 });
    for (const bad of ['0', '21', '2.5', '']) {
      const parsed = parseRunOption('samples', bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain('1 to 20');
    }
  });
});
