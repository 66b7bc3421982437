/**
 * Pairwise value designs (issue 25): from a list of values (each with the statement a prompt shows), forced-choice
 * scenarios "A or B?" for every pair, or for a seeded design in which each value meets `degree` others, always in both
 * orders so position bias can be measured and separated from the values. The template shows the two sides as [A] and
 * [B]; scenario ids are `P<i>_<j>` (1-based positions in the list, first shown first).
 */
import { createHash } from 'node:crypto';
import type { DefinitionContent, DimensionValue } from '../../../shared/domain';
import type { PairwiseDesign } from '../../../shared/definition-content';

export const PAIRWISE_SIDES = ['A', 'B'] as const;

/** A small seeded generator (sha256 in counter mode), so a design never depends on the platform. */
function seededInts(seed: number): () => number {
  let counter = 0;
  let buffer = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 4 > buffer.length) {
      buffer = createHash('sha256').update(`${seed}\u0000${counter}`).digest();
      counter += 1;
      at = 0;
    }
    const value = buffer.readUInt32BE(at);
    at += 4;
    return value;
  };
}

const designs = new WeakMap<PairwiseDesign, [number, number][]>();

/** The unordered pairs (i < j) the design asks, in a stable order (computed once per design object). */
export function designPairs(design: PairwiseDesign): [number, number][] {
  let pairs = designs.get(design);
  if (!pairs) {
    pairs = computePairs(design);
    designs.set(design, pairs);
  }
  return pairs;
}

function computePairs(design: PairwiseDesign): [number, number][] {
  const n = design.values.length;
  const all: [number, number][] = [];
  for (let i = 0; i < n; i += 1) for (let j = i + 1; j < n; j += 1) all.push([i, j]);
  if (design.degree === undefined || design.degree >= n - 1) return all;
  const next = seededInts(design.seed ?? 0);
  const shuffle = <T>(items: T[]): T[] => {
    for (let k = items.length - 1; k > 0; k -= 1) {
      const m = next() % (k + 1);
      [items[k], items[m]] = [items[m]!, items[k]!];
    }
    return items;
  };
  const degree = new Array<number>(n).fill(0);
  const chosen = new Set<number>();
  const take = (a: number, b: number): void => {
    const [i, j] = a < b ? [a, b] : [b, a];
    if (chosen.has(i * n + j)) return;
    chosen.add(i * n + j);
    degree[i]! += 1;
    degree[j]! += 1;
  };
  // A ring through a random order keeps every value connected to every other (the ranking needs one component).
  const order = shuffle(Array.from({ length: n }, (_, i) => i));
  for (let k = 0; k < n; k += 1) take(order[k]!, order[(k + 1) % n]!);
  for (const [i, j] of shuffle(all.slice())) if (degree[i]! < design.degree && degree[j]! < design.degree) take(i, j);
  return all.filter(([i, j]) => chosen.has(i * n + j));
}

export function pairwiseScenarioCount(design: PairwiseDesign): number {
  return 2 * designPairs(design).length;
}

export interface PairwiseScenario {
  id: string;
  ordinal: number;
  name: string;
  dimensions: Record<string, DimensionValue>;
  prompt: string;
}

/** The scenario at `ordinal`: pair ⌊ordinal / 2⌋ of the design, its lower-listed value first at even ordinals. */
export function pairwiseScenarioAt(
  content: DefinitionContent,
  design: PairwiseDesign,
  ordinal: number,
): PairwiseScenario {
  const [i, j] = designPairs(design)[Math.floor(ordinal / 2)]!;
  const [first, second] = ordinal % 2 === 0 ? [i, j] : [j, i];
  const side = (index: number): DimensionValue => ({
    score: index + 1,
    label: design.values[index]!.name,
    option: design.values[index]!.statement,
  });
  const dimensions = { A: side(first), B: side(second) };
  const prompt = content.template.replace(/\[A\]/g, dimensions.A.option).replace(/\[B\]/g, dimensions.B.option).trim();
  return {
    id: `P${first + 1}_${second + 1}`,
    ordinal,
    name: `A: ${dimensions.A.label}, B: ${dimensions.B.label}`,
    dimensions,
    prompt,
  };
}
