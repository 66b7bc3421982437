/**
 * The vocabulary TypeScript shares with the Python worker, written once per language: the error codes a worker
 * response may carry, the wire formats a provider may speak, and why the worker pool is offline. The Python side
 * (python/valuerank_worker/vocabulary.py) holds the same lists; a test on each side reads the other and compares.
 */
import { z } from 'zod';

/** Every `error.code` the Python worker may answer with. */
export const WORKER_ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'INTERNAL_ERROR',
  'AUTH_FAILED',
  'MODEL_NOT_FOUND',
  'ENDPOINT_NOT_FOUND',
  'BAD_REQUEST_TO_PROVIDER',
  'RATE_LIMITED',
  'PROVIDER_ERROR',
  'TIMEOUT',
  'NETWORK_ERROR',
  'MALFORMED_RESPONSE',
  'EMPTY_RESPONSE',
  'RESPONSE_TOO_LARGE',
] as const;
export type WorkerErrorCode = (typeof WORKER_ERROR_CODES)[number];
export const workerErrorCodeSchema = z.enum(WORKER_ERROR_CODES);

/** Codes main adds when it supervises the worker: the process is down, crashed, silent or answered nonsense. */
export const SUPERVISION_ERROR_CODES = [
  'WORKER_UNAVAILABLE',
  'WORKER_CRASHED',
  'TIMEOUT',
  'MALFORMED_WORKER_RESULT',
] as const;
export type SupervisionErrorCode = (typeof SUPERVISION_ERROR_CODES)[number];

/** What a failed call to the worker can say, whoever noticed the failure. */
export type WorkerCallCode = WorkerErrorCode | SupervisionErrorCode;

/** The request/response formats the worker speaks; every provider uses one of them. */
export const WIRE_FORMATS = ['openai', 'anthropic', 'gemini'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];
export const wireFormatSchema = z.enum(WIRE_FORMATS);

/** Why the Python pool is offline; the message and the fix shown to a researcher derive from it. */
export const POOL_OFFLINE_REASONS = [
  'NOT_STARTED',
  'STOPPED',
  'PACKAGE_MISSING',
  'PYTHON_NOT_FOUND',
  'PYTHON_TOO_OLD',
  'START_TIMEOUT',
  'START_FAILED',
  'WORKER_CRASHED',
  'PROTOCOL_MISMATCH',
] as const;
export type PoolOfflineReason = (typeof POOL_OFFLINE_REASONS)[number];

const SET_PYTHON =
  'set VALUERANK_PYTHON to its path (e.g. VALUERANK_PYTHON=/usr/bin/python3.11), then restart the app.';
const INSTALL_PYTHON = `No Python 3.10+ found: install it or ${SET_PYTHON}`;

/** The fix for each reason, in a sentence. */
export const POOL_OFFLINE_HINTS: Record<PoolOfflineReason, string> = {
  NOT_STARTED: 'The worker starts with the first run or health check.',
  STOPPED: 'The app is shutting down.',
  PACKAGE_MISSING: 'The installation is incomplete (the python/ folder is missing): reinstall the app.',
  PYTHON_NOT_FOUND: INSTALL_PYTHON,
  PYTHON_TOO_OLD: INSTALL_PYTHON,
  START_TIMEOUT: `Python started but the worker did not say it was ready in time: see the log, or ${SET_PYTHON}`,
  START_FAILED: `Python exited before the worker was ready: see the log for its error, or ${SET_PYTHON}`,
  WORKER_CRASHED: 'The worker keeps crashing: restart the app (npm start, npm run web) and see the log for the cause.',
  PROTOCOL_MISMATCH:
    'The Python worker’s files are from another version of ValueRank Desktop (an update left an old worker ' +
    'behind): reinstall the app, or restore its python/ folder from this version.',
};

/** The offline message: what happened (the reason's own words plus the detail), then the fix. */
export function poolOfflineMessage(reason: PoolOfflineReason, detail: string): string {
  return `${detail}. ${POOL_OFFLINE_HINTS[reason]}`;
}

/** Why the Python worker is down and when the pool tries again (null while it runs or was never asked to). */
export interface WorkerOutage {
  reason: string;
  since: number;
  /** False when Python never started in this process (missing or too old) rather than crashed after working. */
  everOnline: boolean;
  /** Failed starts and crash storms in a row; the restart delay doubles with each. */
  attempts: number;
  nextRetryAt: number | null;
}

/** Job errors a retry cannot fix: the job fails at once (the scheduler's retry policy, and what the UI calls retried). */
export const PERMANENT_ERROR_CODES = [
  'AUTH_FAILED',
  'MODEL_NOT_FOUND',
  'BAD_REQUEST_TO_PROVIDER',
  'PROVIDER_NOT_CONFIGURED',
  'PROVIDER_UNKNOWN',
  'MALFORMED_WORKER_RESULT',
] as const;
