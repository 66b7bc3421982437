/**
 * The renderer's one way to read and one way to write, checked on the source text: pages and components never reach
 * the transport (they read through the hooks over the resource cache), only the data layer holds the api client,
 * polling is an option of the read hook (no setInterval), and zustand holds client state in stores/ only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const RENDERER = join(ROOT, 'src', 'renderer', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

const files = sourceFiles(RENDERER).map((path) => ({
  path: relative(RENDERER, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*import[^'"]*['"]([^'"]+)['"]/g)].map((match) => match[1]!);
}

const TRANSPORT = /(^|\/)api\/(client|transport)$/;
/** The data layer: the cache, the domain hooks, and the connection's state (which listens to the client). */
const CLIENT_HOLDERS = /^(stores\/(resource|connection)\.ts|data\/[^/]+\.ts|api\/.+)$/;

describe('renderer boundaries', () => {
  it('finds the pages and components it checks', () => {
    expect(files.filter((f) => f.path.startsWith('pages/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.path.startsWith('components/')).length).toBeGreaterThan(20);
  });

  it('keeps pages and components away from the transport: they read and write through the hooks', () => {
    const offenders = files
      .filter((f) => /^(pages|components)\//.test(f.path))
      .filter((f) => importsOf(f.text).some((source) => TRANSPORT.test(source)))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('lets only the data layer hold the api client, and only the resource cache call routes', () => {
    const holders = files
      .filter((f) => importsOf(f.text).some((source) => TRANSPORT.test(source)))
      .map((f) => f.path)
      .filter((path) => !CLIENT_HOLDERS.test(path));
    expect(holders).toEqual([]);
    const callers = files.filter((f) => /\bapi\.call\(/.test(f.text)).map((f) => f.path);
    expect(callers).toEqual(['stores/resource.ts']);
  });

  it('polls only through the read hook (no setInterval) and keeps zustand stores in stores/', () => {
    expect(files.filter((f) => /\bsetInterval\(/.test(f.text)).map((f) => f.path)).toEqual([]);
    const zustand = files.filter((f) => /\bcreate<[^>]*>\(\)/.test(f.text)).map((f) => f.path);
    expect(zustand.length).toBeGreaterThan(0);
    expect(zustand.filter((path) => !path.startsWith('stores/'))).toEqual([]);
  });
});
