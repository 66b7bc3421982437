/**
 * Saving the files beside a run's answers — the comparison CSV, a study's value ranking, a chart — through their export
 * routes: behind a native Save-As in Electron, into the core's exports folder in browser mode, from where the browser
 * downloads the file — or, when the route wrote several (a table and its manifest), one ZIP of them all (browsers hold
 * back a page's second automatic download).
 */
import { useCallback } from 'react';
import type { FilesExportResult } from '@shared/export-files';
import type { RouteInput } from '@shared/ipc';
import { api } from '../api/client';
import { useMutation } from '../hooks/useMutation';
import { download, isDesktop } from './export';

export type FileExportRoute =
  'export.comparison' | 'export.study' | 'export.chart' | 'export.interaction' | 'export.agreement';

/** Calls the route and, in browser mode, downloads each file it wrote; throws the core's refusal as an ApiError. */
export function useSaveFiles<K extends FileExportRoute>(
  route: K,
): (input: RouteInput<K>) => Promise<FilesExportResult> {
  const { mutate } = useMutation(route);
  return useCallback(
    async (input) => {
      const result = (await mutate(input)) as FilesExportResult;
      const [main, ...more] = result.files;
      if (!isDesktop && main) {
        if (more.length === 0) download(api.fileUrl(main.fileName), main.fileName);
        else download(api.bundleUrl(main.fileName), `${main.fileName}.zip`);
      }
      return result;
    },
    [mutate],
  );
}

/** What a finished save says: where the files went (Electron) or which were downloaded (browser mode). */
export function savedText(result: FilesExportResult): string {
  if (result.status === 'cancelled' || result.files.length === 0) return 'Not saved.';
  const names = result.files.map((f) => (isDesktop ? f.path : f.fileName)).join(', ');
  return isDesktop ? `Saved ${names}` : `Downloaded ${names}`;
}
