/**
 * Browser mode's session and file rules: the token that survives restarts (a 0600 file in the data folder, replaced
 * only with --new-token), the HttpOnly cookie a first visit with the token turns into, and which export files may be
 * downloaded (regular files really inside exports/, never a link out of it).
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { z } from 'zod';

export const SESSION_COOKIE = 'valuerank_session';
export const SESSION_FILE = 'browser-session.json';

const sessionFileSchema = z.object({ token: z.string().min(20), port: z.number().int().min(0).max(65535).nullable() });

export interface BrowserSession {
  token: string;
  /** The port of the last start, tried first so bookmarks and open tabs keep working; null: any. */
  port: number | null;
}

/** The saved session, or a new one (saved 0600) when there is none, it is unreadable, or `renew` asks for one. */
export function loadBrowserSession(dataDir: string, renew = false): BrowserSession {
  const path = join(dataDir, SESSION_FILE);
  if (!renew && existsSync(path)) {
    try {
      return sessionFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      // A damaged file is replaced: the only cost is signing in again with the new address.
    }
  }
  const session = { token: randomBytes(24).toString('base64url'), port: null };
  saveBrowserSession(dataDir, session);
  return session;
}

export function saveBrowserSession(dataDir: string, session: BrowserSession): void {
  const path = join(dataDir, SESSION_FILE);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(session)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** The Set-Cookie value for a signed-in browser (host-only: no Domain): script cannot read it, other sites cannot send it. */
export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=31536000`;
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/** The export file `name` in `dir`, if it is a plain regular file whose real path is inside `dir`; else null. */
export function exportFile(dir: string, name: string): { path: string; size: number } | null {
  if (!/^[\w][\w.-]*$/.test(name)) return null;
  const path = join(dir, name);
  try {
    const stat = lstatSync(path);
    // A regular file with one name: not a symlink, and not a hard link to something outside exports/.
    if (!stat.isFile() || stat.nlink !== 1) return null;
    const real = realpathSync(path);
    if (!real.startsWith(realpathSync(dir) + sep)) return null;
    return { path: real, size: stat.size };
  } catch {
    return null;
  }
}
