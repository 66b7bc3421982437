/**
 * The Python interpreter chosen in Settings, applied by the core for every front door: checked before it is saved
 * (a path that does not run or is older than 3.10 is refused, so the stored choice stays usable), and on a change the
 * worker pool switches to it without losing requests in flight.
 */
import { existsSync } from 'node:fs';
import { AppError } from '../../../shared/errors';
import type { PythonInUse } from '../../../shared/preferences';
import type { Logger } from '../util/logger';
import {
  checkInterpreter,
  choosePython,
  settingsPathProblem,
  describePython,
  type InterpreterCheck,
  type PythonChoice,
} from './interpreter';

/** The argv a command stands for, as the worker process reads it: a string is one file if it exists, else split. */
export function commandArgv(command: string | readonly string[]): string[] {
  if (typeof command !== 'string') return [...command];
  return existsSync(command) ? [command] : command.split(' ').filter(Boolean);
}

/** The front door's interpreter when Settings names none: discovery (Electron), VALUERANK_PYTHON, else PATH. */
export function fallbackPython(
  pythonCommand: string | readonly string[] | undefined,
  pythonSource: string | undefined,
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): { argv: string[]; source: string } {
  if (pythonCommand) return { argv: commandArgv(pythonCommand), source: pythonSource ?? 'set by the app' };
  const fromEnv = env.VALUERANK_PYTHON?.trim();
  if (fromEnv) return { argv: commandArgv(fromEnv), source: 'VALUERANK_PYTHON' };
  return { argv: [platform === 'win32' ? 'python' : 'python3'], source: 'PATH' };
}

export interface PythonSettingDeps {
  fallback: { argv: string[]; source: string };
  /** The pool's switch to another interpreter (PythonPool.restart). */
  restart(argv: string[]): Promise<void>;
  logger: Logger;
  check?: (argv: readonly string[]) => Promise<InterpreterCheck>;
}

export class PythonSetting {
  private current: PythonChoice;
  private readonly check: (argv: readonly string[]) => Promise<InterpreterCheck>;

  constructor(
    initial: PythonChoice,
    private readonly deps: PythonSettingDeps,
  ) {
    this.current = initial;
    this.check = deps.check ?? ((argv) => checkInterpreter(argv));
  }

  /** The choice at start-up: the Settings path when it still works, else the fallback with the reason. */
  static async initial(
    settingsPath: string | null,
    fallback: { argv: string[]; source: string },
    check?: (argv: readonly string[]) => Promise<InterpreterCheck>,
  ): Promise<PythonChoice> {
    return choosePython(settingsPath, fallback, check);
  }

  choice(): PythonChoice {
    return this.current;
  }

  describe(): Promise<PythonInUse> {
    return describePython(this.current, this.check);
  }

  /** Refuses (VALIDATION, with the reason) a path that is missing, does not run as Python, or is older than 3.10. */
  async validate(path: string | null): Promise<void> {
    if (path === null) return;
    const problem = settingsPathProblem(path);
    if (problem) throw new AppError('VALIDATION', `This Python cannot be used: ${problem}.`);
    const checked = await this.check([path]);
    if (!checked.ok) throw new AppError('VALIDATION', `This Python cannot be used: ${checked.message}.`);
  }

  /** Uses `path` (already validated) or, for null, the fallback; restarts the pool only when the command changed. */
  async apply(path: string | null): Promise<void> {
    const next = await choosePython(path, this.deps.fallback, this.check);
    const changed = next.argv.join('\0') !== this.current.argv.join('\0');
    this.current = next;
    if (!changed) return;
    this.deps.logger.info('python interpreter changed in Settings', { argv: next.argv, source: next.source });
    await this.deps.restart(next.argv);
  }
}
