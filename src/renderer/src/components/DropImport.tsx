/**
 * Drop a `.yaml`/`.yml`/`.json` file anywhere on the window to import it (browser mode and Electron alike): the same
 * import as the Import button, then the definition opens. Anything else dropped is ignored, never opened as a page.
 */
import { useEffect, useState } from 'react';
import { ApiError, toApiError } from '../api/errors';
import { useImportDefinition } from '../data/definitions';
import { links, useRouter } from '../stores/router';
import { invalidUtf8Message } from '@shared/utf8';
import { ErrorBox } from './ErrorBox';

const DEFINITION_FILE = /\.(ya?ml|json)$/i;
const MAX_BYTES = 5_000_000;

export function DropImport(): React.JSX.Element | null {
  const { importFile } = useImportDefinition();
  const navigate = useRouter((state) => state.navigate);
  const [over, setOver] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const hasFiles = (event: DragEvent): boolean => Boolean(event.dataTransfer?.types.includes('Files'));
    const onDragOver = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(true);
    };
    const onDragLeave = (event: DragEvent): void => {
      if (event.relatedTarget === null) setOver(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setOver(false);
      const file = [...(event.dataTransfer?.files ?? [])].find((f) => DEFINITION_FILE.test(f.name));
      if (!file) {
        setError(new ApiError('VALIDATION', 'Drop a .yaml, .yml or .json definition file to import it.'));
        return;
      }
      void (async () => {
        setError(null);
        try {
          if (file.size > MAX_BYTES) throw new ApiError('VALIDATION', `${file.name} is larger than 5 MB.`);
          const bytes = new Uint8Array(await file.arrayBuffer());
          const notText = invalidUtf8Message(bytes, file.name);
          if (notText) throw new ApiError('VALIDATION', notText);
          const definition = await importFile(file.name, new TextDecoder('utf-8').decode(bytes));
          navigate(links.definition(definition.id));
        } catch (thrown) {
          setError(toApiError(thrown));
        }
      })();
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [importFile, navigate]);

  if (!over && !error) return null;
  return (
    <>
      {over ? (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          Drop a definition file to import it
        </div>
      ) : null}
      {error ? (
        <ErrorBox
          error={error}
          title="The dropped file was not imported"
          testId="drop-error"
          onDismiss={() => setError(null)}
        />
      ) : null}
    </>
  );
}
