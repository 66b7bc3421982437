/** Short, sortable, collision-resistant ids for rows (time prefix + randomness), readable in file names. */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix = ''): string {
  const time = Date.now().toString(36).padStart(9, '0');
  const bytes = randomBytes(8);
  let rand = '';
  for (const byte of bytes) rand += ALPHABET[byte % 36];
  return `${prefix}${time}${rand}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
