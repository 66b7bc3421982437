/** Small, pure formatting helpers so every page writes dates, durations, counts and percentages the same way. */
import type { Progress, RunStatus } from '@shared/domain';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : pluralForm}`;
}

/** Whole-number percentage of finished work; 0 when there is nothing to do. */
export function percentDone(progress: Pick<Progress, 'completed' | 'total'>): number {
  if (progress.total <= 0) return 0;
  return Math.floor((progress.completed / progress.total) * 100);
}

/** "completed/total (pct%)", the one way progress is written. */
export function progressText(progress: Pick<Progress, 'completed' | 'total'>): string {
  return `${formatCount(progress.completed)}/${formatCount(progress.total)} (${percentDone(progress)}%)`;
}

export function formatNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** An id short enough for a heading; ids are time-prefixed, so the random tail is what tells them apart. */
export function shortId(id: string): string {
  return id.length <= 24 ? id : `${id.slice(0, 10)}…${id.slice(-8)}`;
}

const STATUS_LABELS: Record<RunStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  completed_with_errors: 'Completed with errors',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function statusLabel(status: RunStatus): string {
  return STATUS_LABELS[status] ?? status;
}

/** The status as a badge writes it: lower case, words not identifiers ("completed with errors"). */
export function statusText(status: RunStatus): string {
  return statusLabel(status).toLowerCase();
}

/** A whole count with grouping ("1,500"): the one way counts are written, in progress as in summaries. */
export function formatCount(value: number): string {
  return formatNumber(value, 0);
}

/** Mean and median are written with the same two decimals everywhere, so they can be read side by side. */
export const STAT_DECIMALS = 2;

export function formatStat(value: number | null | undefined): string {
  return formatNumber(value, STAT_DECIMALS);
}

/** "Runs — ValueRank": the window title for a page. */
export function pageTitle(...parts: string[]): string {
  return [...parts.filter((part) => part.length > 0), 'ValueRank'].join(' — ');
}
