// The renderer's coverage gate, run by `npm test` after `vitest run --coverage`:
//   node scripts/renderer-coverage.mjs [--root DIR] [--threshold PERCENT]
// vitest measures the renderer's code its happy-dom tests load (coverage/coverage-final.json, every renderer file
// listed, the unloaded ones at 0). The browser suite runs the BUILT renderer in Chromium and leaves raw V8 block
// coverage of the bundle in coverage/e2e-raw (tests/helpers/renderer-coverage.ts). This maps each bundle position V8
// counted back through the bundle's source map to a position in src/renderer and counts vitest's statements for the
// same file by those positions (so both halves count the same statements, and comments, types and code the bundle
// dropped never count as covered), merges the two with istanbul-lib-coverage, prints a per-folder summary, writes the
// merged map to coverage/renderer-final.json and exits 1 when the renderer's line coverage is under 80 %.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import libCoverage from 'istanbul-lib-coverage';

export const THRESHOLD = 80;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map([...BASE64].map((char, index) => [char, index]));

/** Decodes one segment's base64 VLQ fields (source map v3). */
function decodeSegment(text) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`Invalid source map mapping character "${char}"`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

/**
 * The mapped segments of a source map: { line, column } in the bundle (0-based) → { source, originalLine (1-based),
 * originalColumn (0-based) }.
 */
export function decodeMappings(mappings) {
  const segments = [];
  let source = 0;
  let originalLine = 0;
  let originalColumn = 0;
  mappings.split(';').forEach((lineText, line) => {
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (!segmentText) continue;
      const fields = decodeSegment(segmentText);
      column += fields[0];
      if (fields.length < 4) continue; // A segment that maps to no source.
      source += fields[1];
      originalLine += fields[2];
      originalColumn += fields[3];
      segments.push({ line, column, source, originalLine: originalLine + 1, originalColumn });
    }
  });
  return segments;
}

/**
 * The execution count V8 gives each offset: the count of the innermost block or function range holding it (V8's
 * ranges nest; the script's own range holds them all). Offsets must be sorted ascending.
 */
export function countsAtOffsets(functions, offsets) {
  const ranges = functions
    .flatMap((fn) => fn.ranges)
    .sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset);
  const counts = [];
  const open = [];
  let next = 0;
  for (const offset of offsets) {
    while (next < ranges.length && ranges[next].startOffset <= offset) {
      const range = ranges[next++];
      while (open.length && open[open.length - 1].endOffset <= range.startOffset) open.pop();
      open.push(range);
    }
    while (open.length && open[open.length - 1].endOffset <= offset) open.pop();
    counts.push(open.length ? open[open.length - 1].count : null);
  }
  return counts;
}

/**
 * What V8 counted at each source position the bundle maps to, for the sources `include` accepts: Map<absolute source
 * path, [{ line (1-based), column, count }] sorted by position>, a position holding the highest count of any bundle
 * position mapped to it. Positions nothing maps to are absent (no code V8 could run: comments, types, dropped code).
 */
export function sourceHitsFromScript({ code, map, mapDir, functions, include }) {
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index !== -1; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const sources = map.sources.map((source) => resolve(mapDir, map.sourceRoot ?? '', source));
  const positioned = decodeMappings(map.mappings)
    .filter((segment) => include(sources[segment.source]))
    .map((segment) => ({ segment, offset: lineStarts[segment.line] + segment.column }))
    .sort((a, b) => a.offset - b.offset);
  const counts = countsAtOffsets(
    functions,
    positioned.map((entry) => entry.offset),
  );
  const byPath = new Map();
  positioned.forEach(({ segment }, index) => {
    const count = counts[index];
    if (count === null) return;
    const path = sources[segment.source];
    const positions = byPath.get(path) ?? new Map();
    byPath.set(path, positions);
    const key = `${segment.originalLine}:${segment.originalColumn}`;
    const known = positions.get(key);
    if (!known) positions.set(key, { line: segment.originalLine, column: segment.originalColumn, count });
    else known.count = Math.max(known.count, count);
  });
  const hits = new Map();
  for (const [path, positions] of byPath)
    hits.set(
      path,
      [...positions.values()].sort((a, b) => a.line - b.line || a.column - b.column),
    );
  return hits;
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column < b.column);

