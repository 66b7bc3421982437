/** The app root: the layout around whichever page the hash route names. */
import { DropImport } from './components/DropImport';
import { Layout } from './components/Layout';
import { ComparePage } from './pages/ComparePage';
import { DefinitionDetailPage } from './pages/DefinitionDetailPage';
import { DefinitionEditorPage } from './pages/DefinitionEditorPage';
import { DefinitionsPage } from './pages/DefinitionsPage';
import { HelpPage } from './pages/HelpPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RunDetailPage } from './pages/RunDetailPage';
import { RunsPage } from './pages/RunsPage';
import { SettingsPage } from './pages/SettingsPage';
import { StudiesPage } from './pages/StudiesPage';
import { StudyPage } from './pages/StudyPage';
import { TranscriptPage } from './pages/TranscriptPage';
import { useRouter, type Route } from './stores/router';

function Page({ route }: { route: Route }): React.JSX.Element {
  switch (route.name) {
    case 'definitions':
      return <DefinitionsPage />;
    case 'definition':
      return <DefinitionDetailPage key={route.id} id={route.id} />;
    case 'definition-new':
      return <DefinitionEditorPage key="new" id={null} />;
    case 'definition-edit':
      return <DefinitionEditorPage key={route.id} id={route.id} />;
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
    case 'studies':
      return <StudiesPage />;
    case 'study':
      return <StudyPage key={route.id} id={route.id} />;
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
      <DropImport />
      <Page route={route} />
    </Layout>
  );
}
