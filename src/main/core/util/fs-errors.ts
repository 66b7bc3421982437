/**
 * Turns raw file-system failures (ENOSPC, EACCES, ENOENT, …) into typed errors with one sentence a researcher can act
 * on, so "ENOSPC: no space left on device, write" never reaches a person as it is.
 */
import { dirname } from 'node:path';
import { AppError, type ErrorCode } from '../../../shared/errors';

/** The errno (or SQLite) code of a thrown error, if it has one. */
export function errnoCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * `action` is what was being done, as a verb phrase ("write the export"); `path` the file it was done to. An AppError
 * passes through unchanged; an unknown failure keeps `fallback` as its code and the original text after the path.
 */
export function fsErrorToAppError(
  error: unknown,
  action: string,
  path: string,
  fallback: ErrorCode = 'EXPORT_FAILED',
): AppError {
  if (error instanceof AppError) return error;
  const folder = dirname(path);
  const code = errnoCode(error);
  const detail = { errno: code, path };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return new AppError(
        'DISK_FULL',
        `Could not ${action} ${path}: the disk is full. Free some space on the drive holding ${folder} ` +
          '(or choose a folder on another drive) and try again.',
        detail,
      );
    case 'EACCES':
    case 'EPERM':
      return new AppError(
        'PERMISSION_DENIED',
        `Could not ${action} ${path}: you do not have permission to write there. Choose a folder you own ` +
          `(for example in your home folder) or change the permissions of ${folder}.`,
        detail,
      );
    case 'EROFS':
      return new AppError(
        'PERMISSION_DENIED',
        `Could not ${action} ${path}: ${folder} is on a read-only drive. Choose a folder on a writable drive.`,
        detail,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError(
        'PATH_NOT_FOUND',
        `Could not ${action} ${path}: the folder ${folder} does not exist (or was removed meanwhile). ` +
          'Create it or choose another folder.',
        detail,
      );
    case 'EISDIR':
      return new AppError(
        'PATH_NOT_FOUND',
        `Could not ${action} ${path}: that is a folder, not a file. Give a file name inside it instead.`,
        detail,
      );
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return new AppError(fallback, `Could not ${action} ${path}: ${message}`, detail);
    }
  }
}
