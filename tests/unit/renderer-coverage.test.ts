/**
 * The renderer coverage gate end to end on a tiny real renderer: vite builds two source files the way the app's
 * renderer is built (hidden source map), real Chromium runs the bundle over loopback HTTP while the browser helper
 * records its coverage, and scripts/renderer-coverage.mjs maps it back, merges it with a vitest-style report and
 * passes or fails the threshold.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countsAtOffsets,
  decodeMappings,
  run,
  sourceHitsFromScript,
  type RawScript,
  type SourceHit,
} from '../../scripts/renderer-coverage.mjs';
import { recordRendererCoverage } from '../helpers/renderer-coverage';
import { makeTempDir } from '../helpers/temp';

// Line numbers matter: the assertions below name them.
const MATH = [
  'export function double(n) {', // 1
  '  return n * 2;', // 2
  '}', // 3
  'export function negate(n) {', // 4
  '  return -n;', // 5
  '}', // 6
  'export function dropped() {', // 7 (no caller: the bundle leaves it out)
  "  return 'tree-shaken';", // 8
  '}', // 9
].join('\n');
const MAIN = [
  "import { double, negate } from './math.js';", // 1
  'window.exercise = (n) => {', // 2
  '  if (n > 0) {', // 3
  '    return double(n);', // 4
  '  }', // 5
  '  return negate(n);', // 6
  '};', // 7
  'window.later = () => negate(1);', // 8 (the assignment runs; the callback, from column 21, never does)
].join('\n');

/** A vitest-style report: statements at [line, column] to the line's end, with the hits vitest's own tests gave. */
function report(path: string, statements: [line: number, column: number, hits: number][]): FileCoverageData {
  return {
    path,
    // vitest writes `column: null` for "to the line's end", which istanbul's types do not admit.
    statementMap: Object.fromEntries(
      statements.map(([line, column], index) => [index, { start: { line, column }, end: { line, column: null } }]),
    ) as unknown as FileCoverageData['statementMap'],
    s: Object.fromEntries(statements.map(([, , hits], index) => [index, hits])),
    fnMap: {},
    f: {},
    branchMap: {},
    b: {},
  };
}

/** The count at the first mapped position of `line` at or after `column`; undefined when none is mapped there. */
function countAt(hits: SourceHit[] | undefined, line: number, column = 0): number | undefined {
  return hits?.find((hit) => hit.line === line && hit.column >= column)?.count;
}

