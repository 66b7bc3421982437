/** The ingestion page size follows the pace of the last page: short transactions when slow, full pages when fast. */
import { describe, expect, it } from 'vitest';
import { MIN_PAGE_LINES, PageSizer, TARGET_PAGE_MS } from '../../src/main/core/batches/page-size';

describe('batch ingestion page size', () => {
  it('starts at the configured size and shrinks to what fits the target time of a page', () => {
    const sizer = new PageSizer(2000);
    expect(sizer.lines).toBe(2000);
    // 2,000 lines took 4 target times: a quarter of them fit.
    sizer.record(2000, 4 * TARGET_PAGE_MS);
    expect(sizer.lines).toBe(500);
  });

  it('grows back at most twofold per page, never past the configured size', () => {
    const sizer = new PageSizer(2000);
    sizer.record(2000, 20 * TARGET_PAGE_MS);
    expect(sizer.lines).toBe(MIN_PAGE_LINES);
    sizer.record(MIN_PAGE_LINES, 1);
    expect(sizer.lines).toBe(2 * MIN_PAGE_LINES);
    for (let i = 0; i < 10; i += 1) sizer.record(sizer.lines, 1);
    expect(sizer.lines).toBe(2000);
  });

  it('never goes below the floor, nor above a configured size smaller than the floor, and ignores empty pages', () => {
    const sizer = new PageSizer(2000);
    sizer.record(2000, 1_000_000);
    expect(sizer.lines).toBe(MIN_PAGE_LINES);
    sizer.record(0, 1_000_000);
    expect(sizer.lines).toBe(MIN_PAGE_LINES);
    const small = new PageSizer(3);
    small.record(3, 1_000_000);
    expect(small.lines).toBe(3);
    small.record(3, 0);
    expect(small.lines).toBe(3);
  });
});
