/** A definition's header actions: Edit (opens the editor), Duplicate (a new definition from this text) and Archive. */
import { type ApiError, toApiError } from '../api/errors';
import { useArchiveDefinition, useDuplicateDefinition } from '../data/definition-editor';
import { links, useRouter } from '../stores/router';
import { ErrorBox } from './ErrorBox';
import { useState } from 'react';

export function DefinitionActions({ definitionId }: { definitionId: string }): React.JSX.Element {
  const duplicate = useDuplicateDefinition().mutate;
  const archive = useArchiveDefinition().mutate;
  const navigate = useRouter((state) => state.navigate);
  const [error, setError] = useState<ApiError | null>(null);

  async function act(action: () => Promise<string>): Promise<void> {
    setError(null);
    try {
      navigate(await action());
    } catch (thrown) {
      setError(toApiError(thrown));
    }
  }

  return (
    <div className="actions" data-testid="definition-actions">
      <a className="button button-primary" href={links.editDefinition(definitionId)} data-testid="definition-edit">
        Edit
      </a>
      <button
        type="button"
        className="button"
        data-testid="definition-duplicate"
        onClick={() => void act(async () => links.definition((await duplicate({ id: definitionId })).definition.id))}
      >
        Duplicate
      </button>
      <button
        type="button"
        className="button"
        data-testid="definition-archive"
        title="Hidden from the list; its runs are kept and still open"
        onClick={() =>
          void act(async () => {
            await archive({ id: definitionId, archived: true });
            return links.definitions();
          })
        }
      >
        Archive
      </button>
      {error ? <ErrorBox error={error} title="Not done" onDismiss={() => setError(null)} /> : null}
    </div>
  );
}
