/**
 * The answer scale presented in reverse (counterbalance `order`): every code keeps its place and number, but its label
 * is the label of the code mirrored across the scale (1 ↔ 5 on 1–5, by position on an explicit scale), in the
 * "N - label" lines of the preamble and the prompt and in the scale the worker reads. A reply read on the presented
 * scale is mapped back to the canonical code (`canonicalCode`) before it is stored as the decision.
 */
import type { DefinitionContent, ScaleEntry } from './definition-content';
import { MINUS_CHARS, parseCode, understandScale } from './scale';

export type OrderVariant = 'canonical' | 'reversed';

const LINE = new RegExp(`^(\\s*)([${MINUS_CHARS}]?\\d+)(\\s*[-–—:.)]\\s+)(\\S.*?)(\\s*)$`);

export interface ReversedScale {
  /** The canonical scale, lowest code first. */
  canonical: ScaleEntry[];
  /** What the model is shown: the same codes with mirrored labels. */
  presented: ScaleEntry[];
  /** The code mirrored across the scale (its own inverse); a code not on the scale is returned as it is. */
  mirror(code: number): number;
  /** Text with every "N - label" line of a scale code relabelled with its mirror's label. */
  reverseText(text: string): string;
}

export function reversedScale(content: DefinitionContent): ReversedScale {
  const canonical = understandScale(content).scale;
  const index = new Map(canonical.map((entry, i) => [entry.code, i]));
  const labelOf = new Map(canonical.map((entry) => [entry.code, entry.label]));
  const mirror = (code: number): number => {
    const i = index.get(code);
    return i === undefined ? code : (canonical[canonical.length - 1 - i]?.code ?? code);
  };
  const presented = canonical.map((entry) => ({ code: entry.code, label: labelOf.get(mirror(entry.code)) ?? '' }));
  const reverseText = (text: string): string =>
    text
      .split('\n')
      .map((line) => {
        const m = LINE.exec(line);
        if (!m?.[2]) return line;
        const code = parseCode(m[2]);
        if (!index.has(code)) return line;
        return `${m[1] ?? ''}${m[2]}${m[3] ?? ''}${labelOf.get(mirror(code)) ?? ''}${m[5] ?? ''}`;
      })
      .join('\n');
  return { canonical, presented, mirror, reverseText };
}

/** A decision read on the reversed scale, as the canonical scale codes it (the mirrored code with its label). */
export function canonicalDecision<T extends { score: number | null; decision: string; parsePath: string }>(
  reversal: ReversedScale,
  read: T,
): { score: number | null; decision: string; parsePath: string } {
  if (read.score === null) return { score: null, decision: read.decision, parsePath: read.parsePath };
  const code = reversal.mirror(read.score);
  const label = reversal.canonical.find((e) => e.code === code)?.label ?? read.decision;
  return { score: code, decision: label, parsePath: read.parsePath };
}

/** Why the scale cannot be shown reversed (no codes, or labels that have no mirrored partner), or null when it can. */
export function reversalProblem(content: DefinitionContent): string | null {
  const understood = understandScale(content);
  if (understood.scale.length < 2) return 'reversing the order needs an answer scale with at least two codes';
  const shown = `${content.preamble}\n${content.template}`.split('\n').some((line) => LINE.test(line));
  if (!shown) return 'reversing the order needs the scale written as "N - label" lines in the preamble or template';
  const { mirror } = reversedScale(content);
  const labelled = new Set(understood.labelled);
  const lonely = understood.labelled.filter((code) => !labelled.has(mirror(code)));
  if (lonely.length > 0)
    return `reversing the order needs labels at mirrored codes: ${lonely.join(', ')} ${lonely.length === 1 ? 'has' : 'have'} no labelled partner`;
  return null;
}
