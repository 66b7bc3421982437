/**
 * The run monitor's Electron half: follows the core's progress events through the contract (runs.get), and applies
 * what RunMonitor decides to the OS: the sleep blocker, the taskbar/dock progress bar and run-end notifications.
 */
import { Notification, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { RunDetail, RunSummary } from '../../shared/domain';
import type { Dispatch, Logger } from '../core';
import { blockerAction, RunMonitor, type RunEndNotice } from './run-monitor';

export interface DesktopRunsOptions {
  dispatch: Dispatch;
  window: () => BrowserWindow | null;
  /** Shows the run the notification is about. */
  open: (hash: string) => void;
  /** The Settings switch with the environment's override applied (sleepBlockerEnabled); changed live by setPreventSleep. */
  preventSleep: boolean;
  logger: Logger;
}

export class DesktopRuns {
  readonly monitor = new RunMonitor();
  private blockerId: number | null = null;
  private preventSleep: boolean;

  constructor(private readonly options: DesktopRunsOptions) {
    this.preventSleep = options.preventSleep;
  }

  /** Settings turned the blocker on or off: applied at once (released mid-run, or taken again while runs execute). */
  setPreventSleep(enabled: boolean): void {
    if (enabled === this.preventSleep) return;
    this.preventSleep = enabled;
    this.options.logger.info('sleep blocker setting changed', { enabled });
    this.apply();
  }

  /** Picks up runs left active by an earlier session (boot recovery requeues their jobs). */
  async seed(): Promise<void> {
    for (const status of ['running', 'pending', 'paused'] as const) {
      const listed = await this.options.dispatch('runs.list', { status });
      if (listed.ok) for (const run of listed.value as RunSummary[]) this.monitor.update(run, true);
    }
    this.apply();
  }

  /** Called (throttled) for every progress event of the core's scheduler. */
  async refresh(runId: string): Promise<void> {
    const got = await this.options.dispatch('runs.get', { id: runId });
    if (!got.ok) {
      this.monitor.forget(runId);
    } else {
      const window = this.options.window();
      const focused = window !== null && !window.isDestroyed() && window.isFocused();
      const notice = this.monitor.update(got.value as RunDetail, focused);
      if (notice) this.notify(notice);
    }
    this.apply();
  }

  private notify(notice: RunEndNotice): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body });
    notification.on('click', () => this.options.open(notice.hash));
    notification.show();
  }

  private apply(): void {
    const action = blockerAction(this.monitor.blockSleep(this.preventSleep), this.blockerId !== null);
    if (action === 'start') {
      this.blockerId = powerSaveBlocker.start('prevent-app-suspension');
      this.options.logger.info('sleep blocker on while runs execute');
    } else if (action === 'stop' && this.blockerId !== null) {
      powerSaveBlocker.stop(this.blockerId);
      this.blockerId = null;
      this.options.logger.info('sleep blocker off');
    }
    const window = this.options.window();
    if (!window || window.isDestroyed()) return;
    const bar = this.monitor.progressBar();
    // Electron's modes are none/normal/indeterminate/error/paused; value 2 shows an indeterminate bar where needed.
    window.setProgressBar(bar.mode === 'indeterminate' ? 2 : bar.value, {
      mode: bar.mode === 'indeterminate' ? 'indeterminate' : bar.mode,
    });
  }

  dispose(): void {
    if (this.blockerId !== null) powerSaveBlocker.stop(this.blockerId);
    this.blockerId = null;
  }
}
