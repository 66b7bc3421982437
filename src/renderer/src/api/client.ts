/**
 * The renderer's single typed door to the core: picks the Electron bridge or browser-mode HTTP once at start-up, turns
 * envelopes into values or ApiErrors, and passes main's events on. Only the data layer (`stores/resource.ts`,
 * `data/`) uses it: pages and components read and write through the hooks.
 */
import type { Bridge, Events, RouteInput, RouteName, RouteOutput } from '@shared/ipc';
import { ApiError } from './errors';
import { captureToken } from './token';
import { electronTransport, httpTransport, type Transport } from './transport';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload through contextBridge. */
    valuerank?: Bridge;
  }
}

export type ConnectionState = 'ok' | 'unreachable' | 'unauthorized';
type ConnectionListener = (state: ConnectionState, error: ApiError | null) => void;

export interface ApiClient {
  readonly mode: Transport['kind'];
  call<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K>>;
  /** Where browser mode downloads a file the core saved into its exports folder (signed in by this tab's token). */
  fileUrl(fileName: string): string;
  /** Where browser mode downloads that file with its manifest and sidecars, as one ZIP. */
  bundleUrl(fileName: string): string;
  onConnectionChange(listener: ConnectionListener): () => void;
  /** Subscribes to a push event from main; a no-op in browser mode. Payloads are checked before use. */
  /** The renderer listens to run progress only; Settings changes are answered by the save itself. */
  onEvent(event: 'run.progress', listener: (payload: Events['run.progress']) => void): () => void;
}

function isRunProgress(payload: unknown): payload is Events['run.progress'] {
  return typeof payload === 'object' && payload !== null && typeof (payload as { runId?: unknown }).runId === 'string';
}

export function createApiClient(transport: Transport, token: string | null = null): ApiClient {
  const listeners = new Set<ConnectionListener>();

  function report(error: ApiError | null): void {
    const state: ConnectionState = error?.network
      ? 'unreachable'
      : error?.code === 'UNAUTHORIZED'
        ? 'unauthorized'
        : 'ok';
    for (const listener of listeners) listener(state, error);
  }

  function unwrap<T>(envelope: Awaited<ReturnType<Transport['invoke']>>): T {
    if (envelope.ok) {
      report(null);
      return envelope.value as T;
    }
    const network =
      typeof envelope.error.details === 'object' &&
      envelope.error.details !== null &&
      (envelope.error.details as { network?: unknown }).network === true;
    const error = new ApiError(envelope.error.code, envelope.error.message, {
      details: network ? undefined : envelope.error.details,
      network,
    });
    report(error);
    throw error;
  }

  function withToken(path: string): string {
    return token ? `${path}?token=${encodeURIComponent(token)}` : path;
  }

  return {
    mode: transport.kind,
    async call<K extends RouteName>(route: K, input: RouteInput<K>): Promise<RouteOutput<K>> {
      return unwrap<RouteOutput<K>>(await transport.invoke(route, input));
    },
    fileUrl(fileName: string): string {
      return withToken(`/api/export/file/${encodeURIComponent(fileName)}`);
    },
    bundleUrl(fileName: string): string {
      return withToken(`/api/export/bundle/${encodeURIComponent(fileName)}.zip`);
    },
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onEvent(event, listener) {
      return transport.on(event, (payload) => {
        if (event === 'run.progress' && isRunProgress(payload)) listener(payload);
      });
    },
  };
}

function chooseClient(): ApiClient {
  const bridge = window.valuerank;
  if (bridge) return createApiClient(electronTransport(bridge));
  const token = captureToken();
  return createApiClient(httpTransport(token), token);
}

export const api: ApiClient = chooseClient();
