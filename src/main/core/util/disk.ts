/** Free space on a disk, as the data folder's checks read it (a resumed run, a moved data folder). */
import { statfsSync } from 'node:fs';

/** Free bytes for unprivileged writes on the file system holding `dir`. */
export function freeBytesAt(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}
