/**
 * Finding Python 3.10+ on a researcher's machine. Apps started from Finder or the Start menu do not get the shell's
 * PATH, so besides VALUERANK_PYTHON and PATH this looks where installers put Python (Homebrew, pyenv, conda,
 * python.org, the Windows launcher, Store and per-user installs). Every candidate is an argv array, so a path with
 * spaces is never split. The search order is pure; running a candidate is injected, so both are tested in Node.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { isSupported, MIN_PYTHON, parseProbeOutput, runProbe } from '../core';

export { isSupported, MIN_PYTHON, parseProbeOutput, PROBE_SCRIPT, runProbe } from '../core';
export type { PythonProbe } from '../core';

export interface PythonCandidate {
  argv: string[];
  /** Where this candidate came from, as System Health and the log say it. */
  source: string;
}

export interface DiscoveryOptions {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  /** A path chosen in Settings, tried first. */
  settingsPath?: string | null;
  /** process.resourcesPath in a packaged app: an optional bundled runtime lives in <resources>/python-runtime. */
  resourcesPath?: string | null;
  exists?: (path: string) => boolean;
  /** Entries of a folder, or [] when it does not exist. */
  list?: (dir: string) => string[];
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** "3.12" before "3.9": version-named folders newest first. */
function newestFirst(names: string[], pattern: RegExp): string[] {
  const versioned = names
    .map((name) => ({ name, match: pattern.exec(name) }))
    .filter((e): e is { name: string; match: RegExpExecArray } => e.match !== null);
  const key = (m: RegExpExecArray): number[] => m.slice(1).map((part) => Number(part) || 0);
  return versioned
    .sort((a, b) => {
      const [ka, kb] = [key(a.match), key(b.match)];
      for (let i = 0; i < Math.max(ka.length, kb.length); i++)
        if ((kb[i] ?? 0) !== (ka[i] ?? 0)) return (kb[i] ?? 0) - (ka[i] ?? 0);
      return 0;
    })
    .map((e) => e.name);
}

function wellKnownLocations(options: DiscoveryOptions, list: (dir: string) => string[]): PythonCandidate[] {
  const { platform, env, home } = options;
  if (platform === 'win32') {
    const path = win32;
    const local = env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    const perUser = path.join(local, 'Programs', 'Python');
    const programFiles = env.ProgramFiles ?? 'C:\\Program Files';
    return [
      ...newestFirst(list(perUser), /^Python(\d)(\d+)/).map((dir) => ({
        argv: [path.join(perUser, dir, 'python.exe')],
        source: 'python.org per-user install',
      })),
      ...newestFirst(list(programFiles), /^Python(\d)(\d+)/).map((dir) => ({
        argv: [path.join(programFiles, dir, 'python.exe')],
        source: 'python.org install for all users',
      })),
      { argv: [path.join(local, 'Microsoft', 'WindowsApps', 'python3.exe')], source: 'Microsoft Store' },
      ...['miniconda3', 'anaconda3', 'miniforge3'].map((name) => ({
        argv: [path.join(env.USERPROFILE ?? home, name, 'python.exe')],
        source: `conda (${name})`,
      })),
      { argv: [path.join(home, '.pyenv', 'pyenv-win', 'shims', 'python.bat')], source: 'pyenv-win' },
    ];
  }
  const path = posix;
  const conda = ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge'].flatMap((name) => [
    { argv: [path.join(home, name, 'bin', 'python3')], source: `conda (~/${name})` },
    { argv: [path.join('/opt', name, 'bin', 'python3')], source: `conda (/opt/${name})` },
  ]);
  const common: PythonCandidate[] = [
    ...(env.CONDA_PREFIX
      ? [{ argv: [path.join(env.CONDA_PREFIX, 'bin', 'python3')], source: 'active conda env' }]
      : []),
    { argv: [path.join(env.PYENV_ROOT ?? path.join(home, '.pyenv'), 'shims', 'python3')], source: 'pyenv' },
    ...conda,
  ];
  if (platform === 'darwin') {
    const frameworks = '/Library/Frameworks/Python.framework/Versions';
    return [
      { argv: ['/opt/homebrew/bin/python3'], source: 'Homebrew (Apple silicon)' },
      { argv: ['/usr/local/bin/python3'], source: 'Homebrew (Intel) or /usr/local' },
      ...newestFirst(list(frameworks), /^(\d+)\.(\d+)$/).map((version) => ({
        argv: [path.join(frameworks, version, 'bin', 'python3')],
        source: `python.org ${version}`,
      })),
      ...common,
    ];
  }
  return [
    { argv: ['/usr/local/bin/python3'], source: '/usr/local' },
    { argv: ['/usr/bin/python3'], source: 'system Python' },
    { argv: ['/home/linuxbrew/.linuxbrew/bin/python3'], source: 'Homebrew on Linux' },
    ...common,
  ];
}

