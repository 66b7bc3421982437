/**
 * The store rule, the layering table of src/main/core (src/main/core/layers.ts) and the front doors' one face, checked
 * on the source text: every relative import is resolved to the file it names and held to the table.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BELOW_THE_SERVICES,
  CORE_FACE,
  CORE_FLOORS,
  FRONT_DOOR_SHARED,
  FRONT_DOORS,
  HANDLER_PARTS,
  KEPT_APART,
  TYPE_ONLY_EXCEPTIONS,
} from '../../src/main/core/layers';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'src');
const CORE = 'src/main/core/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

interface SourceFile {
  path: string;
  text: string;
}

const files: SourceFile[] = sourceFiles(SRC).map((path) => ({
  path: relative(ROOT, path).split('\\').join('/'),
  text: readFileSync(path, 'utf8'),
}));

interface Import {
  from: string;
  /** The repository path of the file imported, or null for a package (`zod`, `node:fs`). */
  to: string | null;
  typeOnly: boolean;
}

const STATIC = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gm;
const BARE = /^\s*import\s+'([^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

function resolveImport(from: string, spec: string, exists: (path: string) => boolean): string | null {
  if (!spec.startsWith('.')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`];
  return candidates.find((candidate) => /\.(ts|tsx|mts)$/.test(candidate) && exists(candidate)) ?? base;
}

function importsOf(file: SourceFile, exists: (path: string) => boolean): Import[] {
  const found: Import[] = [];
  for (const match of file.text.matchAll(STATIC)) {
    const names = match[3] ?? '';
    // `import { type A, type B }` is as type-only as `import type { A, B }`.
    const inlineTypes = /^\{[\s\S]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '') !== '';
    const allInlineTypes =
      inlineTypes &&
      names
        .replace(/[{}]/g, '')
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .every((part) => part.startsWith('type '));
    found.push({
      from: file.path,
      to: resolveImport(file.path, match[4] ?? '', exists),
      typeOnly: match[2] !== undefined || allInlineTypes,
    });
  }
  for (const pattern of [BARE, DYNAMIC]) {
    for (const match of file.text.matchAll(pattern)) {
      found.push({ from: file.path, to: resolveImport(file.path, match[1] ?? '', exists), typeOnly: false });
    }
  }
  return found;
}

/** The part of src/main/core a core file belongs to: its folder, or its own name for a top-level file. */
function partOf(path: string): string {
  const inside = path.slice(CORE.length);
  return inside.includes('/') ? inside.slice(0, inside.indexOf('/')) : inside;
}

function floorOf(path: string): number {
  return CORE_FLOORS.findIndex((floor) => floor.parts.includes(partOf(path)));
}

const doorOf = (path: string): string | null =>
  FRONT_DOORS.find((door) => door.paths.some((p) => path === p || (p.endsWith('/') && path.startsWith(p))))?.name ??
  null;

/** Every import that breaks the table, as "from -> to: rule" lines (empty when the code keeps to it). */
function layeringViolations(sources: SourceFile[], exists: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const source of sources) {
    if (source.path.startsWith(CORE) && floorOf(source.path) < 0) {
      out.push(`${source.path}: its part "${partOf(source.path)}" is on no floor of src/main/core/layers.ts`);
    }
  }
  for (const imp of sources.flatMap((source) => importsOf(source, exists))) {
    const { from, to } = imp;
    if (to === null) continue;
    const line = (rule: string): void => void out.push(`${from} -> ${to}: ${rule}`);
    if (from.startsWith(CORE)) {
      if (to.startsWith('src/main/') && !to.startsWith(CORE)) line('the core never imports a front door');
      if (!to.startsWith(CORE)) continue;
      const [a, b] = [partOf(from), partOf(to)];
      const excepted = TYPE_ONLY_EXCEPTIONS.some((e) => imp.typeOnly && from === CORE + e.from && to === CORE + e.to);
      if (floorOf(to) > floorOf(from) && !excepted) line('imports a higher floor');
      if (KEPT_APART.some(([x, y]) => (a === x && b === y) || (a === y && b === x)))
        line(`${a}/ and ${b}/ are kept apart`);
      if (HANDLER_PARTS.includes(a) && BELOW_THE_SERVICES.includes(b)) line('a handler calls a service, not the store');
      continue;
    }
    const door = doorOf(from);
    if (door === null && !from.startsWith(FRONT_DOOR_SHARED)) continue;
    if (to.startsWith(CORE) && to !== CORE_FACE) line(`a front door imports the core only through ${CORE_FACE}`);
    const other = doorOf(to);
    if (other !== null && other !== door) line('a front door never imports another front door');
  }
  return out;
}

const exists = (path: string): boolean => existsSync(join(ROOT, path));

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

  it('keeps every import of src/main to the layering table and the front doors to the core face', () => {
    expect(layeringViolations(files, exists)).toEqual([]);
  });

  it('names only parts of the core that exist, once each', () => {
    const parts = CORE_FLOORS.flatMap((floor) => floor.parts);
    expect(new Set(parts).size).toBe(parts.length);
    const present = new Set(files.filter((f) => f.path.startsWith(CORE)).map((f) => partOf(f.path)));
    expect(parts.filter((part) => !present.has(part))).toEqual([]);
  });

  it('flags each kind of break (a checker that finds nothing would pass vacuously)', () => {
    const fake = (path: string, text: string): SourceFile => ({ path, text });
    const known = new Set([
      'src/main/core/db/open.ts',
      'src/main/core/export/manifest.ts',
      'src/main/core/store/runs.ts',
      'src/main/core/runs/query.ts',
      'src/main/core/scheduler/scheduler.ts',
      'src/main/core/python/protocol.ts',
      'src/main/cli/signals.ts',
      'src/main/core/index.ts',
    ]);
    const violations = layeringViolations(
      [
        fake('src/main/core/db/open.ts', "import { appIdentity } from '../export/manifest';"),
        fake('src/main/core/runs/query.ts', "import type { Scheduler } from '../scheduler/scheduler';"),
        fake('src/main/core/handlers/runs.ts', "import {\n  loadRun,\n} from '../store/runs';"),
        fake('src/main/core/store/runs.ts', "import { type ProbeResult } from '../python/protocol';"),
        fake('src/main/core/store/jobs.ts', "import { renderTranscript } from '../python/protocol';"),
        fake('src/main/core/store/jobs.ts', "import type { ProbeResult } from '../python/protocol';"),
        fake('src/main/web/main.ts', "import { Interrupts } from '../cli/signals';"),
        fake('src/main/web/main.ts', "const m = await import('../core/db/open');"),
        fake('src/main/index.ts', "export { createCore } from './core';"),
        fake('src/main/core/mystery.ts', ''),
      ],
      (path) => known.has(path),
    );
    expect(violations).toEqual([
      'src/main/core/mystery.ts: its part "mystery.ts" is on no floor of src/main/core/layers.ts',
      'src/main/core/db/open.ts -> src/main/core/export/manifest.ts: imports a higher floor',
      'src/main/core/runs/query.ts -> src/main/core/scheduler/scheduler.ts: runs/ and scheduler/ are kept apart',
      'src/main/core/handlers/runs.ts -> src/main/core/store/runs.ts: a handler calls a service, not the store',
      'src/main/core/store/runs.ts -> src/main/core/python/protocol.ts: imports a higher floor',
      'src/main/core/store/jobs.ts -> src/main/core/python/protocol.ts: imports a higher floor',
      'src/main/web/main.ts -> src/main/cli/signals.ts: a front door never imports another front door',
      'src/main/web/main.ts -> src/main/core/db/open.ts: a front door imports the core only through src/main/core/index.ts',
    ]);
  });

  it('finds the files it checks (a walk that finds nothing would pass vacuously)', () => {
    expect(files.some((file) => file.path === 'src/main/core/store/sql.ts')).toBe(true);
    expect(files.length).toBeGreaterThan(50);
  });
});
