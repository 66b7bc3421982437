/** "Import definition": picks a YAML/JSON file, sends its text to the core, and opens the imported definition or reports why it was refused. */
import { useRef, useState } from 'react';
import { ApiError, toApiError } from '../api/errors';
import { useImportDefinition } from '../data/definitions';
import { links, useRouter } from '../stores/router';
import { invalidUtf8Message } from '@shared/utf8';

const MAX_BYTES = 5_000_000;

interface ImportButtonProps {
  /** Called with the refusal (its message names the line and field), or null when a new attempt starts. */
  onError(error: ApiError | null): void;
}

export function ImportButton({ onError }: ImportButtonProps): React.JSX.Element {
  const { importFile } = useImportDefinition();
  const navigate = useRouter((state) => state.navigate);
  const inputRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);

  async function onFileChosen(file: File): Promise<void> {
    onError(null);
    if (file.size > MAX_BYTES) {
      onError(
        toApiError(new Error(`${file.name} is ${Math.round(file.size / 1e6)} MB; definitions are limited to 5 MB.`)),
      );
      return;
    }
    setBusy(true);
    try {
      // Decoded whole and strictly: bytes that are not UTF-8 are refused with their place, never turned into U+FFFD.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const notText = invalidUtf8Message(bytes, file.name);
      if (notText) throw new ApiError('VALIDATION', notText);
      const text = new TextDecoder('utf-8').decode(bytes);
      const definition = await importFile(file.name, text);
      navigate(links.definition(definition.id));
    } catch (thrown) {
      onError(toApiError(thrown));
    } finally {
      setBusy(false);
      if (inputRef.current) inputRef.current.value = '';
    }
  }

  return (
    <label className={`button button-primary file-button ${busy ? 'disabled' : ''}`}>
      <input
        ref={inputRef}
        className="visually-hidden"
        type="file"
        accept=".yaml,.yml,.json"
        data-testid="import-file"
        disabled={busy}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void onFileChosen(file);
        }}
      />
      {busy ? 'Importing…' : 'Import definition'}
    </label>
  );
}
