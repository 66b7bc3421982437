/**
 * Exports beyond a run's answers (issue 21/25): the comparison of two runs as a tidy CSV, a study's value ranking
 * (values CSV, pairs CSV, manifest) and a chart as SVG or PNG. Each is written where the front door says (Save-As in
 * Electron, <dataDir>/exports in browser mode, which then downloads every file by name).
 */
import { z } from 'zod';
import { idSchema } from './ipc/define-route';

export const comparisonExportInputSchema = z.object({
  runA: idSchema,
  runB: idSchema,
  /** Every text cell exactly, without the spreadsheet formula guard. */
  raw: z.boolean().default(false),
});

const dimensionName = z.string().trim().min(1).max(200);

/** The heat map's table: one row per model and pair of levels of two dimensions. */
export const interactionExportInputSchema = z.object({
  runId: idSchema,
  dimensionA: dimensionName,
  dimensionB: dimensionName,
  raw: z.boolean().default(false),
});

/** The agreement table: one row per pair of models. */
export const agreementExportInputSchema = z.object({ runId: idSchema, raw: z.boolean().default(false) });

export const studyExportInputSchema = z.object({ id: idSchema });

export const CHART_FORMATS = ['svg', 'png'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

/** A PNG at 2x of a large chart stays well under this; anything bigger is refused rather than written. */
export const CHART_MAX_CHARS = 16 * 1024 * 1024;

export const chartExportInputSchema = z.object({
  /** What the chart shows, for the file name (`chart_<name>_<date>.<format>`); reduced to safe characters. */
  name: z.string().trim().min(1).max(120),
  format: z.enum(CHART_FORMATS),
  /** SVG: the document text. PNG: the image as base64 (no data: prefix). */
  content: z.string().min(1).max(CHART_MAX_CHARS),
});

export interface SavedFile {
  path: string;
  /** The base name: in browser mode the file is downloaded from `/api/export/file/<fileName>`. */
  fileName: string;
}

export interface FilesExportResult {
  status: 'saved' | 'cancelled';
  /** The main file first, then its companions (pairs CSV, manifest); empty when the person cancelled. */
  files: SavedFile[];
}

/** A name safe in any file system: letters, digits, dot, dash and underscore, nothing else. */
export function safeFilePart(text: string): string {
  const cleaned = text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return cleaned.slice(0, 80) || 'chart';
}

const day = (date: Date): string => date.toISOString().slice(0, 10);

export function comparisonFileName(runA: string, runB: string, date = new Date()): string {
  const id = (r: string): string => safeFilePart(r.startsWith('run_') ? r.slice(4) : r);
  return `compare_${id(runA)}_${id(runB)}_${day(date)}.csv`;
}

export function analysisFileName(kind: 'interaction' | 'agreement', runId: string, date = new Date()): string {
  return `run_${safeFilePart(runId.startsWith('run_') ? runId.slice(4) : runId)}_${day(date)}_${kind}.csv`;
}

export function studyFileName(studyId: string, date = new Date()): string {
  return `study_${safeFilePart(studyId)}_${day(date)}_values.csv`;
}

export function chartFileName(name: string, format: ChartFormat, date = new Date()): string {
  return `chart_${safeFilePart(name)}_${day(date)}.${format}`;
}
