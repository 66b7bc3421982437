/**
 * Byte-exact text input: bytes are decoded as UTF-8 once, whole, and refused (with the line and byte of the first
 * problem) when they are not valid UTF-8 or hold a NUL, instead of being bent into U+FFFD in silence.
 */
import { isUtf8 } from 'node:buffer';
import { AppError } from '../../../shared/errors';
import { firstInvalidUtf8, invalidUtf8Message, lineAndByte } from '../../../shared/utf8';

/**
 * The text of `bytes` decoded once; VALIDATION naming `what`, the line and the byte when they are not UTF-8 or (unless
 * `allowNul`) contain a NUL character. A UTF-8 byte order mark is dropped.
 */
export function decodeUtf8Strict(bytes: Uint8Array, what: string, options: { allowNul?: boolean } = {}): string {
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const at = lineAndByte(bytes, offset);
    throw new AppError('VALIDATION', invalidUtf8Message(bytes, what) ?? `${what} is not valid UTF-8 text.`, {
      line: at.line,
      byte: at.byte,
      offset,
    });
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
