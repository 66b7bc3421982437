/**
 * A local log file for the desktop app (<data folder>/logs/valuerank.log), so a researcher can send what happened
 * without a terminal. It is the core logger's sink, which redacts keys before a line is written; the file rotates at
 * a size limit, keeping a few old files. Nothing is ever sent anywhere.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const LOG_FILE_NAME = 'valuerank.log';

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs');
}

/** valuerank.log → .1 → .2 …; the oldest beyond `keep` is deleted. */
export function rotate(path: string, keep: number): void {
  rmSync(`${path}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  if (existsSync(path)) renameSync(path, `${path}.1`);
}

/** A write(line) for createLogger: appends to the file, rotating first when it would pass maxBytes. */
export function rotatingFileWriter(
  path: string,
  {
    maxBytes = 5 * 1024 * 1024,
    keep = 3,
    echo,
  }: { maxBytes?: number; keep?: number; echo?: (line: string) => void } = {},
): (line: string) => void {
  let size = 0;
  try {
    mkdirSync(dirname(path), { recursive: true });
    size = existsSync(path) ? statSync(path).size : 0;
  } catch {
    // An unwritable data folder is reported by the database when it opens; logging carries on to stderr.
  }
  return (line) => {
    echo?.(line);
    const bytes = Buffer.byteLength(line) + 1;
    try {
      if (size > 0 && size + bytes > maxBytes) {
        rotate(path, keep);
        size = 0;
      }
      appendFileSync(path, line + '\n');
      size += bytes;
    } catch {
      // A full disk or a read-only folder must not stop a run; the line still went to stderr through echo.
    }
  };
}
