/**
 * Browser mode's transport: the same handler map behind a loopback-only HTTP server with a random token, serving the
 * built renderer. POST /api/invoke carries {route, input}; GET /api/export/run/<id>.csv|.jsonl exports and downloads a
 * run, GET /api/export/file/<name> downloads a file an export route already wrote into <dataDir>/exports, and
 * GET /api/export/bundle/<name>.zip that file with its manifest and sidecars as one ZIP (what the app's button downloads).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { appHostName, checkJsonType, checkOrigin, jsonDepth, readBody, sessionValue, type Refusal } from './guard';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { exportFile, readCookie, SESSION_COOKIE, sessionCookie } from './session';
import { bundleName, exportBundle } from './export-bundle';
import { writeZip, zipFits } from './zip';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { z } from 'zod';
import { type Core, exportsDir, createLogger, type Logger, invokeRoute } from '../core';
import { AppError } from '../../shared/errors';
import type { ExportFormat } from '../../shared/export';
import { EXPORT_ROUTE_BY_FORMAT } from '../../shared/ipc';

export interface WebServerOptions {
  core: Pick<Core, 'dispatch'>;
  /**
   * The core's data directory: exports written into <dataDir>/exports are downloaded from there (a function when the
   * folder can change while the server runs: front-door/switchable-core.ts).
   */
  dataDir: string | (() => string);
  logger?: Logger;
  rendererDir: string;
  port?: number;
  host?: '127.0.0.1';
  token?: string;
}

export interface WebServer {
  /** The address to open: the app's own host name (its cookie is host-only to it), with the token. */
  url: string;
  /** http://127.0.0.1:PORT, for clients that send the token themselves (scripts, tests). */
  origin: string;
  /** http://vr-….localhost:PORT, the origin pages of the app run on. */
  appOrigin: string;
  token: string;
  close(): Promise<void>;
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const EXPORT_MIME: Record<string, string> = {
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const invokeBody = z.object({ route: z.string().min(1), input: z.unknown().optional() });
const MAX_BODY = 8 * 1024 * 1024;
/** Deeper input is no definition or setting anyone writes; refusing it early keeps every recursive reader safe. */
const MAX_DEPTH = 200;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new AppError('INTERNAL', `No built renderer in ${rendererDir}: run "npm run build" first.`);
  }
  const logger = (options.logger ?? createLogger()).child({ component: 'web' });
  const dataDirNow = (): string => (typeof options.dataDir === 'string' ? options.dataDir : options.dataDir());
  let port = 0;

