// The renderer's coverage gate, run by `npm test` after `vitest run --coverage`:
//   node scripts/renderer-coverage.mjs [--root DIR] [--threshold PERCENT]
// vitest measures the renderer's code its happy-dom tests load (coverage/coverage-final.json, every renderer file
// listed, the unloaded ones at 0). The browser suite runs the BUILT renderer in Chromium and leaves raw V8 block
// coverage of the bundle in coverage/e2e-raw (tests/helpers/renderer-coverage.ts). This maps each bundle position V8
// counted back through the bundle's source map to a line of src/renderer, lays those lines onto vitest's statements
// for the same file (so both halves count the same statements, and comments, types and code the bundle dropped never
// count as covered), merges the two with istanbul-lib-coverage, prints a per-folder summary, writes the merged map to
// coverage/renderer-final.json and exits 1 when the renderer's line coverage is under the threshold (80 %).
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

/** The mapped segments of a source map: { line, column } in the bundle (0-based) → { source, originalLine (1-based) }. */
export function decodeMappings(mappings) {
  const segments = [];
  let source = 0;
  let originalLine = 0; // Original columns and names are not needed: coverage here is by line.
  mappings.split(';').forEach((lineText, line) => {
    let column = 0;
    for (const segmentText of lineText.split(',')) {
      if (!segmentText) continue;
      const fields = decodeSegment(segmentText);
      column += fields[0];
      if (fields.length < 4) continue; // A segment that maps to no source.
      source += fields[1];
      originalLine += fields[2];
      segments.push({ line, column, source, originalLine: originalLine + 1 });
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
 * Line hits of src/renderer files from one script's V8 coverage: Map<absolute source path, Map<line, count>>, a line
 * holding the highest count of any bundle position mapped to it. Lines nothing maps to are absent (not code V8 ran).
 */
export function lineHitsFromScript({ code, map, mapDir, functions, include }) {
  const lineStarts = [0];
  for (let index = code.indexOf('\n'); index !== -1; index = code.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const sources = map.sources.map((source) => resolve(mapDir, map.sourceRoot ?? '', source));
  const segments = decodeMappings(map.mappings).filter((segment) => include(sources[segment.source]));
  const positioned = segments
    .map((segment) => ({ segment, offset: lineStarts[segment.line] + segment.column }))
    .sort((a, b) => a.offset - b.offset);
  const counts = countsAtOffsets(
    functions,
    positioned.map((entry) => entry.offset),
  );
  const hits = new Map();
  positioned.forEach(({ segment }, index) => {
    const count = counts[index];
    if (count === null) return;
    const path = sources[segment.source];
    const lines = hits.get(path) ?? new Map();
    hits.set(path, lines);
    lines.set(segment.originalLine, Math.max(lines.get(segment.originalLine) ?? 0, count));
  });
  return hits;
}

/**
 * vitest's statements for one file, counted by the browser instead: a statement gets the hits of the first line in
 * its span the bundle maps code to (its first executable token), or 0.
 */
export function statementsFromLines(fileData, lineHits) {
  const s = {};
  for (const [key, location] of Object.entries(fileData.statementMap)) {
    const last = location.end?.line ?? location.start.line;
    let count = 0;
    for (let line = location.start.line; line <= last; line++) {
      if (lineHits.has(line)) {
        count = lineHits.get(line);
        break;
      }
    }
    s[key] = count;
  }
  return { path: fileData.path, statementMap: fileData.statementMap, s, fnMap: {}, f: {}, branchMap: {}, b: {} };
}

/** A file only the browser reached (absent from vitest's report): one statement per line the bundle maps to. */
function statementsOfLinesOnly(path, lineHits) {
  const statementMap = {};
  const s = {};
  [...lineHits.keys()]
    .sort((a, b) => a - b)
    .forEach((line, index) => {
      statementMap[index] = { start: { line, column: 0 }, end: { line, column: null } };
      s[index] = lineHits.get(line);
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
    const hits = lineHitsFromScript({ ...asset, functions: script.functions, include: inRenderer });
    for (const [path, lineHits] of hits) {
      const known = vitestReport[path];
      const data = known ? statementsFromLines(known, lineHits) : statementsOfLinesOnly(path, lineHits);
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
