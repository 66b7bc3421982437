import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../../src/main/core/util/ids';

describe('newId', () => {
  afterEach(() => vi.useRealTimers());

  it('has the prefix, a 9-digit time and 8 random base-36 digits', () => {
    const id = newId('job_');
    expect(id).toMatch(/^job_[0-9a-z]{17}$/);
    const time = parseInt(id.slice(4, 13), 36);
    expect(Math.abs(time - Date.now())).toBeLessThan(60_000);
  });

  it('is strictly increasing and unique within one millisecond', () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z'), toFake: ['Date'] });
    const ids = Array.from({ length: 50_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // Every one of them still carries the frozen millisecond: the count went into the random digits.
    expect(new Set(ids.map((id) => id.slice(0, 9))).size).toBe(1);
  });

  it('stays increasing when the clock steps back', () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:01Z'), toFake: ['Date'] });
    const before = newId();
    vi.setSystemTime(new Date('2026-11-30T11:00:00Z'));
    const after = newId();
    expect(after > before).toBe(true);
  });

  it('starts from a different random point in each new millisecond', () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T13:00:00Z'), toFake: ['Date'] });
    const starts = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      vi.setSystemTime(Date.now() + 1);
      starts.add(newId().slice(9));
    }
    expect(starts.size).toBe(20);
  });
});
