/** The app root: the layout around whichever page the hash route names. */
import { Layout } from './components/Layout';
import { ComparePage } from './pages/ComparePage';
import { DefinitionDetailPage } from './pages/DefinitionDetailPage';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { HelpPage } from './pages/HelpPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RunDetailPage } from './pages/RunDetailPage';
import { RunsPage } from './pages/RunsPage';
import { SettingsPage } from './pages/SettingsPage';
import { TranscriptPage } from './pages/TranscriptPage';
import { useRouter, type Route } from './stores/router';

function Page({ route }: { route: Route }): React.JSX.Element {
  switch (route.name) {
    case 'definitions':
      return <DefinitionsPage />;
    case 'definition':
      return <DefinitionDetailPage key={route.id} id={route.id} />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunDetailPage key={route.id} id={route.id} />;
    case 'transcript':
      return <TranscriptPage key={route.id} runId={route.runId} id={route.id} />;
    case 'compare':
      return <ComparePage key={`${route.a}|${route.b}`} runA={route.a} runB={route.b} />;
    case 'settings':
      return <SettingsPage />;
    case 'help':
      return <HelpPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

export function App(): React.JSX.Element {
  const route = useRouter((state) => state.route);
  return (
    <Layout>
      <Page route={route} />
    </Layout>
  );
}
