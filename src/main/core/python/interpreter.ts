/**
 * Which Python interpreter the worker pool uses and whether one can be used at all: one version check (3.10+) shared
 * by the Electron shell's discovery and by the core, which honours the interpreter chosen in Settings for every front
 * door and refuses to save one that does not run or is too old.
 */
import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { PythonInUse } from '../../../shared/preferences';

export const MIN_PYTHON: readonly [number, number] = [3, 10];

export interface PythonProbe {
  version: [number, number, number];
  executable: string;
}

/** The probe prints "3.12.1" and sys.executable on two lines. */
export const PROBE_SCRIPT = "import sys; print('%d.%d.%d' % sys.version_info[:3]); print(sys.executable)";

export function parseProbeOutput(stdout: string): PythonProbe | null {
  const [versionLine, executable] = stdout.trim().split(/\r?\n/);
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(versionLine?.trim() ?? '');
  if (!match) return null;
  return { version: [Number(match[1]), Number(match[2]), Number(match[3])], executable: executable?.trim() ?? '' };
}

export function isSupported([major, minor]: readonly number[]): boolean {
  return major! > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor! >= MIN_PYTHON[1]);
}

/** Runs `argv -c PROBE_SCRIPT` without a shell; null when it cannot be started, fails or takes over 10 s. */
export function runProbe(argv: readonly string[]): Promise<string | null> {
  const [file, ...args] = argv;
  return new Promise((resolve) => {
    if (!file) return resolve(null);
    execFile(file, [...args, '-c', PROBE_SCRIPT], { timeout: 10_000, windowsHide: true }, (error, stdout) =>
      resolve(error ? null : stdout),
    );
  });
}

export type InterpreterCheck =
  { ok: true; version: string; executable: string } | { ok: false; version: string | null; message: string };

/** A bare command ("python3.12") is looked up on PATH; anything with a separator must be an existing file. */
function looksLikePath(command: string): boolean {
  return command.includes('/') || command.includes('\\');
}

/**
 * Whether `argv` is a Python ValueRank can use, with a sentence that says what is wrong and what to choose instead.
 * `probe` is injectable so the decision is tested without an interpreter.
 */
export async function checkInterpreter(
  argv: readonly string[],
  probe: (argv: readonly string[]) => Promise<string | null> = runProbe,
  exists: (path: string) => boolean = existsSync,
): Promise<InterpreterCheck> {
  const shown = argv.join(' ');
  const file = argv[0] ?? '';
  if (looksLikePath(file) && !exists(file))
    return {
      ok: false,
      version: null,
      message: `There is no file at ${file}: choose the python3 (python.exe on Windows) of a Python 3.10 or newer`,
    };
  const output = await probe(argv);
  const parsed = output === null ? null : parseProbeOutput(output);
  if (!parsed)
    return {
      ok: false,
      version: null,
      message: `${shown} did not run as Python (it failed, is not executable or is not an interpreter)`,
    };
  const version = parsed.version.join('.');
  if (!isSupported(parsed.version))
    return {
      ok: false,
      version,
      message: `${shown} is Python ${version}; ValueRank needs Python ${MIN_PYTHON.join('.')} or newer`,
    };
  return { ok: true, version, executable: parsed.executable };
}

/**
 * Why a path chosen in Settings must not even be run to probe it, or null: it has to be the absolute path of an
 * existing regular file, without NUL characters — never a bare command looked up on PATH (`bash`) or a directory.
 * `isFile` is injectable so the rule is tested without files.
 */
export function settingsPathProblem(
  path: string,
  isFile: (path: string) => boolean = (p) => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false,
): string | null {
  if (path.includes('\0')) return 'the path contains a NUL character';
  if (!isAbsolute(path))
    return `${path} is not the full path of a file: choose the python3 (python.exe on Windows) file itself`;
  if (!isFile(path))
    return `There is no file at ${path}: choose the python3 (python.exe on Windows) of a Python 3.10 or newer`;
  return null;
}

/** The interpreter the pool is told to use, where it came from, and why the Settings choice was passed over (if so). */
export interface PythonChoice {
  argv: string[];
  source: string;
  settingsProblem: string | null;
}

/**
 * The Settings path when it is set and usable, else `fallback` (the front door's discovery, VALUERANK_PYTHON or PATH)
 * with the reason the Settings path was passed over, so System Health can say it.
 */
export async function choosePython(
  settingsPath: string | null,
  fallback: { argv: string[]; source: string },
  check: (argv: readonly string[]) => Promise<InterpreterCheck> = (argv) => checkInterpreter(argv),
): Promise<PythonChoice> {
  if (!settingsPath) return { ...fallback, settingsProblem: null };
  const shape = settingsPathProblem(settingsPath, () => true);
  const checked = shape === null ? await check([settingsPath]) : { ok: false as const, version: null, message: shape };
  if (checked.ok) return { argv: [settingsPath], source: 'Settings', settingsProblem: null };
  return {
    ...fallback,
    settingsProblem: `The Python chosen in Settings cannot be used: ${checked.message}. Using ${fallback.argv.join(' ')} (${fallback.source}) instead.`,
  };
}

/** What Settings and System Health show about the interpreter in use, checked now. */
export async function describePython(
  choice: PythonChoice,
  check: (argv: readonly string[]) => Promise<InterpreterCheck> = (argv) => checkInterpreter(argv),
): Promise<PythonInUse> {
  const checked = await check(choice.argv);
  return {
    command: choice.argv.join(' '),
    source: choice.source,
    version: checked.version,
    executable: checked.ok ? checked.executable : null,
    problem: checked.ok ? null : checked.message,
    settingsProblem: choice.settingsProblem,
  };
}
