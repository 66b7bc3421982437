/** The first Python interpreter that has pandas and statsmodels (Debian's first: pyenv shims may lack them), or null. */
import { execFileSync } from 'node:child_process';

export function statsPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(candidate, ['-c', 'import pandas, statsmodels'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}
