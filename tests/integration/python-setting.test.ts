/**
 * The Python interpreter chosen in Settings, through the core every front door uses, with real interpreters: a path
 * that is missing, does not run as Python or is too old is refused with the reason and changes nothing; a good one
 * restarts the worker pool on it at once; System Health names it and where it came from; a saved path that stopped
 * working falls back to discovery and says why; clearing it returns to discovery.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { checkInterpreter } from '../../src/main/core/python/interpreter';
import { commandArgv, fallbackPython } from '../../src/main/core/python/python-setting';
import { startHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const SYSTEM_PYTHON = '/usr/bin/python3';

describe.skipIf(process.platform === 'win32')('the Python path saved in Settings', () => {
  const temp = makeTempDir();
  afterAll(() => temp.cleanup());
  // A path with a space, that is not what PATH finds as "python3": proof that the saved path is the one used.
  const chosenDir = join(temp.dir, 'my pythons');
  const chosen = join(chosenDir, 'python3');
  mkdirSync(chosenDir);
  symlinkSync(SYSTEM_PYTHON, chosen);
  const tooOld = join(temp.dir, 'python3.8');
  writeFileSync(tooOld, '#!/bin/sh\necho 3.8.10\necho /usr/bin/python3.8\n');
  chmodSync(tooOld, 0o755);
  const notPython = join(temp.dir, 'not-python');
  writeFileSync(notPython, '#!/bin/sh\nexit 3\n');
  chmodSync(notPython, 0o755);
  const dataDir = join(temp.dir, 'data');

  it('refuses a bad path with the reason, switches the pool to a good one, and names it in System Health', async () => {
    const harness = await startHarness({ dataDir });
    const { dispatch, internals } = harness.core;
    try {
      expect(await callRoute(dispatch, 'system.python', {})).toMatchObject({
        command: 'python3',
        source: 'PATH',
        settingsProblem: null,
        problem: null,
      });
      await callRoute(dispatch, 'system.worker', { start: true });
      const before = internals.pool.workerPids();
      expect(before.length).toBeGreaterThan(0);

      await expect(
        callRoute(dispatch, 'preferences.save', { pythonPath: join(temp.dir, 'nope', 'python3') }),
      ).rejects.toThrow(/This Python cannot be used: There is no file at .*nope/);
      await expect(callRoute(dispatch, 'preferences.save', { pythonPath: notPython })).rejects.toThrow(
        /did not run as Python/,
      );
      await expect(
        callRoute(dispatch, 'preferences.save', { pythonPath: tooOld, preventSleep: false }),
      ).rejects.toThrow(/is Python 3\.8\.10; ValueRank needs Python 3\.10 or newer/);
      // A refused save writes nothing, not even the other fields it carried.
      expect(await callRoute(dispatch, 'preferences.get', {})).toMatchObject({ pythonPath: null, preventSleep: true });
      expect(internals.pool.workerPids()).toEqual(before);

      const saved = await callRoute(dispatch, 'preferences.save', { pythonPath: chosen });
      expect(saved.pythonPath).toBe(chosen);
      expect(internals.pool.command).toEqual([chosen]);
      expect(internals.pool.status().status).toBe('online');
      const after = internals.pool.workerPids();
      expect(after.length).toBeGreaterThan(0);
      expect(after.some((pid) => before.includes(pid))).toBe(false);
      expect(await internals.pool.call('ping', {}, 5_000)).toBeTruthy();

      const inUse = await callRoute(dispatch, 'system.python', {});
      const system = await checkInterpreter([SYSTEM_PYTHON]);
      expect(inUse).toMatchObject({ command: chosen, source: 'Settings', problem: null, settingsProblem: null });
      expect(system.ok && inUse.version).toBe(system.version);
      const report = await callRoute(dispatch, 'health.check', { providerIds: ['openai'], timeoutMs: 2000 });
      expect(report.pythonWorker.interpreter).toEqual({ command: chosen, source: 'Settings', settingsProblem: null });
    } finally {
      await harness.stop();
    }
  });

  it('falls back to discovery, and says why, when the saved path stopped working; clearing it uses discovery', async () => {
    rmSync(chosen); // uninstalled since it was saved
    const harness = await startHarness({ dataDir });
    const { dispatch, internals } = harness.core;
    try {
      expect(internals.pool.command).toEqual(['python3']);
      const inUse = await callRoute(dispatch, 'system.python', {});
      expect(inUse).toMatchObject({ command: 'python3', source: 'PATH', problem: null });
      expect(inUse.settingsProblem).toMatch(
        /^The Python chosen in Settings cannot be used: There is no file at .*my pythons.*Using python3 \(PATH\) instead\.$/,
      );
      const report = await callRoute(dispatch, 'health.check', { providerIds: ['openai'], timeoutMs: 2000 });
      expect(report.pythonWorker.status).toBe('online');
      expect(report.pythonWorker.interpreter.settingsProblem).toBe(inUse.settingsProblem);

      symlinkSync(SYSTEM_PYTHON, chosen);
      await callRoute(dispatch, 'preferences.save', { pythonPath: chosen });
      expect(internals.pool.command).toEqual([chosen]);
      const cleared = await callRoute(dispatch, 'preferences.save', { pythonPath: null });
      expect(cleared.pythonPath).toBeNull();
      expect(internals.pool.command).toEqual(['python3']);
      expect(await callRoute(dispatch, 'system.python', {})).toMatchObject({ source: 'PATH', settingsProblem: null });
    } finally {
      await harness.stop();
    }
  });

  it('switches the interpreter mid-run without losing a request in flight or paying for one twice', async () => {
    symlinkSync(SYSTEM_PYTHON, join(temp.dir, 'second-python3'));
    const harness = await startHarness({ dataDir: join(temp.dir, 'mid-run') });
    const { dispatch, internals } = harness.core;
    try {
      const definitionId = await harness.importSample();
      harness.fake.hold({ nth: 1 });
      const run = await callRoute(dispatch, 'runs.create', {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      });
      await harness.fake.waitForHeld(1);
      const before = internals.pool.workerPids();
      await callRoute(dispatch, 'preferences.save', { pythonPath: join(temp.dir, 'second-python3') });
      expect(internals.pool.workerPids().some((pid) => before.includes(pid))).toBe(false);
      harness.fake.open(); // the old worker answers the request it held, then exits
      const done = await harness.waitForRun(run.id);
      expect(done.status).toBe('completed');
      expect(done.progress.failed).toBe(0);
      expect(harness.fake.requests).toHaveLength(done.progress.total);
    } finally {
      await harness.stop();
    }
  });

  it("takes the front door's interpreter, else VALUERANK_PYTHON, else PATH, when Settings names none", () => {
    expect(fallbackPython(['py', '-3'], 'Windows launcher (py -3)', {})).toEqual({
      argv: ['py', '-3'],
      source: 'Windows launcher (py -3)',
    });
    expect(fallbackPython(undefined, undefined, { VALUERANK_PYTHON: ` ${chosen} ` })).toEqual({
      argv: [chosen],
      source: 'VALUERANK_PYTHON',
    });
    expect(fallbackPython(undefined, undefined, {}, 'win32')).toEqual({ argv: ['python'], source: 'PATH' });
    expect(commandArgv('python3 -X dev')).toEqual(['python3', '-X', 'dev']);
  });
});
