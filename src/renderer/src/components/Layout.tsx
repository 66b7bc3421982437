/** The app's frame: the title and left navigation, a connection banner when the core is unreachable, and the page. */
import type { ReactNode } from 'react';
import { isDesktop } from '../data/export';
import { useConnection } from '../stores/connection';
import { useHelpKey } from '../hooks/useHelpKey';
import { links, useRouter, type Route } from '../stores/router';

const NAV: { label: string; href: string; matches: Route['name'][] }[] = [
  {
    label: 'Definitions',
    href: links.definitions(),
    matches: ['definitions', 'definition', 'definition-new', 'definition-edit'],
  },
  { label: 'Runs', href: links.runs(), matches: ['runs', 'run', 'transcript', 'compare'] },
  { label: 'Studies', href: links.studies(), matches: ['studies', 'study'] },
  { label: 'Settings', href: links.settings(), matches: ['settings'] },
  { label: 'Help', href: links.help(), matches: ['help'] },
];

export function Layout({ children }: { children: ReactNode }): React.JSX.Element {
  const route = useRouter((state) => state.route);
  useHelpKey();
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <a className="brand" href={links.definitions()}>
          <span className="brand-mark" aria-hidden="true">
            VR
          </span>
          <span className="brand-name">ValueRank</span>
        </a>
        <ul className="nav-list">
          {NAV.map((item) => {
            const active = item.matches.includes(route.name);
            return (
              <li key={item.href}>
                <a
                  className={`nav-link ${active ? 'active' : ''}`}
                  href={item.href}
                  aria-current={active ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-footer">{isDesktop ? 'Desktop' : 'Browser mode · local only'}</div>
      </nav>
      <main className="content">
        <ConnectionBanner />
        {children}
      </main>
    </div>
  );
}

function ConnectionBanner(): React.JSX.Element | null {
  const { state, message } = useConnection();
  if (state === 'ok') return null;
  return (
    <div className={`connection-banner connection-${state}`} role="alert" data-testid="connection-banner">
      <strong>{state === 'unauthorized' ? 'Not authorised.' : 'The ValueRank core is unreachable.'}</strong>{' '}
      <span>{message ? message.replace(/([^.])$/, '$1.') : null}</span>
      {state === 'unreachable' ? (
        <span> Data on screen may be out of date; retrying automatically where pages poll.</span>
      ) : null}
    </div>
  );
}
