/** The content of a definition as imported: preamble (system message), template, dimensions with their levels, and the answer scale. */
import type { DefinitionDetail } from '@shared/domain';

export function DefinitionOverview({ definition }: { definition: DefinitionDetail }): React.JSX.Element {
  const { content, scale } = definition;
  return (
    <section className="section" aria-labelledby="definition-content-heading">
      <h2 id="definition-content-heading">Definition</h2>
      <div className="two-columns">
        <div>
          <h3>
            Preamble <span className="muted">(system message)</span>
          </h3>
          {content.preamble.trim() ? (
            <pre className="text-block" data-testid="definition-preamble">
              {content.preamble}
            </pre>
          ) : (
            <p className="muted">No preamble: scenarios are sent without a system message.</p>
          )}
        </div>
        <div>
          <h3>Template</h3>
          <pre className="text-block" data-testid="definition-template">
            {content.template}
          </pre>
        </div>
      </div>

      <div className="two-columns">
        <div>
          <h3>Dimensions</h3>
          {content.dimensions.length === 0 ? (
            <p className="muted">No dimensions: the template is sent as a single scenario.</p>
          ) : (
            <table className="table table-compact" data-testid="dimensions-table">
              <thead>
                <tr>
                  <th>Dimension</th>
                  <th className="num">Score</th>
                  <th>Label</th>
                  <th>Options</th>
                </tr>
              </thead>
              <tbody>
                {content.dimensions.flatMap((dimension) =>
                  dimension.levels.map((level, index) => (
                    <tr key={`${dimension.name}-${level.score}-${index}`}>
                      <td>{index === 0 ? <strong>{dimension.name}</strong> : null}</td>
                      <td className="num">{level.score}</td>
                      <td>{level.label}</td>
                      <td>{level.options.join(' · ')}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>Answer scale</h3>
          <p className="muted" data-testid="scale-summary">
            Read as: {definition.scaleSummary}
          </p>
          {scale.length === 0 ? (
            <p className="muted">No scale found: decisions are recorded from explicit ratings only.</p>
          ) : (
            <table className="table table-compact" data-testid="scale-table">
              <thead>
                <tr>
                  <th className="num">Code</th>
                  <th>Label</th>
                </tr>
              </thead>
              <tbody>
                {[...scale]
                  .sort((a, b) => b.code - a.code)
                  .map((entry) => (
                    <tr key={entry.code}>
                      <td className="num">{entry.code}</td>
                      <td>
                        {entry.label === String(entry.code) ? <span className="muted">(unlabelled)</span> : entry.label}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}
