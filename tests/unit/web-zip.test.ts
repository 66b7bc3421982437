/**
 * Browser mode's streaming ZIP writer, read back by Python's zipfile: text that deflates well, random bytes that do
 * not (larger than one read chunk), an empty file; CRC-32 against zlib's; the size check; a download closed mid-way.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, writeZip, zipFits, type ZipEntry } from '../../src/main/web/zip';
import { makeTempDir } from '../helpers/temp';
import { unzip } from '../helpers/unzip';

describe('the export ZIP writer', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());

  const entry = (name: string, bytes: Buffer): ZipEntry => {
    const path = join(temp.dir, name);
    writeFileSync(path, bytes);
    return { name, path, size: bytes.length, mtime: new Date(2026, 11, 4, 13, 30, 7) };
  };

  it('writes an archive another reader opens, every byte and CRC intact', async () => {
    const files = {
      'run.csv': Buffer.from('model_key,score\n' + 'openai:gpt-4o,4\n'.repeat(20_000)),
      'run.csv.effects.csv': randomBytes(300_000),
      'run.csv.analysis.R': Buffer.alloc(0),
      'café ✓.json': Buffer.from('{"ok":true}\n'),
    };
    const entries = Object.entries(files).map(([name, bytes]) => entry(name, bytes));
    const target = join(temp.dir, 'out.zip');
    const out = createWriteStream(target);
    await writeZip(out, entries);
    await new Promise<void>((resolve) => out.end(resolve));
    const zipped = readFileSync(target);
    const read = unzip(zipped);
    expect([...read.keys()]).toEqual(Object.keys(files));
    for (const [name, bytes] of Object.entries(files)) expect(read.get(name)!.equals(bytes)).toBe(true);
    // The text deflated: the archive is far smaller than the files.
    expect(zipped.length).toBeLessThan(files['run.csv'].length / 10 + 300_500);
  });

  it('computes the same CRC-32 as zlib, continuing across chunks', () => {
    const bytes = randomBytes(10_000);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    expect(crc32(bytes.subarray(4000), crc32(bytes.subarray(0, 4000)))).toBe(zlibCrc32(bytes));
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('says when files are too large for a plain ZIP', () => {
    const big = { name: 'a.csv', path: '/nowhere', mtime: new Date() };
    expect(zipFits([{ ...big, size: 1_000_000 }])).toBe(true);
    expect(zipFits([{ ...big, size: 2 ** 32 }])).toBe(false);
    expect(
      zipFits([
        { ...big, size: 2 ** 31 },
        { ...big, size: 2 ** 31 },
      ]),
    ).toBe(false);
  });

  it('stops when the download is closed instead of waiting for it forever', async () => {
    const out = new PassThrough({ highWaterMark: 1024 });
    const writing = writeZip(out, [entry('big.bin', randomBytes(2_000_000))]);
    out.once('data', () => out.destroy());
    await expect(writing).rejects.toThrow('closed before the archive was written');
  });
});
