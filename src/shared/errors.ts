/** Typed error codes shared by every process, so a failure reads the same in the UI, the CLI and the logs. */

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'DEFINITION_INVALID',
  'PROVIDER_NOT_CONFIGURED',
  'PROVIDER_UNKNOWN',
  /** A provider's last health check rejected the key or could not reach the server (override: ignoreHealth). */
  'PROVIDER_UNHEALTHY',
  'DB_UNAVAILABLE',
  'DATABASE_TOO_NEW',
  'DATABASE_CORRUPT',
  'DATABASE_READ_ONLY',
  /** The data folder was moved to a place that holds no data now (an unplugged drive): nothing is created there. */
  'DATA_FOLDER_MISSING',
  'DEFINITION_TOO_COMPLEX',
  /** A definition version was saved on a base that is no longer the family's latest (another writer saved first). */
  'STALE_VERSION',
  /** A definition cannot be deleted while a run uses one of its versions (archive it instead). */
  'DEFINITION_IN_USE',
  'DISK_FULL',
  'PERMISSION_DENIED',
  'PATH_NOT_FOUND',
  'WORKER_UNAVAILABLE',
  'RUN_NOT_CONTROLLABLE',
  'EXPORT_FAILED',
  'UNKNOWN_ROUTE',
  /** The front door that was asked cannot do this (e.g. dragging a file out of a browser tab). */
  'UNSUPPORTED',
  'UNAUTHORIZED',
  /** A run whose estimated cost passes the threshold in Settings was asked for without confirming that cost. */
  'COST_NOT_CONFIRMED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The one error class the core throws on purpose; anything else is reported as INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
