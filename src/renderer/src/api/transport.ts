/**
 * The two ways the renderer reaches the core — the Electron preload bridge or browser mode's loopback HTTP — behind one
 * interface of two verbs: invoke a route (always yielding an envelope) and listen to main's events.
 */
import type { Bridge } from '@shared/ipc';
import type { Envelope, ErrorCode } from '@shared/errors';
import { isErrorCode } from './errors';

export interface Transport {
  readonly kind: 'electron' | 'browser';
  invoke(route: string, input: unknown): Promise<Envelope<unknown>>;
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
    on() {
      return () => undefined;
    },
  };
  return transport;
}
