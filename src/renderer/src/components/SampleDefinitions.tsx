/** First contact: the sample definitions shipped with the app, imported in one click, and where the format is described. */
import { useAction } from '../hooks/useAction';
import { useRoute } from '../hooks/useRoute';
import { useImportDefinition } from '../data/definitions';
import { links, useRouter } from '../stores/router';
import { ErrorBox } from './ErrorBox';

/** "council-housing.yaml" → "council housing" */
function sampleTitle(name: string): string {
  return name.replace(/\.(ya?ml|json)$/i, '').replace(/[-_]+/g, ' ');
}

export function SampleDefinitions(): React.JSX.Element {
  const samples = useRoute('definitions.samples', {});
  const { importSample } = useImportDefinition();
  const navigate = useRouter((state) => state.navigate);
  const action = useAction();

  async function tryIt(name: string): Promise<void> {
    const definition = await action.run(() => importSample(name));
    if (definition) navigate(links.definition(definition.id));
  }

  return (
    <div className="samples" data-testid="samples">
      {samples.data && samples.data.length > 0 ? (
        <div className="actions">
          {samples.data.map((sample) => (
            <button
              key={sample.name}
              type="button"
              className="button button-primary"
              disabled={action.busy}
              data-testid="try-sample"
              onClick={() => void tryIt(sample.name)}
            >
              Try a sample: {sampleTitle(sample.name)}
            </button>
          ))}
        </div>
      ) : samples.data ? (
        <p className="muted">No samples were shipped with this copy of the app.</p>
      ) : null}
      {samples.error ? <ErrorBox error={samples.error} title="Could not list the samples" /> : null}
      {action.error ? <ErrorBox error={action.error} title="The sample could not be imported" /> : null}
      <details className="format-help" data-testid="format-help">
        <summary>What does a definition file look like?</summary>
        <pre className="mono small">{FORMAT_EXAMPLE}</pre>
        <p className="muted small">
          The full description is <code>docs/definition-format.md</code> in the app’s folder (the README’s “Definitions”
          section links it).
        </p>
      </details>
    </div>
  );
}

const FORMAT_EXAMPLE = `name: Council housing dilemma
preamble: |            # optional system message
  End your reply with "Rating: N" (1-5).
template: |            # [Name] is filled from a dimension
  If it goes ahead, the stakes are [Stakes].
dimensions:
  - name: Stakes
    levels:
      - { score: 1, label: low,  options: ['a small inconvenience'] }
      - { score: 2, label: high, options: ['people losing their homes'] }`;
