/** The two ways the renderer reaches the core — the Electron preload bridge or browser mode's loopback HTTP — behind one interface that always yields an envelope. */
import { EXPORT_ROUTE_BY_FORMAT, type Bridge, type ExportResult } from '@shared/ipc';
import { EXPORT_DRAG_ROUTE, type ExportFormat } from '@shared/export';
import type { Envelope, ErrorCode } from '@shared/errors';
import { isErrorCode } from './errors';

export type ExportOutcome =
  { kind: 'saved-by-core'; result: ExportResult } | { kind: 'download-started'; url: string; result: ExportResult };

export interface ExportOptions {
  format?: ExportFormat;
  includeFailures?: boolean;
  /** CSV without the spreadsheet formula guard. */
  raw?: boolean;
}

export interface Transport {
  readonly kind: 'electron' | 'browser';
  invoke(route: string, input: unknown): Promise<Envelope<unknown>>;
  /** Export a run (CSV by default): a native Save-As dialog in Electron, a browser download otherwise. */
  exportCsv(runId: string, options?: ExportOptions): Promise<ExportOutcome | Envelope<never>>;
  /** Starts dragging a saved export out of the window (Electron only; a no-op in the browser). */
  startDrag(path: string): Promise<void>;
  /** Push events from main (Electron only); browser mode has none and relies on polling. */
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function failure(code: ErrorCode, message: string, details?: unknown): Envelope<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}

/** Checks the shape of whatever came back, so a broken or foreign response cannot masquerade as data. */
export function asEnvelope(value: unknown): Envelope<unknown> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const record = value as Record<string, unknown>;
    if (record.ok === true && 'value' in record) return { ok: true, value: record.value };
    if (record.ok === false && typeof record.error === 'object' && record.error !== null) {
      const error = record.error as Record<string, unknown>;
      const message =
        typeof error.message === 'string' ? error.message : 'The core reported an error without a message.';
      return failure(isErrorCode(error.code) ? error.code : 'INTERNAL', message, error.details);
    }
  }
  return failure('INTERNAL', 'The core sent a response this app does not understand.');
}

export const NETWORK_DETAIL = { network: true } as const;

export function electronTransport(bridge: Bridge): Transport {
  async function invoke(route: string, input: unknown): Promise<Envelope<unknown>> {
    try {
      return asEnvelope(await bridge.invoke(route, input));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return failure('INTERNAL', `Cannot reach the ValueRank core (${reason})`, NETWORK_DETAIL);
    }
  }
  return {
    kind: 'electron',
    invoke,
    async exportCsv(runId, options = {}) {
      const envelope = await invoke(EXPORT_ROUTE_BY_FORMAT[options.format ?? 'csv'], {
        runId,
        includeFailures: options.includeFailures ?? false,
        raw: options.raw ?? false,
      });
      if (!envelope.ok) return envelope;
      return { kind: 'saved-by-core', result: envelope.value as ExportResult };
    },
    async startDrag(path) {
      // Main starts the OS drag (webContents.startDrag) for a file it saved itself; anything else is refused there.
      await invoke(EXPORT_DRAG_ROUTE, { path });
    },
    on(event, listener) {
      try {
        return bridge.on(event, listener);
      } catch {
        return () => undefined;
      }
    },
  };
}

const NO_TOKEN_MESSAGE =
  'This browser is not signed in. Open the full address printed by `npm run web` (it ends with ?token=…) once.';
const BAD_TOKEN_MESSAGE =
  'The access token was rejected. The core may have restarted with a new token: open the address it printed again.';

export function httpTransport(token: string | null): Transport {
  const transport: Transport = {
    kind: 'browser',
    async invoke(route, input) {
      // Without a token in this tab (a deep link, a bookmark) the session cookie of an earlier visit signs us in.
      let response: Response;
      try {
        response = await fetch('/api/invoke', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ route, input }),
          cache: 'no-store',
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return failure('INTERNAL', `Cannot reach the ValueRank core (${reason})`, NETWORK_DETAIL);
      }
      if (response.status === 401) return failure('UNAUTHORIZED', token ? BAD_TOKEN_MESSAGE : NO_TOKEN_MESSAGE);
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure('INTERNAL', `The core answered HTTP ${response.status} without a readable body.`);
      }
      return asEnvelope(body);
    },
    async exportCsv(runId, options = {}) {
      // The core writes the file (and its manifest) into <dataDir>/exports through the same route as Electron, so
      // progress can be polled meanwhile; then the browser downloads the finished file.
      const envelope = await transport.invoke(EXPORT_ROUTE_BY_FORMAT[options.format ?? 'csv'], {
        runId,
        includeFailures: options.includeFailures ?? false,
        raw: options.raw ?? false,
      });
      if (!envelope.ok) return envelope;
      const result = envelope.value as ExportResult;
      if (!result.fileName) return failure('EXPORT_FAILED', 'The export was written but has no file name to download.');
      const path = `/api/export/file/${encodeURIComponent(result.fileName)}`;
      const anchor = document.createElement('a');
      anchor.href = token ? `${path}?token=${encodeURIComponent(token)}` : path;
      anchor.download = result.fileName;
      anchor.rel = 'noopener';
      anchor.style.display = 'none';
      document.body.appendChild(anchor);
      anchor.click();
      anchor.remove();
      return { kind: 'download-started', url: path, result };
    },
    async startDrag() {
      // Browsers cannot drag a file out of the page onto the desktop; the UI hides the affordance here.
    },
    on() {
      return () => undefined;
    },
  };
  return transport;
}
