import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  discoverPython,
  installAdvice,
  isSupported,
  parseProbeOutput,
  pythonCandidates,
  runProbe,
  type DiscoveryOptions,
} from '../../src/main/electron/python-discovery';
import { devResourcePaths } from '../../src/main/core/paths';
import { checkInterpreter, choosePython } from '../../src/main/core/python/interpreter';
import { PythonPool } from '../../src/main/core/python/pool';
import { createMemoryLogger } from '../helpers/memory';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const argvs = (options: DiscoveryOptions): string[] => pythonCandidates(options).map((c) => c.argv.join(' '));

describe('Python discovery order', () => {
  it('on macOS: Settings, bundled, VALUERANK_PYTHON, PATH, then Homebrew, python.org (newest first), pyenv, conda', () => {
    const present = new Set([
      '/App/Resources/python-runtime/bin/python3',
      '/opt/homebrew/bin/python3',
      '/usr/local/bin/python3',
      '/Library/Frameworks/Python.framework/Versions/3.9/bin/python3',
      '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3',
      '/Users/r/.pyenv/shims/python3',
      '/Users/r/miniconda3/bin/python3',
    ]);
    const order = argvs({
      platform: 'darwin',
      env: { VALUERANK_PYTHON: '/Users/r/My Pythons/python3.11' },
      home: '/Users/r',
      settingsPath: ' /chosen/python ',
      resourcesPath: '/App/Resources',
      exists: (p) => present.has(p),
      list: (dir) => (dir.endsWith('Versions') ? ['3.9', 'Current', '3.12'] : []),
    });
    expect(order).toEqual([
      '/chosen/python',
      '/App/Resources/python-runtime/bin/python3',
      '/Users/r/My Pythons/python3.11',
      'python3',
      'python',
      '/opt/homebrew/bin/python3',
      '/usr/local/bin/python3',
      '/Library/Frameworks/Python.framework/Versions/3.12/bin/python3',
      '/Library/Frameworks/Python.framework/Versions/3.9/bin/python3',
      '/Users/r/.pyenv/shims/python3',
      '/Users/r/miniconda3/bin/python3',
    ]);
  });

  it('on Windows: the py launcher before PATH, then per-user python.org installs (newest first), the Store, conda', () => {
    const local = 'C:\\Users\\r\\AppData\\Local';
    const present = new Set([
      `${local}\\Programs\\Python\\Python312\\python.exe`,
      `${local}\\Programs\\Python\\Python39\\python.exe`,
      `${local}\\Microsoft\\WindowsApps\\python3.exe`,
      'C:\\Users\\r\\anaconda3\\python.exe',
    ]);
    const order = argvs({
      platform: 'win32',
      env: {
        LOCALAPPDATA: local,
        USERPROFILE: 'C:\\Users\\r',
        VALUERANK_PYTHON: 'C:\\Program Files\\Python 3\\python.exe',
      },
      home: 'C:\\Users\\r',
      exists: (p) => present.has(p),
      list: (dir) => (dir.endsWith('Programs\\Python') ? ['Python39', 'Python312', 'Launcher'] : []),
    });
    expect(order).toEqual([
      'C:\\Program Files\\Python 3\\python.exe',
      'py -3',
      'python3',
      'python',
      `${local}\\Programs\\Python\\Python312\\python.exe`,
      `${local}\\Programs\\Python\\Python39\\python.exe`,
      `${local}\\Microsoft\\WindowsApps\\python3.exe`,
      'C:\\Users\\r\\anaconda3\\python.exe',
    ]);
    // The path with spaces is one argv element, never split.
    expect(
      pythonCandidates({
        platform: 'win32',
        env: { VALUERANK_PYTHON: 'C:\\Program Files\\Python 3\\python.exe' },
        home: 'C:\\',
        exists: () => false,
        list: () => [],
      })[0]!.argv,
    ).toEqual(['C:\\Program Files\\Python 3\\python.exe']);
  });

  it('on Linux: PATH, then /usr/local, the system Python, Linuxbrew, an active conda env, pyenv; duplicates once', () => {
    const order = argvs({
      platform: 'linux',
      env: { CONDA_PREFIX: '/home/r/envs/vr', VALUERANK_PYTHON: 'python3' },
      home: '/home/r',
      exists: (p) => p !== '/home/linuxbrew/.linuxbrew/bin/python3' && !p.includes('conda3') && !p.includes('forge'),
      list: () => [],
    });
    expect(order).toEqual([
      'python3',
      'python',
      '/usr/local/bin/python3',
      '/usr/bin/python3',
      '/home/r/envs/vr/bin/python3',
      '/home/r/.pyenv/shims/python3',
    ]);
  });
});

