/**
 * Browser mode's request gate. Every local server the person opens in the same browser shares 127.0.0.1's cookies and
 * counts as the same site, so a request is allowed to act only when it comes from this app's own origin (exact scheme,
 * host and port, from `Origin` and the fetch metadata headers) and, for the invoke route, carries JSON. The app is
 * served on its own host name (`vr-<hash of the token>.localhost`), so its session cookie is host-only to a name no
 * other page knows, and the cookie's value is derived from the token, not the token itself.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../../shared/errors';
import { decodeUtf8Strict } from '../core';
import { AppError } from '../../shared/errors';

export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
}

const derive = (token: string, purpose: string): string =>
  createHmac('sha256', token).update(purpose).digest('base64url');

/** The app's own host name: stable while the token is (bookmarks keep working), unguessable without it. */
export function appHostName(token: string): string {
  return `vr-${createHmac('sha256', token).update('host').digest('hex').slice(0, 20)}.localhost`;
}

/** The session cookie's value: proves a visit with the token without being the token. */
export function sessionValue(token: string): string {
  return derive(token, 'session');
}

const refuse = (message: string): Refusal => ({ status: 403, code: 'UNAUTHORIZED', message });

/**
 * Null when the request may go on: its `Origin` (when sent) is exactly the origin it was addressed to, and its
 * `Sec-Fetch-Site` (when sent) is same-origin — or "none" for a GET the person typed or bookmarked (a download link).
 * Clients that are not browsers send neither and authenticate with the token itself.
 */
export function checkOrigin(req: IncomingMessage, hostHeader: string): Refusal | null {
  const own = `http://${hostHeader}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== own)
    return refuse(`Refused a request from ${origin}: only pages of this app (${own}) may call it.`);
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && !(req.method === 'GET' && site === 'none'))
    return refuse(`Refused a ${site} request: only pages of this app (${own}) may call it.`);
  return null;
}

/** Null when the body is declared as JSON (application/json, UTF-8 if a charset is named); else 415. */
export function checkJsonType(req: IncomingMessage): Refusal | null {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  const charset = params
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (type.trim().toLowerCase() === 'application/json' && (charset === undefined || charset === 'utf-8')) return null;
  return {
    status: 415,
    code: 'VALIDATION',
    message: `Requests must be sent as application/json (UTF-8), not ${req.headers['content-type'] ?? 'without a type'}.`,
  };
}

/**
 * The whole body, decoded as UTF-8 once (a character split across network chunks stays whole); a Refusal when it is
 * larger than `max` bytes or is not valid UTF-8 (with the line and byte).
 */
export async function readBody(
  req: IncomingMessage,
  max: number,
): Promise<{ text: string; refusal?: never } | { refusal: Refusal }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max)
      return { refusal: { status: 413, code: 'VALIDATION', message: `Request too large (over ${max} bytes)` } };
    chunks.push(chunk as Buffer);
  }
  try {
    // NUL characters can only arrive escaped in JSON (\u0000); each route's own checks decide about those.
    return { text: decodeUtf8Strict(Buffer.concat(chunks, size), 'The request body', { allowNul: true }) };
  } catch (error) {
    if (error instanceof AppError) return { refusal: { status: 400, code: error.code, message: error.message } };
    throw error;
  }
}

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count), stopping past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}
