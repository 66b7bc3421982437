/** A definition's decision scale, read the same way by the definition checks, the run store and the scheduler. */
import type { DefinitionContent, ScaleEntry } from './domain';

/** The decision scale: explicit `scale`, else "N - label" lines in the preamble, highest code first. */
export function resolveScale(content: DefinitionContent): ScaleEntry[] {
  if (content.scale && content.scale.length > 0) return content.scale;
  const entries: ScaleEntry[] = [];
  for (const line of content.preamble.split(/\r?\n/)) {
    const match = /^\s*(-?\d+)\s*[-–—:.)]\s+(\S.*?)\s*$/.exec(line);
    if (match?.[1] && match[2]) entries.push({ code: Number(match[1]), label: match[2] });
  }
  return entries;
}
