/** The definitions list: every imported dilemma template with its size and use, and the import entry point. */
import { useState } from 'react';
import type { ApiError } from '../api/errors';
import { EmptyState } from '../components/EmptyState';
import { ErrorBox } from '../components/ErrorBox';
import { ImportButton } from '../components/ImportButton';
import { Loading } from '../components/Loading';
import { SampleDefinitions } from '../components/SampleDefinitions';
import { usePageTitle } from '../hooks/usePageTitle';
import { formatCount, formatDateTime, plural } from '../lib/format';
import { useDefinitionList } from '../data/definitions';
import { links, useRouter } from '../stores/router';

export function DefinitionsPage(): React.JSX.Element {
  usePageTitle('Definitions');
  const list = useDefinitionList();
  const navigate = useRouter((state) => state.navigate);
  const [importError, setImportError] = useState<ApiError | null>(null);

  const definitions = list?.data ?? null;

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Definitions</h1>
          <p className="page-lede">Dilemma templates and the dimensions that vary them. Each expands into scenarios.</p>
        </div>
        <div className="actions">
          <a className="button" href={links.newDefinition()} data-testid="new-definition">
            New definition
          </a>
          <ImportButton onError={setImportError} />
        </div>
      </header>

      {importError ? (
        <ErrorBox
          error={importError}
          title="The definition could not be imported"
          onDismiss={() => setImportError(null)}
        />
      ) : null}

      {list?.error ? <ErrorBox error={list.error} title="Could not load definitions" testId="list-error" /> : null}

      {definitions === null ? (
        list?.error ? null : (
          <Loading />
        )
      ) : definitions.length === 0 ? (
        <EmptyState title="No definitions yet">
          <p>
            A <strong>definition</strong> is a moral dilemma written as a template with <code>[Placeholders]</code>,
            plus the <em>dimensions</em> that fill them (for example Stakes: low / high, Certainty: weak / strong). The
            app expands every combination of levels into a scenario, and a run sends each scenario to the models you
            pick.
          </p>
          <p data-testid="run-needs">
            A run needs at least one model to ask: either <strong>an API key</strong> for a provider such as OpenAI or
            Anthropic (enter it in <a href={links.settings()}>Settings</a>), or <strong>a local server</strong> such as
            Ollama or LM Studio running on this computer (check or change its address in{' '}
            <a href={links.settings()}>Settings → System Health</a>).
          </p>
          <p>Import a YAML or JSON file with the button above, or start from a sample that ships with the app:</p>
          <SampleDefinitions />
        </EmptyState>
      ) : (
        <table className="table table-clickable" data-testid="definitions-table">
          <thead>
            <tr>
              <th>Name</th>
              <th className="num">Scenarios</th>
              <th>Dimensions</th>
              <th className="num">Runs</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {definitions.map((definition) => (
              <tr
                key={definition.id}
                data-testid="definition-row"
                onClick={() => navigate(links.definition(definition.id))}
              >
                <td>
                  <a href={links.definition(definition.id)} onClick={(event) => event.stopPropagation()}>
                    {definition.name}
                  </a>
                </td>
                <td className="num">{formatCount(definition.scenarioCount)}</td>
                <td>
                  {definition.dimensionNames.length > 0 ? (
                    definition.dimensionNames.join(', ')
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td className="num">{formatCount(definition.runCount)}</td>
                <td title={definition.createdAt}>{formatDateTime(definition.createdAt)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5} className="muted">
                {plural(definitions.length, 'definition')}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
