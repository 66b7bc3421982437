/** The pure, testable half of the Electron shell: window options, the CSP, and the URL guards for navigation. */

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The CSP header for the renderer's responses. The packaged/preview renderer gets the strict policy; the Vite dev
 * server (npm run dev) needs the React plugin's inline preamble and its HMR websocket, so there the policy allows
 * inline scripts and the dev server's own origin only, and nothing else.
 */
export function contentSecurityPolicy(devServerUrl: string | undefined): string {
  if (!devServerUrl) return CONTENT_SECURITY_POLICY;
  let origin: URL;
  try {
    origin = new URL(devServerUrl);
  } catch {
    return CONTENT_SECURITY_POLICY;
  }
  const ws = `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}`;
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "connect-src 'self'",
    `connect-src 'self' ${ws}`,
  );
}

export const MIN_WINDOW_WIDTH = 1024;
export const MIN_WINDOW_HEIGHT = 700;

export { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels';
/** Event name on EVENT_CHANNEL by which the menu asks the renderer to show a page, e.g. { hash: '#/settings' }. */
export const NAVIGATE_EVENT = 'app.navigate';

export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  spellcheck: boolean;
}

export function mainWindowOptions(
  preloadPath: string,
  bounds: { width: number; height: number; x?: number; y?: number } = { width: 1280, height: 860 },
): {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
} {
  return {
    ...bounds,
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    show: false,
    title: 'ValueRank Desktop',
    backgroundColor: '#f7f7f5',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: true,
    },
  };
}

/** The app may only ever show its own pages: the dev server origin in development, or its file:// bundle. */
export function isAppUrl(target: string, devServerUrl: string | undefined, rendererIndexUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  const index = new URL(rendererIndexUrl);
  return url.protocol === 'file:' && url.pathname === index.pathname;
}

/** Links that may open in the person’s browser: https: URLs only (never file:, http:, javascript: or app schemes). */
export function isExternalLinkAllowed(target: string): boolean {
  try {
    const url = new URL(target);
    return url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The run a window shows, from its URL's hash (#/runs/<id>), for "Export current run". */
export function runIdFromUrl(url: string): string | null {
  return idFromUrl(url, 'runs');
}

/** The definition the window shows (#/definitions/ID), for "New Run from Open Definition"; null elsewhere. */
export function definitionIdFromUrl(url: string): string | null {
  return idFromUrl(url, 'definitions');
}

function idFromUrl(url: string, section: 'runs' | 'definitions'): string | null {
  const hash = url.includes('#') ? url.slice(url.indexOf('#')) : '';
  const match = new RegExp(`^#/${section}/([^/?#]+)`).exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}
