/** The renderer's formatting helpers: one way to write counts, progress, statuses, statistics and page titles. */
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDuration,
  formatStat,
  pageTitle,
  percentDone,
  plural,
  progressText,
  statusLabel,
  statusText,
} from '../../src/renderer/src/lib/format';

describe('format', () => {
  it('groups thousands the same way in progress and in counts ("1,500")', () => {
    expect(formatCount(1500)).toMatch(/^1\D500$/);
    expect(progressText({ completed: 1500, total: 3000 })).toBe(`${formatCount(1500)}/${formatCount(3000)} (50%)`);
    expect(plural(1500, 'job')).toBe(`${formatCount(1500)} jobs`);
    expect(plural(1, 'job')).toBe('1 job');
  });

  it('floors the percentage and never divides by zero', () => {
    expect(percentDone({ completed: 2, total: 3 })).toBe(66);
    expect(percentDone({ completed: 0, total: 0 })).toBe(0);
  });

  it('writes statuses in words, the badge in lower case', () => {
    expect(statusLabel('completed_with_errors')).toBe('Completed with errors');
    expect(statusText('completed_with_errors')).toBe('completed with errors');
    expect(statusText('paused')).toBe('paused');
  });

  it('writes mean and median with the same decimals', () => {
    expect(formatStat(3)).toBe(formatStat(3.0));
    expect(formatStat(4.75).replace(/\D/g, '').length).toBe(formatStat(5).replace(/\D/g, '').length);
    expect(formatStat(null)).toBe('—');
  });

  it('titles pages "Page — ValueRank"', () => {
    expect(pageTitle('Runs')).toBe('Runs — ValueRank');
    expect(pageTitle('Run of X')).toBe('Run of X — ValueRank');
    expect(pageTitle()).toBe('ValueRank');
  });

  it('writes durations coarsely', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2500)).toBe('2.50 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('—');
  });
});
