/** The small pure parts of the export: RFC 4180 fields, timestamps, error parsing, file names and worker lookup. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, csvFileName, csvLine } from '../../src/main/core/export/csv';
import { exportWorkerFile } from '../../src/main/core/export/runner';
import { failureError, isoUtc, parseJobError } from '../../src/main/core/export/source';
import { exportFileName, manifestPathFor } from '../../src/shared/export';

describe('CSV fields', () => {
  it('quotes only what RFC 4180 requires and round-trips through csv-parse', () => {
    const cells = [
      'plain',
      'a,b',
      'say "hi"',
      'two\nlines',
      'cr\rhere',
      'crlf\r\nend',
      ' padded ',
      '',
      'مرحبا 你好 🌍',
      42,
      3.5,
      -1,
      null,
    ];
    expect(csvField('plain')).toBe('plain');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    const [row] = parse(csvLine(cells), { cast: false }) as string[][];
    expect(row).toEqual(cells.map((c) => (c === null ? '' : String(c))));
  });

  it('names files by run and UTC date, with the manifest beside them', () => {
    const date = new Date('2025-12-07T23:30:00-05:00');
    expect(csvFileName('run_abc', date)).toBe('run_abc_2025-12-08.csv');
    expect(exportFileName('abc', 'jsonl', date)).toBe('run_abc_2025-12-08.jsonl');
    expect(exportFileName('run_run_x', 'csv', date)).toBe('run_run_x_2025-12-08.csv');
    expect(exportFileName('run_abc', 'csv', date, { partial: true })).toBe('run_abc_2025-12-08_partial.csv');
    expect(exportFileName('run_abc', 'csv', date, { withFailures: true })).toBe('run_abc_2025-12-08_with-failures.csv');
    expect(exportFileName('run_abc', 'jsonl', date, { partial: true, withFailures: true })).toBe(
      'run_abc_2025-12-08_partial_with-failures.jsonl',
    );
    expect(manifestPathFor('/x/run.csv')).toBe('/x/run.csv.manifest.json');
  });
});

describe('export helpers', () => {
  it('normalises timestamps to ISO 8601 UTC and keeps what it cannot parse', () => {
    expect(isoUtc('2025-12-07T10:00:01.500+00:00')).toBe('2025-12-07T10:00:01.500Z');
    expect(isoUtc('2025-12-07T12:00:00+02:00')).toBe('2025-12-07T10:00:00.000Z');
    expect(isoUtc('not a date')).toBe('not a date');
    expect(isoUtc(null)).toBeNull();
  });

  it('reads a job error defensively', () => {
    expect(parseJobError(null)).toEqual({ code: null, message: null });
    expect(parseJobError('{"code":"TIMEOUT","message":"slow"}')).toEqual({ code: 'TIMEOUT', message: 'slow' });
    expect(parseJobError('{"code":5}')).toEqual({ code: null, message: null });
  });

  it('finds the worker for source and for a build, and says so when the build lacks it', () => {
    expect(exportWorkerFile('/repo/src/main/core/export/runner.ts')).toBe('/repo/src/main/core/export/worker-dev.mjs');
    const dir = mkdtempSync(join(tmpdir(), 'valuerank-worker-'));
    try {
      expect(() => exportWorkerFile(join(dir, 'index.js'))).toThrow(/export worker is missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the error a job without an answer is exported with', () => {
  it('says CANCELLED for a cancelled job and keeps the earlier attempt error in the message', () => {
    const earlier = JSON.stringify({ code: 'PROVIDER_ERROR', message: 'HTTP 500' });
    expect(failureError('cancelled', earlier)).toEqual({
      code: 'CANCELLED',
      message: 'Cancelled with the run before it answered (the attempt before failed with PROVIDER_ERROR: HTTP 500)',
    });
    expect(failureError('cancelled', null)).toEqual({
      code: 'CANCELLED',
      message: 'Cancelled with the run before it answered',
    });
    expect(failureError('failed', earlier)).toEqual({ code: 'PROVIDER_ERROR', message: 'HTTP 500' });
  });
});
