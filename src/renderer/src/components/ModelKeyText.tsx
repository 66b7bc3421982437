/**
 * Model keys (`provider:model@version`) that wrap only after their separators, never mid-word: a narrow column breaks
 * `openrouter:meta-llama/llama-3.1-405b@2024-07-23` at `:`, `/` and `@`, not inside "llama".
 */
import { Fragment } from 'react';

/** The key cut after each `:`, `/`, `@` and `,` (where a line may break). */
export function keySegments(key: string): string[] {
  return key.split(/(?<=[:/@,])/);
}

export function ModelKeyText({ value }: { value: string }): React.JSX.Element {
  return (
    <>
      {keySegments(value).map((segment, index) => (
        <Fragment key={index}>
          {index > 0 ? <wbr /> : null}
          {segment}
        </Fragment>
      ))}
    </>
  );
}

/** Several keys, comma-separated, each breakable at its separators. */
export function ModelKeys({ keys }: { keys: readonly string[] }): React.JSX.Element {
  return (
    <>
      {keys.map((key, index) => (
        <Fragment key={`${index}:${key}`}>
          {index > 0 ? ', ' : null}
          <ModelKeyText value={key} />
        </Fragment>
      ))}
    </>
  );
}
