/** A tiny hash router (no router dependency): the current route lives in a zustand store that follows `location.hash`. */
import { create } from 'zustand';

export type Route =
  | { name: 'definitions' }
  | { name: 'definition'; id: string }
  | { name: 'definition-new' }
  | { name: 'definition-edit'; id: string }
  | { name: 'runs' }
  | { name: 'run'; id: string }
  | { name: 'transcript'; runId: string; id: string }
  | { name: 'compare'; a: string; b: string }
  | { name: 'settings' }
  | { name: 'studies' }
  | { name: 'study'; id: string }
  | { name: 'help' }
  | { name: 'not-found'; path: string };

export const DEFAULT_HASH = '#/definitions';

export function parseHash(hash: string): Route {
  // A page's own state (the Runs filters) rides after `?` and does not change which page it is.
  const path = hash.replace(/^#/, '').split('?')[0] || '/';
  const parts = path
    .split('/')
    .filter((part) => part.length > 0)
    .map(decodeSegment);
  const [section, id, ...rest] = parts;
  if (section === 'compare' && id && rest.length === 1 && rest[0]) return { name: 'compare', a: id, b: rest[0] };
  if (section === 'runs' && id && rest.length === 2 && rest[0] === 'transcripts' && rest[1])
    return { name: 'transcript', runId: id, id: rest[1] };
  if (section === 'definitions' && id && rest.length === 1 && rest[0] === 'edit')
    return { name: 'definition-edit', id };
  if (rest.length > 0) return { name: 'not-found', path };
  if (section === 'definitions' && id === 'new') return { name: 'definition-new' };
  if (section === 'definitions') return id ? { name: 'definition', id } : { name: 'definitions' };
  if (section === 'runs') return id ? { name: 'run', id } : { name: 'runs' };
  if (section === 'settings' && !id) return { name: 'settings' };
  if (section === 'studies') return id ? { name: 'study', id } : { name: 'studies' };
  if (section === 'help' && !id) return { name: 'help' };
  return { name: 'not-found', path };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Hash links for the app's pages; ids are encoded so any id is a safe URL segment. */
export const links = {
  definitions: (): string => '#/definitions',
  definition: (id: string): string => `#/definitions/${encodeURIComponent(id)}`,
  newDefinition: (): string => '#/definitions/new',
  editDefinition: (id: string): string => `#/definitions/${encodeURIComponent(id)}/edit`,
  runs: (): string => '#/runs',
  run: (id: string): string => `#/runs/${encodeURIComponent(id)}`,
  transcript: (runId: string, id: string): string =>
    `#/runs/${encodeURIComponent(runId)}/transcripts/${encodeURIComponent(id)}`,
  studies: (): string => '#/studies',
  study: (id: string): string => `#/studies/${encodeURIComponent(id)}`,
  compare: (a: string, b: string): string => `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
  help: (): string => '#/help',
  /** Settings, landing on one provider's card when `providerId` is given. */
  settings: (providerId?: string): string =>
    providerId ? `#/settings?provider=${encodeURIComponent(providerId)}` : '#/settings',
};

/** The `?key=value` part of the current hash (a page's bookmarkable state); empty when there is none. */
export function hashQuery(): URLSearchParams {
  const hash = typeof window === 'undefined' ? '' : window.location.hash;
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** Replaces the hash's query in place (no history entry, no page change): keeps a filtered view in the address bar. */
export function replaceHashQuery(query: URLSearchParams): void {
  const hash = window.location.hash;
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  const text = query.toString();
  const next = text ? `${path}?${text}` : path;
  if (next !== hash)
    window.history.replaceState(
      window.history.state,
      '',
      `${window.location.pathname}${window.location.search}${next}`,
    );
}

/**
 * Asked before the page changes (a link, the address bar, Back, the menu): false keeps the person where they are. The
 * editor sets it while it holds unsaved changes; null when nothing needs guarding.
 */
let leaveGuard: (() => boolean) | null = null;

export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

interface RouterState {
  route: Route;
  navigate(href: string): void;
}

export const useRouter = create<RouterState>()((set) => ({
  route: parseHash(typeof window === 'undefined' ? DEFAULT_HASH : window.location.hash || DEFAULT_HASH),
  navigate(href) {
    if (window.location.hash === href) {
      set({ route: parseHash(href) });
      return;
    }
    window.location.hash = href;
  },
}));

/** Starts following the address bar; call once at start-up. Empty hashes land on the definitions page. */
export function startRouter(): () => void {
  let shown = window.location.hash;
  const sync = (): void => {
    const hash = window.location.hash;
    const leaving = parseHash(shown || DEFAULT_HASH);
    const next = parseHash(hash || DEFAULT_HASH);
    const samePage = JSON.stringify(leaving) === JSON.stringify(next);
    if (!samePage && leaveGuard && !leaveGuard()) {
      // Stay: put the address back without a new history entry (and without another hashchange).
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${window.location.search}${shown}`,
      );
      return;
    }
    if (!hash || hash === '#' || hash === '#/') {
      window.history.replaceState(
        window.history.state,
        '',
        `${window.location.pathname}${window.location.search}${DEFAULT_HASH}`,
      );
    }
    shown = window.location.hash;
    useRouter.setState({ route: parseHash(window.location.hash || DEFAULT_HASH) });
    window.scrollTo(0, 0);
  };
  sync();
  window.addEventListener('hashchange', sync);
  // Electron's menu and notifications ask for a page with an 'app.navigate' event ({ hash: '#/…' }).
  const stopMenu = window.valuerank?.on('app.navigate', (payload) => {
    const { hash, focus } = (payload ?? {}) as { hash?: unknown; focus?: unknown };
    if (typeof hash === 'string' && hash.startsWith('#/')) window.location.hash = hash;
    // "New Run from Open Definition": once the page is drawn, take the keyboard to the start form's first field.
    if (focus === 'start-run')
      window.setTimeout(() => {
        const form = document.querySelector<HTMLElement>('[data-testid="start-run"]');
        form?.scrollIntoView({ block: 'start' });
        form?.querySelector<HTMLElement>('input, select, button')?.focus();
      }, 50);
  });
  return () => {
    window.removeEventListener('hashchange', sync);
    stopMenu?.();
  };
}
