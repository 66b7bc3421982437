/**
 * Where bytes stop being UTF-8 text, as a line and byte a person can find in an editor: process-neutral, so the core
 * and the renderer (which reads an imported file itself) report the same place.
 */

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

/** The sentence for bytes that are not UTF-8 (`what` names them), or null when they are. */
export function invalidUtf8Message(bytes: Uint8Array, what: string): string | null {
  const offset = firstInvalidUtf8(bytes);
  if (offset < 0) return null;
  const at = lineAndByte(bytes, offset);
  const hex = bytes[offset]!.toString(16).padStart(2, '0');
  return `${what} is not valid UTF-8 text: line ${at.line}, byte ${at.byte} (0x${hex}). Save it as UTF-8 and try again.`;
}
