/** The store rule and the import rules the lint config cannot express, checked on the source text. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  path: relative(ROOT, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

// `.prepare(` anywhere, and `.exec(` on something named like a connection (a RegExp's .exec is fine).
const STATEMENT = /\.prepare\(|\b\w*(?:sqlite|db|database|connection)\w*\s*\.exec\(/i;
const STORE_OWNERS = ['src/main/core/store/', 'src/main/core/db/'];

describe('architecture', () => {
  it('prepares SQL statements only in src/main/core/store (and db/ for opening and migrating)', () => {
    const offenders = files
      .filter((file) => !STORE_OWNERS.some((owner) => file.path.startsWith(owner)))
      .filter((file) => STATEMENT.test(file.text))
      .map((file) => file.path);
    expect(offenders, `SQL outside the store: ${offenders.join(', ')}`).toEqual([]);
  });

  it('keeps runs/ and scheduler/ from importing each other', () => {
    const crossing = files.filter(
      (file) =>
        (file.path.startsWith('src/main/core/runs/') && /from '\.\.\/scheduler\//.test(file.text)) ||
        (file.path.startsWith('src/main/core/scheduler/') && /from '\.\.\/runs\//.test(file.text)),
    );
    expect(crossing.map((file) => file.path)).toEqual([]);
  });

  it('finds the files it checks (a walk that finds nothing would pass vacuously)', () => {
    expect(files.some((file) => file.path === 'src/main/core/store/sql.ts')).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });
});
