/**
 * Help (the Help menu, F1 or `?`): keyboard shortcuts, where this app keeps its data, the definition format, the CSV
 * columns and what each analysis number means — the documents shipped inside the app.
 */
import { Markdown } from '../components/Markdown';
import { isDesktop } from '../data/export';
import { useDataPaths } from '../data/help';
import { usePageTitle } from '../hooks/usePageTitle';
import { HELP_DOCUMENTS } from '../lib/help-docs';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Keys that work everywhere, then the desktop app's menu accelerators. */
const SHORTCUTS: { keys: string; what: string; desktop?: boolean }[] = [
  { keys: '?', what: 'Open this Help page (not while typing in a field)' },
  { keys: 'Enter or Space', what: 'Open the focused row: a transcript, a scenario, a model' },
  { keys: 'Escape', what: 'Close the open transcript or dialog; the keyboard goes back where it was' },
  { keys: 'Tab / Shift+Tab', what: 'Move between controls; every action can be reached without a mouse' },
  { keys: 'F1', what: 'Help', desktop: true },
  { keys: `${MOD}+O`, what: 'Import a definition', desktop: true },
  { keys: `${MOD}+N`, what: 'New run from the open definition', desktop: true },
  { keys: `${MOD}+E`, what: 'Export the current run', desktop: true },
  { keys: `${MOD}+,`, what: 'Settings', desktop: true },
  { keys: `${MOD}+1 / ${MOD}+2`, what: 'Definitions / Runs', desktop: true },
];

function DataFolder(): React.JSX.Element {
  const paths = useDataPaths();
  if (!paths.data) return <p className="muted">{paths.error ? paths.error.message : 'Loading…'}</p>;
  return (
    <dl className="help-paths" data-testid="help-paths">
      <dt>Data folder</dt>
      <dd className="mono">{paths.data.dataDir}</dd>
      <dt>Database</dt>
      <dd className="mono">{paths.data.database}</dd>
      <dt>Exports {isDesktop ? '(when not saved elsewhere)' : '(browser mode writes here, then downloads)'}</dt>
      <dd className="mono">{paths.data.exports}</dd>
    </dl>
  );
}

export function HelpPage(): React.JSX.Element {
  usePageTitle('Help');
  return (
    <div className="page help-page" data-testid="help-page">
      <header className="page-header">
        <div>
          <h1>Help</h1>
          <p className="page-lede">How to use ValueRank, what it stores where, and what its numbers mean.</p>
        </div>
      </header>
      <nav className="help-contents" aria-label="Help contents">
        <a href="#/help" onClick={(event) => jump(event, 'shortcuts')}>
          Keyboard shortcuts
        </a>
        <a href="#/help" onClick={(event) => jump(event, 'where')}>
          Where your data is
        </a>
        {HELP_DOCUMENTS.map((doc) => (
          <a key={doc.id} href="#/help" onClick={(event) => jump(event, doc.id)}>
            {doc.title}
          </a>
        ))}
      </nav>
      <section className="section" id="help-shortcuts" aria-labelledby="help-shortcuts-heading">
        <h2 id="help-shortcuts-heading">Keyboard shortcuts</h2>
        <table className="table" data-testid="help-shortcuts">
          <tbody>
            {SHORTCUTS.filter((s) => isDesktop || !s.desktop).map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {isDesktop ? null : (
          <p className="muted small">
            In the desktop app, its menus add shortcuts for import, new run, export and more.
          </p>
        )}
      </section>
      <section className="section" id="help-where" aria-labelledby="help-where-heading">
        <h2 id="help-where-heading">Where your data is</h2>
        <DataFolder />
      </section>
      {HELP_DOCUMENTS.map((doc) => (
        <section
          key={doc.id}
          className="section"
          id={`help-${doc.id}`}
          aria-labelledby={`help-${doc.id}-heading`}
          data-testid={`help-${doc.id}`}
        >
          <h2 id={`help-${doc.id}-heading`}>{doc.title}</h2>
          <Markdown text={doc.markdown} headingOffset={1} />
        </section>
      ))}
    </div>
  );
}

/** In-page jumps: the hash is the router's, so a section is scrolled to and focused instead of linked. */
function jump(event: React.MouseEvent, id: string): void {
  event.preventDefault();
  const target = document.getElementById(`help-${id}`);
  target?.scrollIntoView({ block: 'start' });
  target?.querySelector('h2')?.setAttribute('tabindex', '-1');
  target?.querySelector('h2')?.focus();
}
