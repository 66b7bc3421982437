/** Browser mode's access token: read once from the address the server printed, kept for this tab only, and removed from the address bar so it is not shared by copy-paste or history. */

const STORAGE_KEY = 'valuerank.token';

/** Reads `?token=` from the current URL (if present), stores it in sessionStorage and strips it from the address bar. */
export function captureToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      window.sessionStorage.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // sessionStorage can be disabled; the token then lives only in memory for this page.
    }
    url.searchParams.delete('token');
    const search = url.searchParams.toString();
    window.history.replaceState(window.history.state, '', `${url.pathname}${search ? `?${search}` : ''}${url.hash}`);
    return fromUrl;
  }
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
