/**
 * Short, sortable, collision-resistant ids for rows (time prefix + randomness), readable in file names. Ids made by one
 * process are strictly increasing: within a millisecond the random part counts up from a random start (as ULIDs do), so
 * the rows a run writes in order land next to each other in every index keyed by id instead of all over it.
 */
import { randomFillSync } from 'node:crypto';

/** 8 base-36 digits of randomness. */
const SPAN = 36 ** 8;
/** Random bytes drawn from the CSPRNG 4 KiB at a time: a run creates an id per job and per transcript. */
const pool = new Uint8Array(4096);
let offset = pool.length;
let lastTime = 0;
let lastRandom = 0;

function randomBytes(count: number): Uint8Array {
  if (offset + count > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += count;
  return pool.subarray(offset - count, offset);
}

/** A fresh start below half the span (40 random bits), so a millisecond's count never runs out of digits. */
function freshRandom(): number {
  const b = randomBytes(5);
  return (((b[0]! * 256 + b[1]!) * 256 + b[2]!) * 256 + b[3]!) * 256 + b[4]!;
}

export function newId(prefix = ''): string {
  let time = Date.now();
  if (time > lastTime) {
    lastRandom = freshRandom();
  } else {
    // The same millisecond (or a clock that stepped back): count up, by a small random step, from the last id.
    time = lastTime;
    lastRandom += 1 + randomBytes(1)[0]!;
    if (lastRandom >= SPAN) {
      time += 1;
      lastRandom = freshRandom();
    }
  }
  lastTime = time;
  return `${prefix}${time.toString(36).padStart(9, '0')}${lastRandom.toString(36).padStart(8, '0')}`;
}

export function nowIso(): string {
  return new Date().toISOString();
}
