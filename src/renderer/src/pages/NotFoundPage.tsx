/** What an unknown address shows: say so and offer the way back. */
import { usePageTitle } from '../hooks/usePageTitle';
import { links } from '../stores/router';

export function NotFoundPage({ path }: { path: string }): React.JSX.Element {
  usePageTitle('Page not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. Go to <a href={links.definitions()}>Definitions</a> or{' '}
        <a href={links.runs()}>Runs</a>.
      </p>
    </div>
  );
}
