/** Which run a win-matrix cell opens: the dilemma that sets the two values against each other, else a pairwise design. */
import { describe, expect, it } from 'vitest';
import { fmt } from '../../src/renderer/src/components/analysis/palette';
import { cellHref, cellRun } from '../../src/renderer/src/components/values/WinMatrix';

const dilemma = (runId: string, high: number | null, low: number | null) => ({
  runId,
  definitionId: `d-${runId}`,
  definitionName: runId,
  high,
  low,
});

describe('win-matrix cells', () => {
  it('open the dilemma behind the pair, whichever end each value serves', () => {
    const dilemmas = [dilemma('r1', 0, 1), dilemma('r2', 2, 1)];
    expect(cellRun(dilemmas, 0, 1)).toBe('r1');
    expect(cellRun(dilemmas, 1, 0)).toBe('r1');
    expect(cellRun(dilemmas, 1, 2)).toBe('r2');
    expect(cellRun(dilemmas, 0, 2)).toBeNull();
  });

  it('fall back to a pairwise design, which holds every pair', () => {
    expect(cellRun([dilemma('r1', 0, 1), dilemma('p', null, null)], 0, 2)).toBe('p');
  });
});

describe('numbers on the value pages', () => {
  it('show a value that rounds to zero as 0.00, never -0.00', () => {
    expect(fmt(-0.001)).toBe('0.00');
    expect(fmt(-0.004, true)).toBe('0.00');
    expect(fmt(0.5, true)).toBe('+0.50');
    expect(fmt(-1.333)).toBe('-1.33');
  });
});

describe('win-matrix cell addresses', () => {
  const pairs = [{ a: 0, b: 2, runId: 'p', scenarios: ['P1_3', 'P3_1'] }];

  it('open a pairwise design on only the pair’s scenarios, both orders, whichever cell of the two', () => {
    const dilemmas = [dilemma('r1', 0, 1), dilemma('p', null, null)];
    expect(cellHref(dilemmas, pairs, 'openai:gpt', 0, 2)).toBe(
      '#/runs/p?model=openai%3Agpt&scenario=P1_3&scenario=P3_1',
    );
    expect(cellHref(dilemmas, pairs, 'openai:gpt', 2, 0)).toBe(
      '#/runs/p?model=openai%3Agpt&scenario=P1_3&scenario=P3_1',
    );
  });

  it('open a dilemma of the two values whole, and nothing where no run holds the pair', () => {
    expect(cellHref([dilemma('r1', 0, 1)], pairs, 'm', 1, 0)).toBe('#/runs/r1?model=m');
    expect(cellHref([dilemma('r1', 0, 1)], [], 'm', 1, 2)).toBeNull();
  });
});
