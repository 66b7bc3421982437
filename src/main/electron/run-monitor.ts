/**
 * What the desktop shows about the runs this app executes, decided without Electron so it can be tested in Node:
 * whether the laptop may sleep, the taskbar/dock progress bar, and which run endings deserve a system notification.
 */
import { isTerminalRunStatus, type Progress, type RunStatus } from '../../shared/domain';

export interface TrackedRun {
  id: string;
  status: RunStatus;
  definitionName: string;
  progress: Progress;
}

export type ProgressMode = 'none' | 'normal' | 'indeterminate' | 'paused' | 'error';

/** The arguments for BrowserWindow.setProgressBar: value in 0..1 (-1 removes the bar) and its mode. */
export interface ProgressBarState {
  value: number;
  mode: ProgressMode;
}

export interface RunEndNotice {
  runId: string;
  title: string;
  body: string;
  /** Where a click on the notification takes the person. */
  hash: string;
}

/** A run that is, or is about to be, executing jobs: it keeps the laptop awake and makes quitting ask first. */
export function isExecuting(status: RunStatus): boolean {
  return status === 'running' || status === 'pending';
}

export function shouldBlockSleep(runs: Iterable<TrackedRun>, enabled: boolean): boolean {
  if (!enabled) return false;
  for (const run of runs) if (isExecuting(run.status)) return true;
  return false;
}

export function progressBarFor(runs: Iterable<TrackedRun>): ProgressBarState {
  const live = [...runs].filter((run) => !isTerminalRunStatus(run.status));
  if (live.length === 0) return { value: -1, mode: 'none' };
  let total = 0;
  let done = 0;
  let failed = 0;
  for (const { progress } of live) {
    total += progress.total;
    done += progress.completed + progress.failed + progress.cancelled;
    failed += progress.failed;
  }
  if (total === 0) return { value: 0, mode: 'indeterminate' };
  const value = Math.min(1, done / total);
  if (live.every((run) => run.status === 'paused')) return { value, mode: 'paused' };
  return { value, mode: failed > 0 ? 'error' : 'normal' };
}

const ENDINGS: Partial<Record<RunStatus, string>> = {
  completed: 'Run completed',
  completed_with_errors: 'Run completed with errors',
  failed: 'Run failed',
};

/**
 * A notification when a run this app was watching ends on its own (not cancelled by the person) while they are not
 * looking at the window. A run first seen already finished is old news and says nothing.
 */
export function runEndNotice(
  previous: RunStatus | undefined,
  run: TrackedRun,
  windowFocused: boolean,
): RunEndNotice | null {
  if (windowFocused || previous === undefined || isTerminalRunStatus(previous)) return null;
  const title = ENDINGS[run.status];
  if (!title) return null;
  const { completed, failed, total } = run.progress;
  const body =
    `${run.definitionName}: ${completed} of ${total} jobs succeeded` + (failed > 0 ? `, ${failed} failed.` : '.');
  return { runId: run.id, title, body, hash: `#/runs/${encodeURIComponent(run.id)}` };
}

/** Holds the last known state of every run not yet finished, and says what changed when a run is updated. */
export class RunMonitor {
  private readonly runs = new Map<string, TrackedRun>();

  /** Records the run's new state; returns the notice to show, if any. Finished runs stop being tracked. */
  update(run: TrackedRun, windowFocused: boolean): RunEndNotice | null {
    const previous = this.runs.get(run.id)?.status;
    if (isTerminalRunStatus(run.status)) this.runs.delete(run.id);
    else this.runs.set(run.id, run);
    return runEndNotice(previous, run, windowFocused);
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }

  tracked(): TrackedRun[] {
    return [...this.runs.values()];
  }

  executingRunIds(): string[] {
    return this.tracked()
      .filter((run) => isExecuting(run.status))
      .map((run) => run.id);
  }

  blockSleep(enabled: boolean): boolean {
    return shouldBlockSleep(this.runs.values(), enabled);
  }

  progressBar(): ProgressBarState {
    return progressBarFor(this.runs.values());
  }
}

/**
 * Whether the sleep blocker may be held: the Settings switch decides, except that VALUERANK_PREVENT_SLEEP, when set
 * to a clear on/off value (1/true/on/yes, 0/false/off/no), overrides it (tests, kiosk setups). Anything else in the
 * variable is ignored.
 */
export function sleepBlockerEnabled(env: Record<string, string | undefined>, preference: boolean): boolean {
  const value = env.VALUERANK_PREVENT_SLEEP?.trim().toLowerCase();
  if (value === '0' || value === 'false' || value === 'off' || value === 'no') return false;
  if (value === '1' || value === 'true' || value === 'on' || value === 'yes') return true;
  return preference;
}

/** What to do with the OS blocker now: take it, let it go, or leave it as it is. */
export type BlockerAction = 'start' | 'stop' | 'keep';

export function blockerAction(shouldBlock: boolean, holding: boolean): BlockerAction {
  if (shouldBlock && !holding) return 'start';
  if (!shouldBlock && holding) return 'stop';
  return 'keep';
}
