import { describe, expect, it } from 'vitest';
import { quitChoice, quitPlan, quitPrompt } from '../../src/main/electron/quit-flow';
import {
  progressBarFor,
  RunMonitor,
  runEndNotice,
  shouldBlockSleep,
  sleepBlockerEnabled,
  blockerAction,
  type BlockerAction,
  type TrackedRun,
} from '../../src/main/electron/run-monitor';
import type { Progress, RunStatus } from '../../src/shared/domain';

function run(id: string, status: RunStatus, progress: Partial<Progress> = {}): TrackedRun {
  return {
    id,
    status,
    definitionName: 'Council housing',
    progress: { total: 10, completed: 0, failed: 0, running: 0, pending: 10, cancelled: 0, ...progress },
  };
}

describe('sleep blocker', () => {
  it('is held while a run executes (running or pending), not for paused or finished runs, and can be turned off', () => {
    expect(shouldBlockSleep([run('a', 'running')], true)).toBe(true);
    expect(shouldBlockSleep([run('a', 'pending')], true)).toBe(true);
    expect(shouldBlockSleep([run('a', 'paused'), run('b', 'completed')], true)).toBe(false);
    expect(shouldBlockSleep([], true)).toBe(false);
    expect(shouldBlockSleep([run('a', 'running')], false)).toBe(false);
  });

  it('follows the Settings switch, which VALUERANK_PREVENT_SLEEP overrides only with a clear on/off value', () => {
    expect(sleepBlockerEnabled({}, true)).toBe(true);
    expect(sleepBlockerEnabled({}, false)).toBe(false);
    for (const off of ['0', 'false', 'OFF', ' no ']) {
      expect(sleepBlockerEnabled({ VALUERANK_PREVENT_SLEEP: off }, true)).toBe(false);
      expect(sleepBlockerEnabled({ VALUERANK_PREVENT_SLEEP: off }, false)).toBe(false);
    }
    for (const on of ['1', 'true', ' On ', 'yes'])
      expect(sleepBlockerEnabled({ VALUERANK_PREVENT_SLEEP: on }, false)).toBe(true);
    // Anything unclear leaves the decision to Settings.
    expect(sleepBlockerEnabled({ VALUERANK_PREVENT_SLEEP: 'maybe' }, false)).toBe(false);
    expect(sleepBlockerEnabled({ VALUERANK_PREVENT_SLEEP: '' }, true)).toBe(true);
  });

  it('applies a Settings change live: off mid-run releases the blocker, on again takes it back', () => {
    const monitor = new RunMonitor();
    monitor.update(run('a', 'running'), true);
    let holding = false;
    const apply = (enabled: boolean): BlockerAction => {
      const action = blockerAction(monitor.blockSleep(enabled), holding);
      if (action !== 'keep') holding = action === 'start';
      return action;
    };
    expect(apply(true)).toBe('start');
    expect(apply(true)).toBe('keep');
    expect(apply(false)).toBe('stop'); // switched off in Settings while the run executes
    expect(holding).toBe(false);
    expect(apply(false)).toBe('keep');
    expect(apply(true)).toBe('start'); // switched on again: the run still executes
    monitor.update(run('a', 'paused'), true);
    expect(apply(true)).toBe('stop');
    expect(blockerAction(false, false)).toBe('keep');
  });

  it('follows runs through the monitor: on when one starts, off when the last one ends', () => {
    const monitor = new RunMonitor();
    monitor.update(run('a', 'running'), true);
    monitor.update(run('b', 'paused'), true);
    expect(monitor.blockSleep(true)).toBe(true);
    expect(monitor.executingRunIds()).toEqual(['a']);
    monitor.update(run('a', 'completed', { completed: 10, pending: 0 }), true);
    expect(monitor.blockSleep(true)).toBe(false);
    expect(monitor.tracked().map((r) => r.id)).toEqual(['b']);
    monitor.forget('b');
    expect(monitor.progressBar()).toEqual({ value: -1, mode: 'none' });
  });
});