/**
 * vitest's statements for one file, counted by the browser instead: a statement gets the count V8 gave the first
 * mapped position inside its span (its first token the bundle kept), or 0. By position, not line: a callback written
 * on the line that renders it counts only when it ran.
 */
export function statementsFromHits(fileData, hits) {
  const s = {};
  for (const [key, location] of Object.entries(fileData.statementMap)) {
    const start = { line: location.start.line, column: location.start.column ?? 0 };
    const end = { line: location.end?.line ?? start.line, column: location.end?.column ?? Infinity };
    let low = 0;
    let high = hits.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (before(hits[middle], start)) low = middle + 1;
      else high = middle;
    }
    const first = hits[low];
    s[key] = first && !before(end, first) ? first.count : 0;
  }
  return { path: fileData.path, statementMap: fileData.statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}

/** A file only the browser reached (absent from vitest's report): one statement per line, its highest count. */
function statementsOfLinesOnly(path, hits) {
  const lines = new Map();
  for (const hit of hits) lines.set(hit.line, Math.max(lines.get(hit.line) ?? 0, hit.count));
  const statementMap = {};
  const s = {};
  [...lines.keys()].forEach((line, index) => {
    statementMap[index] = { start: { line, column: 0 }, end: { line, column: null } };
    s[index] = lines.get(line);
  });
  return { path, statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}

/**
 * Merges vitest's report (its files under `rendererSrc`) with the browser suite's raw scripts. `readAsset(asset)`
 * returns { code, map, mapDir } for a built script. Returns an istanbul CoverageMap of the renderer.
 */
export function mergeRendererCoverage({ vitestReport, rawScripts, readAsset, rendererSrc }) {
  const inRenderer = (path) => typeof path === 'string' && path.startsWith(rendererSrc);
  const merged = libCoverage.createCoverageMap({});
  for (const [path, data] of Object.entries(vitestReport)) {
    if (!inRenderer(path)) continue;
    const { all: _all, ...rest } = data;
    merged.addFileCoverage(rest);
  }
  const assets = new Map();
  for (const script of rawScripts) {
    if (!assets.has(script.asset)) assets.set(script.asset, readAsset(script.asset));
    const asset = assets.get(script.asset);
    if (asset.sha256 !== script.sha256)
      throw new Error(
        `${script.asset} changed after the browser tests ran (a rebuild since?): build, then run the tests again.`,
      );
    const hitsByPath = sourceHitsFromScript({ ...asset, functions: script.functions, include: inRenderer });
    for (const [path, hits] of hitsByPath) {
      const known = vitestReport[path];
      const data = known ? statementsFromHits(known, hits) : statementsOfLinesOnly(path, hits);
      merged.merge(libCoverage.createCoverageMap({ [path]: data }));
    }
  }
  return merged;
}

/** Line totals per folder (the first folder under rendererSrc; files at its top count as "."), worst files first. */
export function summarize(coverageMap, rendererSrc) {
  const folders = new Map();
  const files = [];
  const total = { covered: 0, total: 0 };
  for (const path of coverageMap.files()) {
    const lines = coverageMap.fileCoverageFor(path).toSummary().lines;
    const name = relative(rendererSrc, path).split(sep).join('/');
    const folder = name.includes('/') ? name.slice(0, name.indexOf('/')) : '.';
    const entry = folders.get(folder) ?? { folder, covered: 0, total: 0 };
    folders.set(folder, entry);
    entry.covered += lines.covered;
    entry.total += lines.total;
    total.covered += lines.covered;
    total.total += lines.total;
    files.push({ name, covered: lines.covered, total: lines.total, pct: percent(lines.covered, lines.total) });
  }
  files.sort((a, b) => a.pct - b.pct || b.total - b.covered - (a.total - a.covered));
  const byFolder = [...folders.values()]
    .map((entry) => ({ ...entry, pct: percent(entry.covered, entry.total) }))
    .sort((a, b) => a.folder.localeCompare(b.folder));
  return { folders: byFolder, files, total: { ...total, pct: percent(total.covered, total.total) } };
}

const percent = (covered, total) => (total === 0 ? 100 : Math.floor((covered / total) * 10000) / 100);

/** The printed report and the verdict. */
export function verdict(summary, threshold = THRESHOLD) {
  const row = (label, { covered, total, pct }) =>
    `  ${label.padEnd(24)} ${String(pct.toFixed(2)).padStart(6)} %  ${String(covered).padStart(5)} / ${total}`;
  const lines = ['Renderer line coverage (vitest + browser suite), src/renderer/src:'];
  for (const folder of summary.folders) lines.push(row(folder.folder, folder));
  lines.push(row('all renderer files', summary.total));
  const ok = summary.total.pct >= threshold;
  if (!ok) {
    lines.push(
      `FAIL: renderer line coverage ${summary.total.pct.toFixed(2)} % is below ${threshold} %. Least covered files:`,
    );
    for (const file of summary.files.slice(0, 8))
      lines.push(
        `  ${file.name}: ${file.pct.toFixed(2)} % (${file.total - file.covered} of ${file.total} lines not run)`,
      );
  } else {
    lines.push(`Renderer line coverage ${summary.total.pct.toFixed(2)} % meets the ${threshold} % gate.`);
  }
  return { ok, text: lines.join('\n') };
}

function readJson(path, what) {
  if (!existsSync(path)) throw new Error(`No ${what} at ${path}.`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Reads the run's files under `root`, prints the report and returns the exit code. */
export function run({ root, threshold = THRESHOLD, log = console.log }) {
  const coverageDir = join(root, 'coverage');
  const rendererDir = join(root, 'out', 'renderer');
  const vitestReport = readJson(
    join(coverageDir, 'coverage-final.json'),
    "vitest json coverage report (run `vitest run --coverage` first, with the 'json' reporter)",
  );
  const rawDir = join(coverageDir, 'e2e-raw');
  const rawFiles = existsSync(rawDir) ? readdirSync(rawDir).filter((name) => name.endsWith('.json')) : [];
  if (rawFiles.length === 0)
    log(`No browser coverage in ${rawDir}: only vitest's own renderer coverage counts (were the e2e tests run?).`);
  const rawScripts = rawFiles.flatMap((name) => readJson(join(rawDir, name), 'raw browser coverage'));
  const readAsset = (asset) => {
    const file = join(rendererDir, asset);
    const code = readFileSync(file, 'utf8');
    const map = readJson(`${file}.map`, `source map for ${asset} (the renderer build emits them)`);
    return { code, map, mapDir: dirname(file), sha256: createHash('sha256').update(code).digest('hex') };
  };
  const rendererSrc = join(root, 'src', 'renderer', 'src') + sep;
  const merged = mergeRendererCoverage({ vitestReport, rawScripts, readAsset, rendererSrc });
  writeFileSync(join(coverageDir, 'renderer-final.json'), JSON.stringify(merged.toJSON()));
  const result = verdict(summarize(merged, rendererSrc), threshold);
  log(result.text);
  return result.ok ? 0 : 1;
}

function parseArgs(argv) {
  const options = { root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), threshold: THRESHOLD };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (flag === '--root' && value) options.root = resolve(value);
    else if (flag === '--threshold' && value && Number.isFinite(Number(value))) options.threshold = Number(value);
    else throw new Error(`usage: node scripts/renderer-coverage.mjs [--root DIR] [--threshold PERCENT]`);
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = run(parseArgs(process.argv.slice(2)));
  } catch (error) {
    console.error(`renderer coverage: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  }
}
