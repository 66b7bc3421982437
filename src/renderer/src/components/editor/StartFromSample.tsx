/**
 * "Start from a sample" on a new definition: the sample is imported as it ships (or found, if it already was) and its
 * exact text becomes the new draft; saving makes a new definition of its own.
 */
import { useEffect, useRef, useState } from 'react';
import { useImportDefinition } from '../../data/definitions';
import { useDefinitionSource } from '../../data/definition-editor';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { ErrorBox } from '../ErrorBox';

export function StartFromSample({ onText }: { onText(text: string): void }): React.JSX.Element | null {
  const samples = useRoute('definitions.samples', {});
  const { importSample } = useImportDefinition();
  const action = useAction();
  const [sampleId, setSampleId] = useState<string | null>(null);
  const source = useDefinitionSource(sampleId);
  const applied = useRef<string | null>(null);
  const sampleText = source.data?.id === sampleId ? source.data.text : null;
  useEffect(() => {
    // Once per chosen sample: its text replaces the draft.
    if (sampleText === null || applied.current === sampleId) return;
    applied.current = sampleId;
    onText(sampleText);
  }, [sampleText, sampleId, onText]);

  if (!samples.data || samples.data.length === 0) return null;
  return (
    <p className="actions" data-testid="start-from-sample">
      <span className="muted">Start from:</span>
      {samples.data.map((sample) => (
        <button
          key={sample.name}
          type="button"
          className="button"
          disabled={action.busy}
          data-testid="start-sample"
          onClick={() =>
            void action.run(async () => {
              setSampleId((await importSample(sample.name)).id);
            })
          }
        >
          {sample.name}
        </button>
      ))}
      {action.error ? <ErrorBox error={action.error} title="The sample could not be opened" /> : null}
    </p>
  );
}
