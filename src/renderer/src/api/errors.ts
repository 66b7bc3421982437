/** The one error type the renderer sees from the core, so pages can show a code-specific message and stores can tell a network failure from a refusal. */
import { ERROR_CODES, type AppErrorShape, type ErrorCode } from '@shared/errors';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  /** True when the core could not be reached at all (data on screen may be out of date). */
  readonly network: boolean;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; network?: boolean } = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = options.details;
    this.network = options.network ?? false;
  }

  static fromShape(shape: AppErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, { details: shape.details });
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Turns anything thrown into an ApiError so callers handle exactly one shape. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('INTERNAL', message);
}

/** Extra lines worth showing under an error message (validation issues, file positions), when the core sent them. */
export function errorDetailLines(details: unknown): string[] {
  if (details === undefined || details === null) return [];
  if (typeof details === 'string') return [details];
  if (Array.isArray(details)) {
    return details.flatMap((item) => errorDetailLines(item)).slice(0, 20);
  }
  if (typeof details === 'object') {
    const record = details as Record<string, unknown>;
    if (typeof record.message === 'string') {
      const path = Array.isArray(record.path)
        ? record.path.join('.')
        : typeof record.path === 'string'
          ? record.path
          : '';
      const where = path ? `${path}: ` : '';
      const line = typeof record.line === 'number' ? `line ${record.line}: ` : '';
      return [`${line}${where}${record.message}`];
    }
    if (Array.isArray(record.issues)) return errorDetailLines(record.issues);
  }
  return [];
}
