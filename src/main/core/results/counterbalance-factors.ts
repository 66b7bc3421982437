/**
 * Counterbalancing as factors of the analyses: a definition that rotates or crosses its wording, or reverses its scale
 * in half or every scenario, gains a `wording` factor (w1, w2, … scored 1, 2, …) and an `order` factor (canonical 0,
 * reversed 1) beside its dimensions, so the effects and summary code reports wording sensitivity and position bias as
 * it reports any dimension, from each scenario's stored labels. Estimators are untouched: these are data, not methods.
 */
import type { DefinitionContent, DimensionValue } from '../../../shared/domain';
import type { DimensionLevels } from '../analysis/effects';
import { designOf } from '../definitions/counterbalance';

export interface CounterbalanceFactors {
  levels: DimensionLevels[];
  /** Each factor's export column (`wording` or `order`) and the code of each of its labels, for the scripts. */
  columns: { name: string; column: string; codes: Record<string, number> }[];
  /** The factor values of a scenario from its stored labels (old rows, null, read as canonical / w1). */
  valuesOf(wording: string | null, scaleOrder: string | null): Record<string, DimensionValue>;
}

function freeName(name: string, taken: ReadonlySet<string>): string {
  let out = name;
  while (taken.has(out)) out = `_${out}`;
  return out;
}

export function counterbalanceFactors(content: DefinitionContent | null): CounterbalanceFactors {
  if (!content || content.pairwise || !content.counterbalance) return { levels: [], columns: [], valuesOf: () => ({}) };
  const design = designOf(content);
  const taken = new Set(content.dimensions.map((d) => d.name));
  const levels: DimensionLevels[] = [];
  const wordingName = design.wording !== 'pick' && design.wordings > 1 ? freeName('wording', taken) : null;
  const orderName = design.order !== 'none' ? freeName('order', taken) : null;
  if (wordingName)
    levels.push({
      name: wordingName,
      levels: Array.from({ length: design.wordings }, (_, k) => ({ score: k + 1, label: `w${k + 1}` })),
    });
  if (orderName)
    levels.push({
      name: orderName,
      levels: [
        { score: 0, label: 'canonical' },
        { score: 1, label: 'reversed' },
      ],
    });
  const columnOf = (name: string): string => (name === wordingName ? 'wording' : 'order');
  return {
    levels,
    columns: levels.map((factor) => ({
      name: factor.name,
      column: columnOf(factor.name),
      codes: Object.fromEntries(factor.levels.map((level) => [level.label, level.score])),
    })),
    valuesOf(wording, scaleOrder) {
      const out: Record<string, DimensionValue> = {};
      if (wordingName) {
        const k = Number(/^w(\d+)$/.exec(wording ?? '')?.[1] ?? 1);
        out[wordingName] = { score: k, label: `w${k}`, option: '' };
      }
      if (orderName) {
        const reversed = scaleOrder === 'reversed';
        out[orderName] = { score: reversed ? 1 : 0, label: reversed ? 'reversed' : 'canonical', option: '' };
      }
      return out;
    },
  };
}
