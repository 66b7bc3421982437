/**
 * Handlers for the exports beside a run's answers: the comparison of two runs as a tidy CSV (the CLI's
 * `compare … --out`), a study's value ranking (the CLI's `study export`), the interaction and agreement tables of a run
 * (`results … --out`) and a chart the renderer drew, as SVG or PNG.
 * Each asks the front door where to save (Save-As, else <dataDir>/exports, from where browser mode downloads it).
 */
import { basename } from 'node:path';
import type { AgreementReport, EffectsComparison, InteractionReport } from '../../../shared/analysis';
import {
  analysisFileName,
  chartFileName,
  comparisonFileName,
  studyFileName,
  type FilesExportResult,
} from '../../../shared/export-files';
import type { Handlers } from '../../../shared/ipc';
import type { ValueRankingReport } from '../../../shared/values';
import { writeAnalysisCsv } from '../export/analysis-csv';
import { writeComparisonCsv } from '../export/comparison-csv';
import type { ChooseSavePath } from '../export/destination';
import { writeAtomically, writeValueRanking } from '../export/values-export';

export interface FileExportDeps {
  destination: ChooseSavePath;
  compareEffects(runA: string, runB: string): Promise<EffectsComparison>;
  studyRanking(id: string): Promise<ValueRankingReport>;
  interaction(runId: string, dimensionA: string, dimensionB: string): Promise<InteractionReport>;
  agreement(runId: string): Promise<AgreementReport>;
  /** The study's runs (throws NOT_FOUND for an unknown study, before anyone is asked where to save). */
  studyRuns(id: string): Promise<string[]>;
}

const saved = (paths: string[]): FilesExportResult => ({
  status: 'saved',
  files: paths.map((path) => ({ path, fileName: basename(path) })),
});
const CANCELLED: FilesExportResult = { status: 'cancelled', files: [] };

export function fileExportHandlers(
  deps: FileExportDeps,
): Pick<Handlers, 'export.comparison' | 'export.study' | 'export.chart' | 'export.interaction' | 'export.agreement'> {
  return {
    'export.comparison': async ({ runA, runB, raw }) => {
      const report = await deps.compareEffects(runA, runB);
      const path = await deps.destination(comparisonFileName(runA, runB));
      if (!path) return CANCELLED;
      return saved(await writeComparisonCsv(report, path, raw));
    },
    'export.study': async ({ id }) => {
      const runIds = await deps.studyRuns(id);
      const ranking = await deps.studyRanking(id);
      const path = await deps.destination(studyFileName(id));
      if (!path) return CANCELLED;
      return saved(await writeValueRanking(ranking, path, { studyId: id, runIds }));
    },
    'export.interaction': async ({ runId, dimensionA, dimensionB, raw }) => {
      const report = await deps.interaction(runId, dimensionA, dimensionB);
      const path = await deps.destination(analysisFileName('interaction', runId));
      if (!path) return CANCELLED;
      return saved(await writeAnalysisCsv('interaction', report, path, raw));
    },
    'export.agreement': async ({ runId, raw }) => {
      const report = await deps.agreement(runId);
      const path = await deps.destination(analysisFileName('agreement', runId));
      if (!path) return CANCELLED;
      return saved(await writeAnalysisCsv('agreement', report, path, raw));
    },
    'export.chart': async ({ name, format, content }) => {
      const path = await deps.destination(chartFileName(name, format));
      if (!path) return CANCELLED;
      const bytes = format === 'png' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
      await writeAtomically(path, bytes, 'save the chart');
      return saved([path]);
    },
  };
}
