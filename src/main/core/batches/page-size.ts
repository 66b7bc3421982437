/**
 * How many result lines the next ingestion page asks for: as many as the last page's pace says can be written in
 * about TARGET_PAGE_MS, so each page's transaction (which holds the event loop, and the run page's reads with it) stays
 * short on a slow or loaded machine, and pages grow back to the configured size on a fast one. Never more than the
 * configured size, never fewer than MIN_PAGE_LINES (or the configured size when that is smaller), and never more than
 * double the last page in one step.
 */
export const TARGET_PAGE_MS = 50;
export const MIN_PAGE_LINES = 100;

export class PageSizer {
  private size: number;

  constructor(private readonly max: number) {
    this.size = max;
  }

  /** Lines to ask for next. */
  get lines(): number {
    return this.size;
  }

  /** The last page wrote `lines` lines in `ms` milliseconds (its read, row building and transaction). */
  record(lines: number, ms: number): void {
    if (lines <= 0) return;
    const paced = Math.floor((lines * TARGET_PAGE_MS) / Math.max(ms, 1));
    const floor = Math.min(MIN_PAGE_LINES, this.max);
    this.size = Math.max(floor, Math.min(this.max, paced, this.size * 2));
  }
}
