/**
 * A streaming ZIP writer for browser mode's one-click download of an export and every file beside it (node:zlib's raw
 * deflate, no dependency). Each entry is deflated as it is read, its CRC-32 and sizes following it in a data
 * descriptor, so nothing is held in memory whole; the central directory closes the archive. Plain ZIP (no ZIP64):
 * every file, and the archive, must stay under 4 GiB — `zipFits` says beforehand.
 */
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { createDeflateRaw } from 'node:zlib';

export interface ZipEntry {
  /** The name inside the archive (a plain file name). */
  name: string;
  /** Where to read it. */
  path: string;
  size: number;
  mtime: Date;
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
/** Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8. */
const FLAGS = 0x0808;
const DEFLATE = 8;
const VERSION = 20;
/** Version made by Unix (3), so the external attributes carry the file mode. */
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE = 0o100644;
const LIMIT = 0xffffffff;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the ZIP and gzip polynomial) of `bytes`, continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** MS-DOS date and time (local time, two-second steps), as ZIP headers store them; 1980 is the earliest. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** True when the entries fit a plain ZIP (deflate never grows data by more than a few bytes per 16 KiB block). */
export function zipFits(entries: readonly ZipEntry[]): boolean {
  const total = entries.reduce((sum, e) => sum + e.size + Math.ceil(e.size / 16_384) * 5 + 200 + e.name.length, 0);
  return total < LIMIT && entries.length < 0xffff;
}

/** Writes the entries to `out` as a ZIP archive (it does not end `out`). */
export async function writeZip(out: Writable, entries: readonly ZipEntry[]): Promise<void> {
  let offset = 0;
  const put = async (bytes: Buffer): Promise<void> => {
    offset += bytes.length;
    if (!out.destroyed && !out.write(bytes)) await drained(out);
    if (out.destroyed) throw new Error('the download was closed before the archive was written');
  };
  const central: Buffer[] = [];
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { time, date } = dosDateTime(entry.mtime);
    const start = offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    // CRC and sizes (14–25) stay 0 here: the data descriptor after the data has them.
    local.writeUInt16LE(name.length, 26);
    await put(Buffer.concat([local, name]));
    const { crc, size, compressed } = await deflateInto(entry.path, put);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(crc, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await put(descriptor);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    header.writeUInt16LE(VERSION, 6);
    header.writeUInt16LE(FLAGS, 8);
    header.writeUInt16LE(DEFLATE, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed, 20);
    header.writeUInt32LE(size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    header.writeUInt32LE(start, 42);
    central.push(header, name);
  }
  const directory = Buffer.concat(central);
  const directoryOffset = offset;
  await put(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(directoryOffset, 16);
  await put(end);
}

/** Resolves when the stream can take more, or is closed (a closed download must not leave the writer waiting). */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) {
      resolve();
      return;
    }
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** Reads a file through raw deflate into `put`, with the CRC and size of what was read and of what was written. */
async function deflateInto(
  path: string,
  put: (bytes: Buffer) => Promise<void>,
): Promise<{ crc: number; size: number; compressed: number }> {
  const deflate = createDeflateRaw();
  let crc = 0;
  let size = 0;
  const read = (async () => {
    try {
      for await (const chunk of createReadStream(path)) {
        if (deflate.destroyed) break;
        const bytes = chunk as Buffer;
        crc = crc32(bytes, crc);
        size += bytes.length;
        if (!deflate.write(bytes)) await drained(deflate);
      }
      deflate.end();
    } catch (error) {
      deflate.destroy(error as Error);
    }
  })();
  let compressed = 0;
  for await (const chunk of deflate) {
    const bytes = chunk as Buffer;
    compressed += bytes.length;
    await put(bytes);
  }
  await read;
  return { crc, size, compressed };
}
