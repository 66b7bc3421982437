/**
 * Counterbalancing as factors of the design: which wording variant of every level a scenario uses, and whether its
 * answer scale is presented reversed. Each scenario of the expansion is one dimension combination (its "base") in one
 * wording and one order; everything is computed from the ordinal alone, so a 100,000-scenario count needs no expansion.
 *
 * Ordinals run base-major: ordinal = (base × wordings + wording) × orders + order, the canonical order first.
 */
import { createHash } from 'node:crypto';
import type { DefinitionContent } from '../../../shared/domain';
import type { DefinitionIssue } from './parse';
import { reversalProblem, type OrderVariant } from '../../../shared/scale-order';

export interface Design {
  /** Dimension combinations. */
  bases: number;
  /** Wording variants: the most options any level has (1 when wording is picked). */
  wordings: number;
  wording: 'pick' | 'rotate' | 'cross';
  order: 'none' | 'half' | 'crossed';
  /** Scenarios: bases × (wordings when crossed) × (2 when the order is crossed). */
  total: number;
}

export interface Variant {
  base: number;
  /** 0-based wording variant; null when the wording is picked from the seed (the definition format's default). */
  wording: number | null;
  order: OrderVariant | null;
  /** Appended to the base's id: `_w2` for a crossed wording, `_rev` for the reversed twin of a crossed order. */
  idSuffix: string;
}

export function designOf(content: DefinitionContent): Design {
  const bases = content.dimensions.reduce((n, d) => n * d.levels.length, 1);
  const wording = content.counterbalance?.wording ?? 'pick';
  const order = content.counterbalance?.order ?? 'none';
  const most = Math.max(1, ...content.dimensions.flatMap((d) => d.levels.map((l) => l.options.length)));
  const wordings = wording === 'pick' ? 1 : most;
  const total = bases * (wording === 'cross' ? wordings : 1) * (order === 'crossed' ? 2 : 1);
  return { bases, wordings, wording, order, total };
}

/**
 * Whether base scenario `base` is reversed under `half`: bases are paired (0 with 1, 2 with 3, …) and the seed picks
 * which of each pair is reversed, so exactly half are (an odd last one is decided by the seed alone).
 */
export function reversedInHalf(seed: number, base: number): boolean {
  const digest = createHash('sha256')
    .update(`${seed}\u0000order\u0000${Math.floor(base / 2)}`)
    .digest();
  return base % 2 === (digest[0]! & 1);
}

export function variantAt(design: Design, seed: number, ordinal: number): Variant {
  const orders = design.order === 'crossed' ? 2 : 1;
  const wordings = design.wording === 'cross' ? design.wordings : 1;
  const o = ordinal % orders;
  const w = Math.floor(ordinal / orders) % wordings;
  const base = Math.floor(ordinal / orders / wordings);
  const wording = design.wording === 'cross' ? w : design.wording === 'rotate' ? base % design.wordings : null;
  const order: OrderVariant | null =
    design.order === 'none'
      ? null
      : design.order === 'crossed'
        ? o === 0
          ? 'canonical'
          : 'reversed'
        : reversedInHalf(seed, base)
          ? 'reversed'
          : 'canonical';
  const idSuffix =
    (design.wording === 'cross' ? `_w${w + 1}` : '') + (design.order === 'crossed' && o === 1 ? '_rev' : '');
  return { base, wording, order, idSuffix };
}

/** "6 combinations × 2 wordings × 2 orders" — what multiplies the count (the editor's preview); null without any. */
export function designSummary(content: DefinitionContent): string | null {
  if (!content.counterbalance || content.pairwise) return null;
  const d = designOf(content);
  if (d.wording === 'pick' && d.order === 'none') return null;
  const parts = [`${d.bases} combination${d.bases === 1 ? '' : 's'}`];
  if (d.wording === 'cross') parts.push(`${d.wordings} wording${d.wordings === 1 ? '' : 's'}`);
  if (d.order === 'crossed') parts.push('2 orders');
  const notes = [
    ...(d.wording === 'rotate' ? [`${d.wordings} wordings rotated`] : []),
    ...(d.order === 'half' ? ['scale reversed in half'] : []),
  ];
  return `${parts.join(' × ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}

/** Counterbalancing a definition cannot have: with a pairwise design (already in both orders), or an unreversible scale. */
export function counterbalanceIssues(content: DefinitionContent): DefinitionIssue[] {
  const cb = content.counterbalance;
  if (!cb) return [];
  const issue = (path: string, message: string): DefinitionIssue => ({ path, line: null, column: null, message });
  if (content.pairwise && (cb.wording !== 'pick' || cb.order !== 'none'))
    return [issue('counterbalance', 'a pairwise design is already asked in both orders: remove `counterbalance`')];
  if (cb.order === 'none') return [];
  const problem = reversalProblem(content);
  return problem ? [issue('counterbalance.order', problem)] : [];
}
