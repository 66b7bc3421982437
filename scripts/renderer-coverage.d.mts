/** Types for the renderer coverage gate (scripts/renderer-coverage.mjs), for its tests. */
import type { CoverageMap, CoverageMapData, FileCoverageData } from 'istanbul-lib-coverage';

export const THRESHOLD: number;

export interface V8Function {
  functionName: string;
  isBlockCoverage: boolean;
  ranges: { startOffset: number; endOffset: number; count: number }[];
}
export interface RawScript {
  asset: string;
  sha256: string;
  functions: V8Function[];
}
export interface SourceMapV3 {
  sources: string[];
  sourceRoot?: string;
  mappings: string;
}
export interface BuiltAsset {
  code: string;
  map: SourceMapV3;
  mapDir: string;
  sha256: string;
}
export interface LineTotals {
  covered: number;
  total: number;
  pct: number;
}
export interface CoverageSummary {
  folders: (LineTotals & { folder: string })[];
  files: (LineTotals & { name: string })[];
  total: LineTotals;
}

export function decodeMappings(
  mappings: string,
): { line: number; column: number; source: number; originalLine: number; originalColumn: number }[];
export interface SourceHit {
  line: number;
  column: number;
  count: number;
}
export function countsAtOffsets(functions: V8Function[], offsets: number[]): (number | null)[];
export function sourceHitsFromScript(input: {
  code: string;
  map: SourceMapV3;
  mapDir: string;
  functions: V8Function[];
  include(path: string): boolean;
}): Map<string, SourceHit[]>;
export function statementsFromHits(fileData: FileCoverageData, hits: SourceHit[]): FileCoverageData;
export function mergeRendererCoverage(input: {
  vitestReport: CoverageMapData;
  rawScripts: RawScript[];
  readAsset(asset: string): BuiltAsset;
  rendererSrc: string;
}): CoverageMap;
export function summarize(coverageMap: CoverageMap, rendererSrc: string): CoverageSummary;
export function verdict(summary: CoverageSummary, threshold?: number): { ok: boolean; text: string };
export function run(options: { root: string; threshold?: number; log?: (line: string) => void }): number;
