/**
 * The analysis scripts beside a CSV export: the Python one, run with Debian's python3-statsmodels (installed by
 * .ci/run; skipped where no interpreter has it), reproduces every AMCE of `<file>.effects.csv` and its interval from
 * the exported answers alone; the R one (no R here) reads only columns the CSV has.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { scriptColumns, scriptPathsFor } from '../../src/main/core/export/analysis-scripts';
import { effectsPathFor } from '../../src/main/core/export/effects-sidecar';
import type { ExportManifest } from '../../src/main/core/export/manifest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { seedAnalysisRun } from '../helpers/analysis-seed';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { statsPython } from '../helpers/stats-python';

const python = statsPython();

describe('analysis scripts beside a CSV export', () => {
  const temp = makeTempDir();
  let core: Core;
  let runId: string;
  let saved: { path: string; manifestPath: string; fileName: string };

  beforeAll(async () => {
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      logger: createMemoryLogger(() => []).logger,
    });
    ({ runId } = await seedAnalysisRun(core));
    const result = await callRoute(core.dispatch, 'export.csv', { runId });
    saved = { path: result.path!, manifestPath: result.manifestPath!, fileName: result.fileName! };
  });

  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  it('names both scripts in the manifest, reading only columns the CSV has', () => {
    const manifest = JSON.parse(readFileSync(saved.manifestPath, 'utf8')) as ExportManifest;
    expect(manifest.sidecars!.scripts).toEqual({
      python: `${saved.fileName}.analysis.py`,
      r: `${saved.fileName}.analysis.R`,
    });
    // The per-scenario table (modes, ties as ties, pairwise agreement) is beside it too.
    expect(manifest.sidecars!.scenarios).toBe(`${saved.fileName}.scenarios.csv`);
    expect(readFileSync(`${saved.path}.scenarios.csv`, 'utf8')).toMatch(/^\ufeffscenario_id,model_key,answers,/);
    const header = readFileSync(saved.path, 'utf8')
      .replace(/^\ufeff/, '')
      .split(/\r?\n/)[0]!
      .split(',');
    const needed = scriptColumns(['Stakes', 'Certainty', 'Setting']);
    for (const column of needed) expect(header).toContain(column);
    const r = readFileSync(scriptPathsFor(saved.path).r, 'utf8');
    // Every quoted column-like name the R script uses is a CSV column, and it uses every one it needs.
    const quoted = [...r.matchAll(/"((?:dim_[^"]+)|model_key|scenario_id|score)"/g)].map((m) => m[1]!);
    expect(new Set(quoted)).toEqual(new Set(needed));
    expect(r).toContain('lm(as.formula(paste("score ~", terms))');
    expect(r).toContain(`else "${saved.fileName}"`);
  });

  it.skipIf(python === null)('reproduces every AMCE and its interval with statsmodels (to 1e-9)', () => {
    const out = execFileSync(python!, [scriptPathsFor(saved.path).python], { encoding: 'utf8' });
    const mine = parse(out, { columns: true }) as Record<string, string>[];
    const app = (
      parse(readFileSync(effectsPathFor(saved.path), 'utf8'), { columns: true, bom: true }) as Record<string, string>[]
    ).filter((r) => r.kind === 'amce');
    expect(mine).toHaveLength(app.length);
    expect(app.length).toBe(12);
    for (const row of app) {
      const match = mine.find(
        (m) => m.model_key === row.model_key && m.dimension === row.dimension && Number(m.level) === Number(row.level),
      )!;
      expect(match, `${row.model_key} ${row.dimension} ${row.level}`).toBeDefined();
      expect(Number(match.baseline)).toBe(Number(row.baseline));
      for (const column of ['estimate', 'ci_low', 'ci_high'] as const)
        expect(Math.abs(Number(match[column]) - Number(row[column])), column).toBeLessThan(1e-9);
      expect(Number(match.df)).toBe(Number(row.df));
    }
  });
});
