/**
 * A categorical answer read as forced choices between values: choosing option X is a win for X's value over every
 * other value at stake among the options (one comparison per distinct value); comparisons between the options not
 * chosen are not observed. Under the choice model P(X | options) ∝ exp(u_X), a comparison of X's and Y's values, given
 * that one of them was chosen, follows Bradley–Terry exactly (independence of irrelevant alternatives), so the broken
 * choices fit the same utilities; the answers of one scenario move together in the bootstrap, which accounts for the
 * comparisons one answer yields sharing it.
 */
import type { PairedChoice } from './bradley-terry';

/**
 * `options`: the value each option serves, in the order shown (null: it serves none); `chosen`: the option picked.
 * A pair is written in the order its values were first shown, so a fixed option order never identifies a position term.
 */
export function categoricalChoices(
  options: readonly (number | null)[],
  chosen: number,
  cluster: string,
  count = 1,
): PairedChoice[] {
  const winner = options[chosen];
  if (winner === null || winner === undefined) return [];
  const firstShown = new Map<number, number>();
  options.forEach((value, i) => {
    if (value !== null && !firstShown.has(value)) firstShown.set(value, i);
  });
  const choices: PairedChoice[] = [];
  for (const [value, at] of firstShown) {
    if (value === winner) continue;
    const winnerFirst = firstShown.get(winner)! < at;
    choices.push({
      cluster,
      first: winnerFirst ? winner : value,
      second: winnerFirst ? value : winner,
      firstShare: winnerFirst ? 1 : 0,
      count,
    });
  }
  return choices;
}
