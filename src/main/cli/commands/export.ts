/**
 * `export RUN_ID --out FILE [--format csv|jsonl] [--include-failures]`: the same worker-thread export as the app,
 * written where the person says, with `<FILE>.manifest.json` beside it. Prints the file's path last.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportFormatSchema } from '../../../shared/export';
import type { Core } from '../../core/create-core';
import { ExportService } from '../../core/export/service';
import { single, UsageError, type ParsedArgs } from '../args';

export const INCLUDE_FAILURES_FLAG = 'include-failures';

export interface ExportCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

export async function exportCommand(core: Core, runId: string, args: ParsedArgs, io: ExportCommandIo): Promise<number> {
  const out = single(args, 'out');
  if (!out) throw new UsageError('export needs --out FILE');
  const formatText = single(args, 'format') ?? 'csv';
  const format = exportFormatSchema.safeParse(formatText);
  if (!format.success) throw new UsageError(`--format must be csv or jsonl, got "${formatText}"`);
  const path = resolve(io.env.INIT_CWD ?? process.cwd(), out);
  core.runs.get(runId, false);
  mkdirSync(dirname(path), { recursive: true });
  const service = new ExportService({
    sqlite: core.database.sqlite,
    databasePath: core.database.openPath,
    logger: core.logger.child({ component: 'export' }),
  });
  const result = await service.exportToFile({
    runId,
    path,
    format: format.data,
    includeFailures: args.booleans.has(INCLUDE_FAILURES_FLAG),
  });
  const failures =
    result.failures > 0 ? ` and ${result.failures} failed or cancelled job${result.failures === 1 ? '' : 's'}` : '';
  io.err(
    `Wrote ${result.transcripts} results${failures} to ${path} in ${result.elapsedMs} ms` +
      `${result.partial ? ' (partial: the run is still active)' : ''}; manifest: ${result.manifestPath}`,
  );
  io.out(path);
  return 0;
}
