/**
 * Browser mode's download of an export with everything written beside it — the manifest, and the files its `sidecars`
 * name (effects table, scenarios table, the Python and R scripts) — as one ZIP: one click, one file, which browsers
 * never hold back as "multiple automatic downloads". Every file goes through the same rule as a single download
 * (`exportFile`: a regular file really inside exports/), so a manifest cannot name its way out of the folder.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { exportFile } from './session';
import type { ZipEntry } from './zip';

const manifestSidecars = z.object({
  sidecars: z
    .object({
      effects: z.string().optional(),
      /** A value ranking's pairs table (study export). */
      pairs: z.string().optional(),
      scenarios: z.string().optional(),
      scripts: z.object({ python: z.string().optional(), r: z.string().optional() }).optional(),
    })
    .optional(),
});

/** The archive's name for an export file: the file's own name with `.zip`, so two formats never collide. */
export function bundleName(fileName: string): string {
  return `${fileName}.zip`;
}

/** Names the manifest beside `fileName` lists as written with it (none when it is missing or unreadable). */
function sidecarNames(dir: string, fileName: string): string[] {
  const manifest = exportFile(dir, `${fileName}.manifest.json`);
  if (!manifest) return [];
  let parsed: z.infer<typeof manifestSidecars>;
  try {
    parsed = manifestSidecars.parse(JSON.parse(readFileSync(manifest.path, 'utf8')));
  } catch {
    return [];
  }
  const { effects, pairs, scenarios, scripts } = parsed.sidecars ?? {};
  return [effects, pairs, scenarios, scripts?.python, scripts?.r].filter((name): name is string => name !== undefined);
}

/**
 * The export `fileName` and every file written with it, in that order (main file, manifest, sidecars), each once; null
 * when the export itself is not a downloadable file of the folder.
 */
export function exportBundle(dir: string, fileName: string): ZipEntry[] | null {
  const main = exportFile(dir, fileName);
  if (!main) return null;
  const names = [fileName, `${fileName}.manifest.json`, ...sidecarNames(dir, fileName)];
  const entries: ZipEntry[] = [];
  for (const name of new Set(names)) {
    const file = exportFile(dir, name);
    if (file) entries.push({ name, path: file.path, size: file.size, mtime: statSync(file.path).mtime });
  }
  return entries;
}
