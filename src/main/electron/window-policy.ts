/** The pure, testable half of the Electron shell: window options, the CSP, and the URL guards for navigation. */

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const INVOKE_CHANNEL = 'valuerank:invoke';
export const EVENT_CHANNEL = 'valuerank:event';

export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  spellcheck: boolean;
}

export function mainWindowOptions(preloadPath: string): {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
} {
  return {
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
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
