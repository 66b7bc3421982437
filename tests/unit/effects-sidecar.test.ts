/** The effects table's text cells get the main CSV's formula guard unless the export is raw; numbers never do. */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD } from '../../src/main/core/analysis/bootstrap';
import { dimensionEffects, type AnalysisInput } from '../../src/main/core/analysis/effects';
import { effectsCsv } from '../../src/main/core/export/effects-sidecar';
import type { DimensionValue } from '../../src/shared/domain';

function input(): AnalysisInput {
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  const rows: AnalysisInput['rows'] = [];
  for (const level of [-1, 1]) {
    for (let k = 0; k < 3; k += 1) {
      const id = `L${level}_${k}`;
      scenarios.set(id, { '=Risk': { score: level, label: level < 0 ? '=HYPERLINK("x")' : '+high', option: '' } });
      rows.push({
        modelKey: 'compat:m',
        scenarioId: id,
        score: 2 + level + k,
        decision: 'x',
        parsePath: 'explicit_rating',
        n: 1,
        transcriptId: id,
      });
    }
  }
  return {
    runId: 'r',
    scale: [],
    models: [{ key: 'compat:m', model: { providerId: 'compat', modelId: 'm', modelVersion: null } }],
    dimensions: [
      {
        name: '=Risk',
        levels: [
          { score: -1, label: '=HYPERLINK("x")' },
          { score: 1, label: '+high' },
        ],
      },
    ],
    rows,
    scenarios,
  };
}

describe('the effects sidecar', () => {
  const report = dimensionEffects(input(), DEFAULT_INTERVAL_METHOD);

  it('guards text cells a spreadsheet would evaluate, and keeps negative level scores numeric', () => {
    const all = parse(effectsCsv(report), { columns: true, bom: true }) as Record<string, string>[];
    const rows = all.filter((r) => !r.kind!.endsWith('_rate'));
    expect(all.filter((r) => r.kind === 'refusal_rate').map((r) => [r.level, r.n, r.estimate, r.method])).toEqual([
      ['-1', '3', '0', 'wilson'],
      ['1', '3', '0', 'wilson'],
    ]);
    expect(rows.map((r) => [r.kind, r.level, r.label])).toEqual([
      ['level_mean', '-1', `'=HYPERLINK("x")`],
      ['level_mean', '1', `'+high`],
      ['amce', '1', `'+high`],
      ['contrast', '1', `'+high − =HYPERLINK("x")`],
    ]);
    expect(
      rows.every((r) => r.dimension === "'=Risk" && r.model_key === 'compat:m' && r.provider_id === 'compat'),
    ).toBe(true);
    expect(Number(rows[2]!.estimate)).toBeCloseTo(2, 9);
  });

  it('writes text as it is in a raw export', () => {
    const rows = parse(effectsCsv(report, true), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows[0]!.label).toBe('=HYPERLINK("x")');
    expect(rows[0]!.dimension).toBe('=Risk');
  });
});
