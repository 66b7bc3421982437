/** `results RUN_ID --by …` in-process over a seeded data folder: the effects table, JSON, the interaction grid, errors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/create-core';
import { COMPARISON_COLUMNS } from '../../src/main/core/export/comparison-csv';
import { cliRunner, type CliRunner } from '../helpers/cli';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { seedAnalysisRun } from '../helpers/analysis-seed';

describe('results --by on the command line', () => {
  const temp = makeTempDir();
  const dataDir = join(temp.dir, 'data');
  let runId: string;
  let rerunId: string;
  let cli: CliRunner;

  beforeAll(async () => {
    const core = await createCore({
      dataDir,
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      logger: createMemoryLogger(() => []).logger,
    });
    ({ runId } = await seedAnalysisRun(core));
    // The re-run: model a now weighs Stakes twice as much (1, 3, 5) and ignores Certainty.
    ({ runId: rerunId } = await seedAnalysisRun(core, { scoreA: ({ stakes }) => 2 * stakes - 1, parentRunId: runId }));
    await core.close();
    cli = cliRunner(() => ({ OPENAI_API_KEY: 'test-key' }), ['--data-dir', dataDir]);
  });

  afterAll(() => temp.cleanup());

  it('prints each model’s level means with intervals and the effect', async () => {
    const { code, out } = await cli('results', runId, '--by', 'Stakes');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('mean decision by Stakes');
    expect(text).toContain('openai:model-a  (scored 24, refusals 0, unparseable 0)');
    expect(text).toContain('openai:model-b  (scored 22, refusals 1, unparseable 1)');
    expect(out.find((l) => /^\s+1\s+low\s+8\s+8\s+1\.50\s+\[/.test(l))).toBeDefined();
    expect(out.find((l) => /^\s+3\s+high\s+8\s+8\s+3\.50\s+\[/.test(l))).toBeDefined();
    expect(text).toMatch(
      /highest − lowest, high − low: \+2\.00 \[\d\.\d\d, \d\.\d\d\] \(24 scenarios, residual df 17\)/,
    );
    expect(
      out.find((l) => /^\s+1\s+low\s+8\s+8\s+1\.50\s+\[.*\]\s+baseline\s+0 \(0 %\) \[0 %, 32 %\]/.test(l)),
    ).toBeDefined();
    expect(out.find((l) => /^\s+2\s+medium\s+8\s+8\s+2\.50\s+\[.*\]\s+\+1\.00\s+\[/.test(l))).toBeDefined();
  });

  it('measures every level against the baseline the researcher chooses', async () => {
    const { code, out } = await cli('results', runId, '--by', 'Stakes', '--baseline', 'Stakes=3', '--json');
    expect(code).toBe(0);
    const parsed = JSON.parse(out[0]!) as {
      models: { baseline: number; amce: { level: number; estimate: number }[] }[];
    };
    expect(parsed.models[0]!.baseline).toBe(3);
    expect(parsed.models[0]!.amce.map((a) => [a.level, Math.round(a.estimate * 1e9) / 1e9])).toEqual([
      [1, -2],
      [2, -1],
    ]);
    const wrong = await cli('results', runId, '--by', 'Stakes', '--baseline', 'Stakes=9');
    expect(wrong.code).toBe(1);
    expect(wrong.err.join('\n')).toMatch(/"Stakes" has no level 9 to use as baseline/);
    expect((await cli('results', runId, '--by', 'Stakes', '--baseline', 'Stakes')).code).toBe(64);
  });

  it('prints the same numbers as JSON, and the interaction grid for two dimensions', async () => {
    const json = await cli('results', runId, '--by', 'Certainty', '--json');
    const parsed = JSON.parse(json.out[0]!) as {
      dimension: string;
      models: { modelKey: string; levels: { mean: number }[]; effect: { estimate: number } }[];
    };
    expect(parsed.dimension).toBe('Certainty');
    expect(parsed.models[0]!.levels.map((l) => l.mean)).toEqual([2, 3]);
    expect(parsed.models[0]!.effect.estimate).toBeCloseTo(1, 9);

    const grid = await cli('results', runId, '--by', 'Stakes', '--by', 'Certainty');
    expect(grid.code).toBe(0);
    expect(grid.out[0]).toContain('by Stakes (rows) × Certainty (columns)');
    expect(grid.out.find((l) => /^\s+3 high\s+3\.00 \(4\)\s+4\.00 \(4\)$/.test(l))).toBeDefined();
  });

  it('names the run’s dimensions when asked for one it does not have', async () => {
    const { code, err } = await cli('results', runId, '--by', 'Nope');
    expect(code).toBe(64);
    expect(err.join('\n')).toContain('its dimensions: Stakes, Certainty, Setting');
    const three = await cli('results', runId, '--by', 'Stakes', '--by', 'Certainty', '--by', 'Setting');
    expect(three.code).toBe(64);
  });

  it('compares two runs paired by scenario, with Holm-adjusted p-values and the noise floor', async () => {
    const { code, out } = await cli('compare', runId, rerunId);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(out[0]).toMatch(/scenario decisions changed$/);
    expect(text).toMatch(/\* marks Holm p < 0\.05 over all \d+ tests below/);
    expect(text).toContain('openai:model-a  (openai:model-a → openai:model-a)');
    // Model a's Stakes effect doubled (+2 → +4) in every scenario alike: a marked change.
    expect(text).toMatch(
      /Stakes effect: \+2\.00 \[2\.00, 2\.00\] n=24 p=<0\.001 \(t\) Holm p=<0\.001 BH q=<0\.001 {2}\*/,
    );
    expect(text).toContain('noise floor: One sample per scenario in both runs: the self-disagreement floor is unknown');
    const json = await cli('compare', runId, rerunId, '--json');
    const parsed = JSON.parse(json.out[0]!) as {
      multiplicity: { method: string; family: number };
      flippedTotal: number;
    };
    expect(parsed.multiplicity.method).toBe('holm');
    expect(parsed.flippedTotal).toBeGreaterThan(0);
    expect((await cli('compare', runId)).code).toBe(64);

    // The tidy table: one row per estimate, the multiplicity method and family on every row.
    const file = join(temp.dir, 'compare.csv');
    expect((await cli('compare', runId, rerunId, '--out', file)).code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...COMPARISON_COLUMNS]);
    const stakes = rows.find(
      (r) => r.pair === 'openai:model-a' && r.kind === 'effect_change' && r.dimension === 'Stakes',
    )!;
    expect(Number(stakes.estimate)).toBeCloseTo(2, 9);
    expect(stakes).toMatchObject({ p_method: 't', multiplicity: 'holm', family: String(parsed.multiplicity.family) });
    expect(Number(stakes.p_holm)).toBeLessThan(0.05);
    expect(rows.filter((r) => r.kind === 'mean_change')).toHaveLength(2);
    expect(rows.filter((r) => r.kind === 'flip_test')).toHaveLength(0);
    // Its manifest says the text cells carry the formula guard, and not with --raw-csv.
    const manifest = () => JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest()).toMatchObject({
      kind: 'comparison',
      runA: runId,
      runB: rerunId,
      raw: false,
      formulaGuard: true,
    });
    expect((await cli('compare', runId, rerunId, '--out', file, '--raw-csv')).code).toBe(0);
    expect(manifest()).toMatchObject({ raw: true, formulaGuard: false });
  });
});
