/** Handlers for exports: CSV through Save-As (Electron) or into <dataDir>/exports (browser mode, tests). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { csvFileName, exportRunCsvToFile } from '../export/csv';

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.csv'> {
  return {
    'export.csv': async ({ runId }) => {
      ctx.runs.get(runId, false);
      const name = csvFileName(runId);
      let path: string | null;
      if (ctx.chooseSavePath) {
        path = await ctx.chooseSavePath(name);
      } else {
        mkdirSync(join(ctx.dataDir, 'exports'), { recursive: true });
        path = join(ctx.dataDir, 'exports', name);
      }
      if (!path) return { status: 'cancelled', path: null, rows: 0, partial: false };
      const result = await exportRunCsvToFile(ctx.database.sqlite, runId, path);
      return { status: 'saved', path, ...result };
    },
  };
}