describe('taskbar progress', () => {
  it('shows the share of finished jobs over all unfinished runs', () => {
    expect(
      progressBarFor([run('a', 'running', { completed: 3 }), run('b', 'running', { completed: 1, cancelled: 1 })]),
    ).toEqual({
      value: 0.25,
      mode: 'normal',
    });
  });
  it('is removed when nothing is active, and ignores finished runs', () => {
    expect(progressBarFor([])).toEqual({ value: -1, mode: 'none' });
    expect(progressBarFor([run('a', 'completed', { completed: 10 })])).toEqual({ value: -1, mode: 'none' });
  });
  it('shows paused when every active run is paused, error when jobs failed, indeterminate before jobs exist', () => {
    expect(progressBarFor([run('a', 'paused', { completed: 5 })])).toEqual({ value: 0.5, mode: 'paused' });
    expect(progressBarFor([run('a', 'paused'), run('b', 'running', { failed: 2 })])).toMatchObject({ mode: 'error' });
    expect(progressBarFor([run('a', 'pending', { total: 0, pending: 0 })])).toEqual({
      value: 0,
      mode: 'indeterminate',
    });
  });
});

describe('run-end notifications', () => {
  it('notify when a watched run ends on its own while the window is not focused', () => {
    const done = run('r 1', 'completed_with_errors', { completed: 8, failed: 2, pending: 0 });
    expect(runEndNotice('running', done, false)).toEqual({
      runId: 'r 1',
      title: 'Run completed with errors',
      body: 'Council housing: 8 of 10 jobs succeeded, 2 failed.',
      hash: '#/runs/r%201',
    });
    expect(runEndNotice('running', run('x', 'completed', { completed: 10 }), false)?.body).toMatch(
      /10 of 10 jobs succeeded\.$/,
    );
    expect(runEndNotice('paused', run('x', 'failed'), false)?.title).toBe('Run failed');
  });
  it('stay quiet when the window has focus, the person cancelled, the run was not watched, or it already ended', () => {
    expect(runEndNotice('running', run('x', 'completed'), true)).toBeNull();
    expect(runEndNotice('running', run('x', 'cancelled'), false)).toBeNull();
    expect(runEndNotice(undefined, run('x', 'completed'), false)).toBeNull();
    expect(runEndNotice('completed', run('x', 'completed'), false)).toBeNull();
    expect(runEndNotice('pending', run('x', 'running'), false)).toBeNull();
  });
  it('come from the monitor once per ending', () => {
    const monitor = new RunMonitor();
    expect(monitor.update(run('a', 'running'), false)).toBeNull();
    expect(monitor.update(run('a', 'completed'), false)?.title).toBe('Run completed');
    expect(monitor.update(run('a', 'completed'), false)).toBeNull();
  });
});

describe('quit flow', () => {
  it('quits at once when nothing executes', () => {
    expect(quitPrompt(0)).toBeNull();
  });
  it('asks with "Pause and quit" as the default and a way to stay', () => {
    const prompt = quitPrompt(2)!;
    expect(prompt.message).toMatch(/2 runs are still executing/);
    expect(prompt.buttons[prompt.defaultId]).toBe('Pause and quit');
    expect(prompt.buttons).toContain('Cancel runs and quit');
    expect(prompt.buttons.join()).not.toMatch(/background/);
    expect(quitChoice(prompt.cancelId)).toBe('stay');
    expect(quitPrompt(1)!.message).toMatch(/^A run is/);
  });
  it('turns the answer into contract calls for every executing run', () => {
    expect(quitPlan(quitChoice(0), ['a', 'b'])).toEqual([
      { route: 'runs.pause', input: { id: 'a' } },
      { route: 'runs.pause', input: { id: 'b' } },
    ]);
    expect(quitPlan(quitChoice(1), ['a'])).toEqual([{ route: 'runs.cancel', input: { id: 'a' } }]);
    expect(quitPlan(quitChoice(2), ['a'])).toBeNull();
    expect(quitChoice(99)).toBe('stay');
  });
});
