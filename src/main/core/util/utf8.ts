/**
 * Byte-exact text input: bytes are decoded as UTF-8 once, whole, and refused (with the line and byte of the first
 * problem) when they are not valid UTF-8 or hold a NUL, instead of being bent into U+FFFD in silence.
 */
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../../shared/errors';

/** The offset of the first byte that does not belong to valid UTF-8 (RFC 3629: no overlongs, no surrogates), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** "line L, byte B" (1-based) of a byte offset, counting lines by LF. */
export function lineAndByte(bytes: Uint8Array, offset: number): { line: number; byte: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i += 1) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, byte: offset - lineStart + 1 };
}

/**
 * The text of `bytes` decoded once; VALIDATION naming `what`, the line and the byte when they are not UTF-8 or (unless
 * `allowNul`) contain a NUL character. A UTF-8 byte order mark is dropped.
 */
export function decodeUtf8Strict(bytes: Uint8Array, what: string, options: { allowNul?: boolean } = {}): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const at = lineAndByte(bytes, offset);
    throw new AppError(
      'VALIDATION',
      `${what} is not valid UTF-8 text: line ${at.line}, byte ${at.byte} (0x${bytes[offset]!.toString(16).padStart(2, '0')}). Save it as UTF-8 and try again.`,
      { line: at.line, byte: at.byte, offset },
    );
  }
  if (!options.allowNul) {
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      const at = lineAndByte(bytes, nul);
      throw new AppError(
        'VALIDATION',
        `${what} contains a NUL character at line ${at.line}, byte ${at.byte}: it is not a text file, or it is damaged.`,
        { line: at.line, byte: at.byte, offset: nul },
      );
    }
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
