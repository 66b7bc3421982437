/**
 * Where an export is written. The front door resolves it through an injected capability: Electron asks Save-As, the
 * CLI answers its --out path; without one (browser mode, tests) files go to <dataDir>/exports and are downloaded.
 */
import { join } from 'node:path';
import { ensurePrivateDir } from '../paths';

/** Returns the path to write `suggestedName` to, or null when the person cancelled. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | null>;

/** Where exports land when nobody is asked (browser mode downloads them from here). */
export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

/** The front door's choice, else <dataDir>/exports/<name>. */
export function exportDestination(dataDir: string, chooseSavePath?: ChooseSavePath): ChooseSavePath {
  if (chooseSavePath) return chooseSavePath;
  return async (name) => {
    // 0700: exported answers are readable by this user only, like the data folder itself.
    ensurePrivateDir(exportsDir(dataDir));
    return join(exportsDir(dataDir), name);
  };
}
