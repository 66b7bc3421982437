/**
 * Exporting a run: the core writes the file (and its manifest) through the format's route — behind a native Save-As in
 * Electron, into its exports folder in browser mode, where the browser then downloads it with every file beside it as
 * one ZIP — and, in Electron, the saved
 * file can be dragged out of the window.
 */
import { useCallback } from 'react';
import type { ExportFormat } from '@shared/export';
import type { ExportResult } from '@shared/ipc';
import { api } from '../api/client';
import { ApiError } from '../api/errors';
import { useMutation } from '../hooks/useMutation';

export type ExportOutcome =
  { kind: 'saved-by-core'; result: ExportResult } | { kind: 'download-started'; url: string; result: ExportResult };

export interface ExportOptions {
  format: ExportFormat;
  includeFailures: boolean;
  /** CSV without the spreadsheet formula guard. */
  raw: boolean;
}

/** The app runs inside Electron (Save-As, drag-out), not in a browser tab. */
export const isDesktop = api.mode === 'electron';

export function download(url: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
}

/** Exports a run; throws the core's refusal as an ApiError. */
export function useExportRun(): (runId: string, options: ExportOptions) => Promise<ExportOutcome> {
  const csv = useMutation('export.csv').mutate;
  const jsonl = useMutation('export.jsonl').mutate;
  return useCallback(
    async (runId, { format, includeFailures, raw }) => {
      const result = await (format === 'jsonl' ? jsonl : csv)({ runId, includeFailures, raw });
      if (isDesktop) return { kind: 'saved-by-core', result };
      if (!result.fileName)
        throw new ApiError('EXPORT_FAILED', 'The export was written but has no file name to download.');
      // One ZIP with the manifest, effects and scenarios tables and scripts: one click, one file (browsers hold back a
      // page's second automatic download behind a permission prompt, so one download per file would lose some).
      download(api.bundleUrl(result.fileName), `${result.fileName}.zip`);
      return {
        kind: 'download-started',
        url: `/api/export/bundle/${encodeURIComponent(result.fileName)}.zip`,
        result,
      };
    },
    [csv, jsonl],
  );
}

/** Starts the OS drag of a file this session saved (main refuses any other); a refusal changes nothing on screen. */
export function useStartDrag(): (path: string) => void {
  const { mutate } = useMutation('export.drag');
  return useCallback((path: string) => void mutate({ path }).catch(() => undefined), [mutate]);
}