  const matches = (candidate: string | null | undefined): boolean => {
    const a = Buffer.from(candidate ?? '');
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const appHost = appHostName(token);
  const session = sessionValue(token);
  const sessionMatches = (candidate: string | null): boolean => {
    const a = Buffer.from(candidate ?? '');
    const b = Buffer.from(session);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  const cookieName = (): string => `${SESSION_COOKIE}_${port}`;
  const onAppHost = (hostHeader: string): boolean => hostHeader === `${appHost}:${port}`;
  // The cookie counts only on the app's own host name: a copy of it sent anywhere else is worth nothing.
  const authorized = (req: IncomingMessage, url: URL, hostHeader: string): boolean =>
    matches(req.headers.authorization?.replace(/^Bearer\s+/i, '')) ||
    matches(url.searchParams.get('token')) ||
    (onAppHost(hostHeader) && sessionMatches(readCookie(req.headers.cookie, cookieName())));
  const refuse = (req: IncomingMessage, res: ServerResponse, refusal: Refusal): void => {
    logger.warn('request refused', {
      method: req.method,
      path: req.url?.split('?')[0],
      origin: req.headers.origin ?? null,
      secFetchSite: req.headers['sec-fetch-site'] ?? null,
      contentType: req.headers['content-type'] ?? null,
      reason: refusal.message,
    });
    sendJson(res, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('request failed', { url: req.url, error });
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: (error as Error).message } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refuse other hosts so a web page cannot reach this server through DNS rebinding.
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${port}` && hostHeader !== `localhost:${port}` && !onAppHost(hostHeader)) {
      sendJson(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message: 'Wrong host' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      sendJson(res, 400, {
        ok: false,
        error: { code: 'VALIDATION', message: `The address ${url.pathname} has a malformed %-escape.` },
      });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const crossOrigin = checkOrigin(req, hostHeader);
      if (crossOrigin) return refuse(req, res, crossOrigin);
      if (!authorized(req, url, hostHeader)) {
        sendJson(res, 401, {
          ok: false,
          error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token: open the URL printed by "npm run web".' },
        });
        return;
      }
      if (req.method === 'POST' && url.pathname === '/api/invoke') return invoke(req, res);
      const exportMatch = /^\/api\/export\/run\/([^/]+)\.(csv|jsonl)$/.exec(url.pathname);
      if (req.method === 'GET' && exportMatch?.[1]) {
        const format = exportMatch[2] === 'jsonl' ? 'jsonl' : 'csv';
        return exportRun(safeDecode(exportMatch[1]), format, url.searchParams.get('failures') === '1', res);
      }
      const fileMatch = /^\/api\/export\/file\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && fileMatch?.[1]) return sendExportFile(safeDecode(fileMatch[1]), res);
      const bundleMatch = /^\/api\/export\/bundle\/([^/]+)\.zip$/.exec(url.pathname);
      if (req.method === 'GET' && bundleMatch?.[1]) return sendExportBundle(safeDecode(bundleMatch[1]), res);
      sendJson(res, 404, { ok: false, error: { code: 'UNKNOWN_ROUTE', message: `No API at ${url.pathname}` } });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // The first visit on the app's host name carries ?token=; from then on the session is an HttpOnly cookie, so
    // links without it work. On 127.0.0.1 (shared by every local server) no cookie is set: the tab keeps the token.
    const cookie =
      onAppHost(hostHeader) && matches(url.searchParams.get('token')) ? sessionCookie(cookieName(), session) : null;
    serveStatic(pathname, res, cookie);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const notJson = checkJsonType(req);
    if (notJson) return refuse(req, res, notJson);
    const read = await readBody(req, MAX_BODY);
    if (read.refusal) return refuse(req, res, read.refusal);
    if (jsonDepth(read.text, MAX_DEPTH) > MAX_DEPTH)
      return refuse(req, res, {
        status: 400,
        code: 'VALIDATION',
        message: `The request body was refused: it nests arrays or objects more than ${MAX_DEPTH} deep.`,
      });
    let body: unknown;
    try {
      body = JSON.parse(read.text);
    } catch (error) {
      const reason = error instanceof RangeError ? 'it is nested too deeply' : 'it is not JSON';
      sendJson(res, 400, {
        ok: false,
        error: { code: 'VALIDATION', message: `The request body was refused: ${reason}.` },
      });
      return;
    }
    const parsed = invokeBody.safeParse(body);
    if (!parsed.success) {
      sendJson(res, 400, {
        ok: false,
        error: { code: 'VALIDATION', message: 'Expected {"route": string, "input": …}' },
      });
      return;
    }
    sendJson(res, 200, await options.core.dispatch(parsed.data.route, parsed.data.input));
  }

  /** Runs the same export route as the UI (a worker thread writes <dataDir>/exports/<name>), then sends the file. */
  async function exportRun(
    runId: string,
    format: ExportFormat,
    includeFailures: boolean,
    res: ServerResponse,
  ): Promise<void> {
    const envelope = await invokeRoute(options.core.dispatch, EXPORT_ROUTE_BY_FORMAT[format], {
      runId,
      includeFailures,
    });
    if (!envelope.ok) {
      sendJson(
        res,
        envelope.error.code === 'NOT_FOUND' ? 404 : envelope.error.code === 'VALIDATION' ? 400 : 500,
        envelope,
      );
      return;
    }
    const { fileName } = envelope.value;
    if (!fileName) {
      sendJson(res, 500, { ok: false, error: { code: 'EXPORT_FAILED', message: 'The export wrote no file.' } });
      return;
    }
    sendExportFile(fileName, res);
  }

  function sendExportFile(name: string, res: ServerResponse): void {
    const type = EXPORT_MIME[extname(name)];
    const file = exportFile(exportsDir(dataDirNow()), name);
    // Only plain file names of regular export files: no separators, no dot-files, no links, nothing outside exports/.
    if (!type || !file) {
      sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No export file named ${name}` } });
      return;
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': file.size,
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    createReadStream(file.path).pipe(res);
  }

  async function sendExportBundle(name: string, res: ServerResponse): Promise<void> {
    // Bundles are of exports (a CSV or JSON Lines file), never of a manifest or a sidecar on its own.
    const entries = ['.csv', '.jsonl'].includes(extname(name)) ? exportBundle(exportsDir(dataDirNow()), name) : null;
    if (!entries) {
      sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `No export file named ${name}` } });
      return;
    }
    if (!zipFits(entries)) {
      sendJson(res, 413, {
        ok: false,
        error: {
          code: 'EXPORT_FAILED',
          message: `The export ${name} is too large for one ZIP (4 GiB): download its files one by one from /api/export/file/.`,
        },
      });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${bundleName(name)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    await writeZip(res, entries);
    res.end();
    logger.info('export bundle sent', { file: name, files: entries.length });
  }

  function serveStatic(pathname: string, res: ServerResponse, session: string | null): void {
    const relative = normalize(pathname).replace(/^([/\\])+/, '');
    let file = resolve(rendererDir, relative || 'index.html');
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) file = join(rendererDir, 'index.html');
    res.writeHead(200, {
      'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': extname(file) === '.html' ? 'no-store' : 'public, max-age=3600',
      ...(session ? { 'Set-Cookie': session } : {}),
    });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;
  const appOrigin = `http://${appHost}:${port}`;
  return {
    url: `${appOrigin}/?token=${token}`,
    origin,
    appOrigin,
    token,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A percent-decoded path segment; a malformed escape is kept as written (it then names nothing and is a 404). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}