describe('renderer coverage gate', () => {
  const temp = makeTempDir('valuerank-renderer-coverage-');
  const root = temp.dir;
  const src = join(root, 'src', 'renderer', 'src');
  const rendererDir = join(root, 'out', 'renderer');
  const rawDir = join(root, 'coverage', 'e2e-raw');
  let server: Server;
  let browser: Browser;
  let raw: RawScript[];

  beforeAll(async () => {
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'math.js'), MATH);
    writeFileSync(join(src, 'main.js'), MAIN);
    writeFileSync(join(root, 'src', 'renderer', 'index.html'), '<script type="module" src="./src/main.js"></script>');
    await build({
      root: join(root, 'src', 'renderer'),
      configFile: false,
      logLevel: 'silent',
      build: { outDir: rendererDir, emptyOutDir: true, sourcemap: 'hidden', minify: false },
    });
    server = createServer((req, res) => {
      const path = join(rendererDir, req.url === '/' ? 'index.html' : (req.url ?? '').slice(1));
      if (!existsSync(path)) return void res.writeHead(404).end();
      res.setHeader('content-type', path.endsWith('.js') ? 'text/javascript' : 'text/html');
      res.end(readFileSync(path));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
    const context = await browser.newContext();
    const page = await context.newPage();
    const coverage = await recordRendererCoverage(context, page, rendererDir, rawDir);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'exercise' in globalThis);
    expect(await page.evaluate(() => (globalThis as unknown as { exercise(n: number): number }).exercise(3))).toBe(6);
    await coverage.save();
    const files = readdirSync(rawDir);
    expect(files).toHaveLength(1);
    raw = JSON.parse(readFileSync(join(rawDir, files[0] ?? ''), 'utf8')) as RawScript[];
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    temp.cleanup();
  });

  it('decodes source map segments (VLQ, relative fields, 1-based original lines)', () => {
    // AAAA: column 0 → source 0 line 1; IACA: column +4, line +1 → line 2; ;ACCA: next line, source +1, line +1.
    expect(decodeMappings('AAAA,IACA;ACCA')).toEqual([
      { line: 0, column: 0, source: 0, originalLine: 1, originalColumn: 0 },
      { line: 0, column: 4, source: 0, originalLine: 2, originalColumn: 0 },
      { line: 1, column: 0, source: 1, originalLine: 3, originalColumn: 0 },
    ]);
  });

  it('gives each offset the count of the innermost V8 range holding it', () => {
    const functions = [
      { functionName: '', isBlockCoverage: true, ranges: [{ startOffset: 0, endOffset: 100, count: 1 }] },
      {
        functionName: 'f',
        isBlockCoverage: true,
        ranges: [
          { startOffset: 10, endOffset: 50, count: 3 },
          { startOffset: 20, endOffset: 30, count: 0 },
        ],
      },
    ];
    expect(countsAtOffsets(functions, [0, 10, 19, 20, 29, 30, 49, 50, 99, 100])).toEqual([
      1,
      3,
      3,
      0,
      0,
      3,
      3,
      1,
      1,
      null,
    ]);
  });

  it('records only the built renderer script and maps its coverage back to the source lines Chromium ran', () => {
    expect(raw).toHaveLength(1);
    const asset = raw[0]?.asset ?? '';
    expect(asset).toMatch(/^assets\/[\w.-]+\.js$/);
    const code = readFileSync(join(rendererDir, asset), 'utf8');
    const map = JSON.parse(readFileSync(join(rendererDir, `${asset}.map`), 'utf8')) as {
      sources: string[];
      mappings: string;
    };
    const hits = sourceHitsFromScript({
      code,
      map,
      mapDir: join(rendererDir, 'assets'),
      functions: raw[0]?.functions ?? [],
      include: (path) => path.startsWith(src),
    });
    const math = hits.get(join(src, 'math.js'));
    const main = hits.get(join(src, 'main.js'));
    expect(countAt(math, 2)).toBe(1); // double ran once
    expect(countAt(math, 5)).toBe(0); // negate never ran
    expect(countAt(math, 8)).toBeUndefined(); // dropped is not in the bundle: not code Chromium could run
    expect(countAt(main, 2)).toBe(1); // module top level
    expect(countAt(main, 4)).toBe(1);
    expect(countAt(main, 6)).toBe(0); // the branch not taken
    expect(countAt(main, 8)).toBe(1); // the assignment ran…
    expect(countAt(main, 8, 21)).toBe(0); // …the callback beside it did not
  });

  it('counts vitest statements by the browser positions, summarises by folder and fails under the threshold', () => {
    const math = join(src, 'math.js');
    const main = join(src, 'main.js');
    const vitest: CoverageMapData = {
      // vitest's tests ran `dropped` (line 8), which the browser never can.
      [math]: report(math, [
        [2, 2, 0],
        [5, 2, 0],
        [8, 2, 1],
      ]),
      [main]: report(main, [
        [2, 0, 0],
        [3, 2, 0],
        [4, 4, 0],
        [6, 2, 0],
        [8, 0, 0],
        [8, 21, 0],
      ]),
      '/elsewhere/src/main/core/index.ts': report('/elsewhere/src/main/core/index.ts', [[1, 0, 0]]),
    };
    mkdirSync(join(root, 'coverage'), { recursive: true });
    writeFileSync(join(root, 'coverage', 'coverage-final.json'), JSON.stringify(vitest));
    const log: string[] = [];
    // Lines covered: math 2 (browser) and 8 (vitest) of 3; main 2, 3, 4, 8 of 5 (6 never ran): 6 of 8 = 75 %.
    expect(run({ root, threshold: 80, log: (line) => log.push(line) })).toBe(1);
    const text = log.join('\n');
    expect(text).toMatch(/all renderer files\s+75\.00 %\s+6 \/ 8/);
    expect(text).toMatch(/FAIL: renderer line coverage 75\.00 % is below 80 %/);
    expect(text).toMatch(
      /Least covered files:\n {2}math\.js: 66\.66 % \(1 of 3 lines not run\)\n {2}main\.js: 80\.00 %/,
    );
    expect(text).not.toContain('index.ts'); // only the renderer counts
    const merged = JSON.parse(readFileSync(join(root, 'coverage', 'renderer-final.json'), 'utf8')) as CoverageMapData;
    expect(Object.keys(merged).sort()).toEqual([main, math]);
    expect(Object.values(merged[main]?.s ?? {})).toEqual([1, 1, 1, 0, 1, 0]); // statement by statement

    log.length = 0;
    expect(run({ root, threshold: 70, log: (line) => log.push(line) })).toBe(0);
    expect(log.join('\n')).toContain('Renderer line coverage 75.00 % meets the 70 % gate.');
  });

  it('refuses browser coverage recorded against a different build', () => {
    const stale = raw.map((script) => ({ ...script, sha256: '0'.repeat(64) }));
    writeFileSync(join(rawDir, 'stale.json'), JSON.stringify(stale));
    expect(() => run({ root, log: () => undefined })).toThrow(/changed after the browser tests ran/);
  });
});
