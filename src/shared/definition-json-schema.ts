/**
 * The JSON Schema of a definition file, generated from `definitionContentSchema` (the importer's schema: one source).
 * It describes the file as written (zod's input side: fields with defaults are optional). Editors use it for
 * completion and hover (CodeMirror in the app, yaml-language-server in VS Code through the `$schema` line an export
 * starts with); docs/definition.schema.json is this object, checked by a test so it never drifts.
 */
import { z } from 'zod';
import { definitionContentSchema } from './definition-content';

/** Where the published schema lives (the `# yaml-language-server: $schema=` line of an exported file points here). */
export const DEFINITION_SCHEMA_URL =
  'https://raw.githubusercontent.com/valuerank/valuerank-desktop/main/docs/definition.schema.json';

export const DEFINITION_SCHEMA_FILE = 'docs/definition.schema.json';

export type JsonSchema = Record<string, unknown>;

let cached: JsonSchema | null = null;

/** The JSON Schema (draft 2020-12) of a definition file; built once. */
export function definitionJsonSchema(): JsonSchema {
  cached ??= {
    ...(z.toJSONSchema(definitionContentSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchema),
    $id: DEFINITION_SCHEMA_URL,
    title: 'ValueRank definition',
    description:
      'A dilemma study: a template with [placeholders], dimensions whose levels fill them, and the answer scale.',
  };
  return cached;
}

/** The first line of an exported YAML definition, so yaml-language-server (VS Code) validates and completes it. */
export function yamlSchemaComment(url: string = DEFINITION_SCHEMA_URL): string {
  return `# yaml-language-server: $schema=${url}`;
}
