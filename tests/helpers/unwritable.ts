/**
 * A real folder this process cannot write into: mode 0500 for an ordinary user; for root (who ignores mode bits) the
 * immutable attribute (chattr +i). Null where neither is possible (root without CAP_LINUX_IMMUTABLE): skip then.
 */
import { chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export function makeUnwritable(dir: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    return () => chmodSync(dir, 0o700);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
}
