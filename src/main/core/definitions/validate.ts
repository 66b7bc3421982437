/**
 * One reading of a definition draft for every door (import, create, save, the editor's validate, the CLI): syntax,
 * schema and the definition's own rules (placeholders, scores, scale, size), each problem at its line and column.
 */
import type { DefinitionContent } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import type { DefinitionFormat, DefinitionValidation } from '../../../shared/ipc';
import { understandScale } from '../../../shared/scale';
import { checkDefinition, scenarioCount } from './expand';
import { invalidDefinition, loadDefinitionReader, type DefinitionIssue, type DefinitionReading } from './parse';

/** `dimensions[0].levels` → ['dimensions', 0, 'levels']. */
export function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])));
}

function placeRule(reading: DefinitionReading, issue: DefinitionIssue): DefinitionIssue {
  const placeholder = /^placeholder \[([^\]]+)\]/.exec(issue.message)?.[1];
  const place =
    (placeholder !== undefined ? reading.locatePlaceholder(placeholder) : null) ??
    reading.locate(pathSegments(issue.path));
  return place ? { ...issue, ...place } : issue;
}

/** Validates a draft: never throws for a bad draft (only for a broken machine); the file name only sets the format. */
export async function validateDraft(
  text: string,
  options: { fileName?: string; format?: DefinitionFormat } = {},
): Promise<DefinitionValidation> {
  const read = await loadDefinitionReader();
  let reading: DefinitionReading;
  try {
    reading = read(options.fileName ?? 'draft', text, options.format);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const issues = (error.details as { issues?: DefinitionIssue[] } | undefined)?.issues;
    const errors = issues ?? [{ path: '', line: null, column: null, message: error.message }];
    return { ok: false, errors, warnings: [], scaleSummary: null, scenarioCount: null };
  }
  const content = reading.content;
  if (!content) return { ok: false, errors: reading.problems, warnings: [], scaleSummary: null, scenarioCount: null };
  const { issues, warnings } = checkDefinition(content);
  const errors = issues.map((issue) => placeRule(reading, issue));
  return {
    ok: errors.length === 0,
    ...(errors.length === 0 ? { content } : {}),
    errors,
    warnings,
    scaleSummary: understandScale(content).summary,
    scenarioCount: scenarioCount(content),
  };
}

/** The draft's content, or DEFINITION_INVALID naming every problem at its line (DEFINITION_TOO_COMPLEX as read). */
export async function readValidDraft(
  fileName: string,
  text: string,
  format?: DefinitionFormat,
): Promise<DefinitionContent> {
  const read = await loadDefinitionReader();
  const reading = read(fileName, text, format);
  if (!reading.content) throw invalidDefinition(fileName, reading.problems);
  const issues = checkDefinition(reading.content).issues.map((issue) => placeRule(reading, issue));
  if (issues.length > 0) throw invalidDefinition(fileName, issues);
  return reading.content;
}
