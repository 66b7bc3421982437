import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttleByKey } from '../../src/main/electron/throttle';

describe('progress events throttled per run', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends the first event at once, collapses a burst into one trailing event, and keeps runs apart', () => {
    const sent: string[] = [];
    const push = throttleByKey((key) => sent.push(key), 250);
    push('a');
    for (let i = 0; i < 100; i += 1) push('a');
    push('b');
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual(['a', 'b']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['a', 'b', 'a']);
    vi.advanceTimersByTime(1000);
    push('a');
    expect(sent).toEqual(['a', 'b', 'a', 'a']);
  });
});
