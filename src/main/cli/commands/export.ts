/**
 * `export RUN_ID --out FILE [--format csv|jsonl] [--include-failures] [--raw-csv]`: the same export route as the app, with the
 * destination (--out) resolved by the CLI as Electron resolves it with Save-As; `<FILE>.manifest.json` is written
 * beside it. Prints the file's path last.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportFormatSchema } from '../../../shared/export';
import { type Core, type ChooseSavePath, callRoute } from '../../core';
import { single, UsageError, type ParsedArgs } from '../args';

export const INCLUDE_FAILURES_FLAG = 'include-failures';
/** CSV cells exactly as stored, without the spreadsheet formula guard (for pandas and R). */
export const RAW_CSV_FLAG = 'raw-csv';

export interface ExportCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The CLI's answer to "where should this export go?": the --out path (its folder is created). */
export function exportDestinationFor(path: string): ChooseSavePath {
  return async () => {
    mkdirSync(dirname(path), { recursive: true });
    return path;
  };
}

export async function exportCommand(
  core: Pick<Core, 'dispatch'>,
  runId: string,
  args: ParsedArgs,
  io: ExportCommandIo,
): Promise<number> {
  if (!single(args, 'out')) throw new UsageError('export needs --out FILE');
  const formatText = single(args, 'format') ?? 'csv';
  const format = exportFormatSchema.safeParse(formatText);
  if (!format.success) throw new UsageError(`--format must be csv or jsonl, got "${formatText}"`);
  const result = await callRoute(core.dispatch, format.data === 'jsonl' ? 'export.jsonl' : 'export.csv', {
    runId,
    includeFailures: args.booleans.has(INCLUDE_FAILURES_FLAG),
    raw: args.booleans.has(RAW_CSV_FLAG),
  });
  const failures =
    result.failures > 0 ? ` and ${result.failures} failed or cancelled job${result.failures === 1 ? '' : 's'}` : '';
  io.err(
    `Wrote ${result.transcripts} results${failures} to ${result.path} in ${result.elapsedMs} ms` +
      `${result.partial ? ' (partial: the run is still active)' : ''}; manifest: ${result.manifestPath}`,
  );
  io.out(result.path ?? '');
  return 0;
}
