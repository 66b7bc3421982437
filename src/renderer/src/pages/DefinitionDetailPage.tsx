/** One definition: what it contains, the scenarios it expands into (each prompt exactly as sent), and where to start a run. */
import { DefinitionActions } from '../components/DefinitionActions';
import { DefinitionOverview } from '../components/DefinitionOverview';
import { DefinitionRuns } from '../components/DefinitionRuns';
import { ErrorBox } from '../components/ErrorBox';
import { Loading } from '../components/Loading';
import { Notice } from '../components/Notice';
import { ScenarioTable } from '../components/ScenarioTable';
import { StartRunForm } from '../components/StartRunForm';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { useDefinition, useScenarios } from '../data/definitions';
import { useNotices } from '../stores/notices';
import { links } from '../stores/router';

export function DefinitionDetailPage({ id }: { id: string }): React.JSX.Element {
  const entry = useDefinition(id);
  const scenarios = useScenarios(id);
  const lastImport = useNotices((state) => state.lastImport);
  const dismissImportNotice = useNotices((state) => state.dismissImport);
  usePageTitle(entry?.data?.name ?? 'Definition');

  const definition = entry?.data ?? null;
  if (!definition) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <a href={links.definitions()}>Definitions</a>
        </p>
        {entry?.error ? <ErrorBox error={entry.error} title="Could not load this definition" /> : <Loading lines={4} />}
      </div>
    );
  }

  const dimensionNames = definition.content.dimensions.map((dimension) => dimension.name);
  const scenarioItems = scenarios?.data?.items ?? null;

  return (
    <div className="page">
      <p className="breadcrumb">
        <a href={links.definitions()}>Definitions</a> / <span>{definition.name}</span>
      </p>
      <header className="page-header">
        <div>
          <h1 data-testid="definition-name">{definition.name}</h1>
          <p className="page-lede">
            {plural(definition.scenarioCount, 'scenario')} · {plural(dimensionNames.length, 'dimension')} ·{' '}
            <button
              type="button"
              className="button-link"
              data-testid="definition-run-count"
              onClick={() => document.getElementById('definition-runs-heading')?.scrollIntoView()}
            >
              {plural(definition.runCount, 'run')}
            </button>{' '}
            · imported {formatDateTime(definition.createdAt)} ·{' '}
            <span className="mono" title={`content hash ${definition.contentHash}`}>
              {definition.contentHash.slice(0, 12)}
            </span>
          </p>
        </div>
        <DefinitionActions definitionId={definition.id} />
      </header>

      {lastImport?.definitionId === id ? (
        <Notice
          tone={lastImport.alreadyImported ? 'info' : 'success'}
          onDismiss={dismissImportNotice}
          testId="import-notice"
        >
          {lastImport.alreadyImported
            ? `${lastImport.fileName} has the same content as this definition, which was already imported.`
            : `Imported ${lastImport.fileName}.`}
        </Notice>
      ) : null}

      {entry?.error ? <ErrorBox error={entry.error} title="Could not refresh this definition" /> : null}

      {definition.warnings.length > 0 ? (
        <Notice tone="warning" testId="definition-warnings">
          <strong>Check before running:</strong>
          <ul className="plain-list">
            {definition.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <StartRunForm definitionId={definition.id} scenarioCount={definition.scenarioCount} />

      <DefinitionRuns definitionId={definition.id} />

      <DefinitionOverview definition={definition} />

      <section className="section" aria-labelledby="scenarios-heading">
        <h2 id="scenarios-heading">
          Scenarios <span className="muted">({formatCount(definition.scenarioCount)})</span>
        </h2>
        <p className="muted">Click a scenario to see the prompt exactly as it is sent.</p>
        {scenarios?.error ? (
          <ErrorBox error={scenarios.error} title="Could not load scenarios" testId="scenarios-error" />
        ) : null}
        {scenarioItems === null ? (
          scenarios?.error ? null : (
            <Loading />
          )
        ) : (
          <>
            <ScenarioTable
              scenarios={scenarioItems}
              dimensionNames={dimensionNames}
              preamble={definition.content.preamble}
            />
            {scenarios?.data?.hasMore ? (
              <div className="actions">
                <span className="muted">
                  Showing {scenarioItems.length.toLocaleString()} of {definition.scenarioCount.toLocaleString()}.
                </span>
                <button
                  type="button"
                  className="button"
                  disabled={scenarios.loading}
                  onClick={() => void scenarios.loadMore()}
                >
                  {scenarios.loading ? 'Loading…' : 'Load more'}
                </button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