describe('Python discovery choice', () => {
  const options: DiscoveryOptions = { platform: 'linux', env: {}, home: '/h', exists: () => false, list: () => [] };

  it('takes the first candidate that runs and is 3.10+, and says what it passed over', async () => {
    const answers: Record<string, string | null> = {
      python3: '3.8.10\n/usr/bin/python3\n',
      python: '3.12.1\n/usr/bin/python\n',
    };
    const found = await discoverPython(options, async (argv) => answers[argv.join(' ')] ?? null);
    expect(found).toEqual({
      ok: true,
      argv: ['python'],
      source: 'PATH',
      version: '3.12.1',
      executable: '/usr/bin/python',
      rejected: ['python3 (PATH): Python 3.8.10 is older than 3.10'],
    });
  });

  it('says exactly what to install for this OS when nothing fits', async () => {
    const found = await discoverPython({ ...options, platform: 'darwin' }, async () => null);
    expect(found.ok).toBe(false);
    if (!found.ok) {
      expect(found.rejected).toContain('python3 (PATH): did not run');
      expect(found.advice).toMatch(/python\.org.*brew install python@3\.12/);
    }
    expect(installAdvice('win32')).toMatch(/winget install Python\.Python\.3\.12/);
    expect(installAdvice('linux')).toMatch(/apt install python3/);
  });

  it('parses the probe and compares versions', () => {
    expect(parseProbeOutput('3.10.0\r\nC:\\Python\\python.exe\r\n')).toEqual({
      version: [3, 10, 0],
      executable: 'C:\\Python\\python.exe',
    });
    expect(
      parseProbeOutput('Python was not found; run without arguments to install from the Microsoft Store'),
    ).toBeNull();
    expect(isSupported([3, 10, 0])).toBe(true);
    expect(isSupported([3, 9, 18])).toBe(false);
    expect(isSupported([4, 0, 0])).toBe(true);
    expect(isSupported([2, 7, 18])).toBe(false);
  });

  it('runs a real interpreter found through VALUERANK_PYTHON at a path with spaces', async () => {
    const temp = makeTempDir();
    try {
      const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
      const dir = join(temp.dir, 'My Python Folder');
      mkdirSync(dir);
      const link = join(dir, 'python 3');
      symlinkSync(real, link);
      const found = await discoverPython({ ...options, env: { VALUERANK_PYTHON: link } });
      expect(found).toMatchObject({ ok: true, argv: [link], source: 'VALUERANK_PYTHON' });
      // The core's worker pool takes the same argv and starts the real worker from that path, unsplit.
      const pool = new PythonPool({
        command: found.ok ? found.argv : [],
        pythonDir: devResourcePaths().pythonDir,
        size: 1,
        threadsPerWorker: 1,
        logger: createMemoryLogger().logger,
      });
      try {
        await pool.start();
        expect(pool.status()).toMatchObject({ status: 'online' });
      } finally {
        await pool.close();
      }
      expect(await runProbe([join(dir, 'missing')])).toBeNull();
      expect(await runProbe([])).toBeNull();
    } finally {
      temp.cleanup();
    }
  });
});

describe('System Health when no Python fits', () => {
  it("shows the shell's install advice for this OS as the worker's hint", async () => {
    const harness = await startHarness({
      pythonCommand: ['/nonexistent dir/python3'],
      pythonAdvice: `No Python 3.10+ found. ${installAdvice('darwin')}`,
    });
    try {
      const report = await callRoute(harness.core.dispatch, 'health.check', {
        providerIds: ['openai'],
        timeoutMs: 2000,
      });
      expect(report.pythonWorker.status).toBe('offline');
      expect(report.pythonWorker.hint).toMatch(
        /^No Python 3\.10\+ found\. Install Python 3\.12 from https:\/\/www\.python\.org/,
      );
    } finally {
      await harness.stop();
    }
  });
});

describe('the Settings interpreter, decided without running Python', () => {
  const probeSays =
    (answers: Record<string, string | null>) =>
    async (argv: readonly string[]): Promise<string | null> =>
      answers[argv.join(' ')] ?? null;

  it('refuses a missing file, one that does not run, and a Python older than 3.10, each with its reason', async () => {
    const probe = probeSays({ 'C:\\Py38\\python.exe': '3.8.10\nC:\\Py38\\python.exe', 'C:\\Odd\\tool.exe': 'hello' });
    const exists = (path: string): boolean => path.startsWith('C:\\Py38') || path.startsWith('C:\\Odd');
    expect(await checkInterpreter(['C:\\Nope\\python.exe'], probe, exists)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^There is no file at C:\\Nope\\python\.exe/),
    });
    expect(await checkInterpreter(['C:\\Odd\\tool.exe'], probe, exists)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/did not run as Python/),
    });
    expect(await checkInterpreter(['C:\\Py38\\python.exe'], probe, exists)).toEqual({
      ok: false,
      version: '3.8.10',
      message: 'C:\\Py38\\python.exe is Python 3.8.10; ValueRank needs Python 3.10 or newer',
    });
    // A bare command is looked up on PATH, so it is run rather than looked for as a file.
    expect(
      await checkInterpreter(['python3.12'], probeSays({ 'python3.12': '3.12.1\n/usr/bin/python3.12' }), () => false),
    ).toEqual({ ok: true, version: '3.12.1', executable: '/usr/bin/python3.12' });
  });

  it('takes the Settings path first when it works, else the fallback with the reason', async () => {
    const fallback = { argv: ['/opt/homebrew/bin/python3'], source: 'Homebrew (Apple silicon)' };
    const good = async () => ({ ok: true as const, version: '3.12.1', executable: '/x' });
    const bad = async () => ({ ok: false as const, version: null, message: 'There is no file at /gone/python3' });
    expect(await choosePython(null, fallback, good)).toEqual({ ...fallback, settingsProblem: null });
    expect(await choosePython('/chosen/python3', fallback, good)).toEqual({
      argv: ['/chosen/python3'],
      source: 'Settings',
      settingsProblem: null,
    });
    expect(await choosePython('/gone/python3', fallback, bad)).toEqual({
      ...fallback,
      settingsProblem:
        'The Python chosen in Settings cannot be used: There is no file at /gone/python3. Using ' +
        '/opt/homebrew/bin/python3 (Homebrew (Apple silicon)) instead.',
    });
  });
});