/** Every interpreter worth trying, in the order they are tried; absolute paths that do not exist are left out. */
export function pythonCandidates(options: DiscoveryOptions): PythonCandidate[] {
  const exists = options.exists ?? existsSync;
  const list = options.list ?? listDir;
  const { platform, env } = options;
  const path = platform === 'win32' ? win32 : posix;
  const out: PythonCandidate[] = [];
  if (options.settingsPath?.trim()) out.push({ argv: [options.settingsPath.trim()], source: 'Settings' });
  if (options.resourcesPath) {
    const bundled =
      platform === 'win32'
        ? path.join(options.resourcesPath, 'python-runtime', 'python.exe')
        : path.join(options.resourcesPath, 'python-runtime', 'bin', 'python3');
    if (exists(bundled)) out.push({ argv: [bundled], source: 'bundled runtime' });
  }
  if (env.VALUERANK_PYTHON?.trim()) out.push({ argv: [env.VALUERANK_PYTHON.trim()], source: 'VALUERANK_PYTHON' });
  if (platform === 'win32') out.push({ argv: ['py', '-3'], source: 'Windows launcher (py -3)' });
  out.push({ argv: ['python3'], source: 'PATH' }, { argv: ['python'], source: 'PATH' });
  for (const candidate of wellKnownLocations(options, list)) if (exists(candidate.argv[0]!)) out.push(candidate);
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = c.argv.join('\0');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Exactly what to install on this OS when no interpreter fits. */
export function installAdvice(platform: NodeJS.Platform): string {
  const tail =
    ' Then restart ValueRank Desktop, or choose the interpreter under Settings → This computer → Python interpreter.';
  if (platform === 'darwin')
    return (
      'Install Python 3.12 from https://www.python.org/downloads/macos/ (or run "brew install python@3.12").' + tail
    );
  if (platform === 'win32')
    return (
      'Install Python 3.12 from https://www.python.org/downloads/windows/ (tick "Add python.exe to PATH"), or run ' +
      '"winget install Python.Python.3.12".' +
      tail
    );
  return (
    'Install Python 3.10 or newer with your package manager, e.g. "sudo apt install python3" (Ubuntu 22.04+, Debian 12+) or "sudo dnf install python3".' +
    tail
  );
}

export type PythonDiscovery =
  | { ok: true; argv: string[]; source: string; version: string; executable: string; rejected: string[] }
  | { ok: false; rejected: string[]; advice: string };

/** Runs candidates in order and takes the first that is Python 3.10+. */
export async function discoverPython(
  options: DiscoveryOptions,
  probe: (argv: string[]) => Promise<string | null> = runProbe,
): Promise<PythonDiscovery> {
  const rejected: string[] = [];
  for (const candidate of pythonCandidates(options)) {
    const output = await probe(candidate.argv);
    const parsed = output === null ? null : parseProbeOutput(output);
    const label = `${candidate.argv.join(' ')} (${candidate.source})`;
    if (!parsed) {
      rejected.push(`${label}: did not run`);
      continue;
    }
    const version = parsed.version.join('.');
    if (!isSupported(parsed.version)) {
      rejected.push(`${label}: Python ${version} is older than ${MIN_PYTHON.join('.')}`);
      continue;
    }
    return {
      ok: true,
      argv: candidate.argv,
      source: candidate.source,
      version,
      executable: parsed.executable,
      rejected,
    };
  }
  return { ok: false, rejected, advice: installAdvice(options.platform) };
}

export function defaultDiscoveryOptions(resourcesPath: string | null): DiscoveryOptions {
  return { platform: process.platform, env: process.env, home: homedir(), resourcesPath };
}
