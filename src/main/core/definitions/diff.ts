/** The difference between two definition versions: their texts line by line, and their expansions scenario by scenario. */
import type { DefinitionContent } from '../../../shared/domain';
import {
  DIFF_CHANGE_LIMIT,
  type DiffLine,
  type ScenarioDiff,
  type ScenarioWordingChange,
} from '../../../shared/ipc/definitions';
import { expandScenarios } from './expand';

/** Above this many cells the middle of a diff is shown as removed then added (no alignment) to bound the work. */
const MAX_DIFF_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified line diff (longest common subsequence over the lines between the common head and tail). */
export function diffLines(fromText: string, toText: string): DiffLine[] {
  const a = splitLines(fromText);
  const b = splitLines(toText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i += 1) out.push({ kind: ' ', text: a[i]!, fromLine: i + 1, toLine: i + 1 });
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  for (const line of middle(midA, midB)) {
    out.push({
      kind: line.kind,
      text: line.text,
      fromLine: line.i === null ? null : head + line.i + 1,
      toLine: line.j === null ? null : head + line.j + 1,
    });
  }
  for (let k = tail; k > 0; k -= 1) {
    out.push({ kind: ' ', text: a[a.length - k]!, fromLine: a.length - k + 1, toLine: b.length - k + 1 });
  }
  return out;
}

type Step = { kind: DiffLine['kind']; text: string; i: number | null; j: number | null };

function middle(a: string[], b: string[]): Step[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_DIFF_CELLS || n === 0 || m === 0) {
    return [
      ...a.map((text, i): Step => ({ kind: '-', text, i, j: null })),
      ...b.map((text, j): Step => ({ kind: '+', text, i: null, j })),
    ];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)]! + 1 : Math.max(lcs[at(i + 1, j)]!, lcs[at(i, j + 1)]!);
    }
  }
  const steps: Step[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      steps.push({ kind: ' ', text: a[i]!, i, j });
      i += 1;
      j += 1;
    } else if (j < m && (i === n || lcs[at(i, j + 1)]! >= lcs[at(i + 1, j)]!)) {
      steps.push({ kind: '+', text: b[j]!, i: null, j });
      j += 1;
    } else {
      steps.push({ kind: '-', text: a[i]!, i, j: null });
      i += 1;
    }
  }
  // Removed lines before added ones within each changed stretch, as unified diffs show them.
  return reorderHunks(steps);
}

function reorderHunks(steps: Step[]): Step[] {
  const out: Step[] = [];
  let removed: Step[] = [];
  let added: Step[] = [];
  const flush = (): void => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const step of steps) {
    if (step.kind === '-') removed.push(step);
    else if (step.kind === '+') added.push(step);
    else {
      flush();
      out.push(step);
    }
  }
  flush();
  return out;
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Scenarios are matched by id (their dimension levels): in both with the same prompt, runs of the two versions can be
 * compared on them; in both with another prompt, the wording changed; in one only, added or removed.
 */
export function diffScenarios(
  from: DefinitionContent,
  to: DefinitionContent,
  labels: { from: string; to: string },
): ScenarioDiff {
  const before = new Map<string, { name: string; prompt: string }>();
  for (const s of expandScenarios(from)) before.set(s.id, { name: s.name, prompt: s.prompt });
  const added: string[] = [];
  const changed: ScenarioWordingChange[] = [];
  let changedCount = 0;
  let comparable = 0;
  for (const s of expandScenarios(to)) {
    const old = before.get(s.id);
    if (!old) added.push(s.id);
    else if (old.prompt === s.prompt) comparable += 1;
    else {
      changedCount += 1;
      if (changed.length < DIFF_CHANGE_LIMIT)
        changed.push({ scenarioId: s.id, name: s.name, before: old.prompt, after: s.prompt });
    }
    before.delete(s.id);
  }
  const removed = [...before.keys()];
  const parts: string[] = [];
  if (changedCount > 0) parts.push(`${plural(changedCount, 'scenario changes', 'scenarios change')} wording`);
  if (added.length > 0) parts.push(`${plural(added.length, 'scenario is', 'scenarios are')} new`);
  if (removed.length > 0) parts.push(`${plural(removed.length, 'scenario is', 'scenarios are')} gone`);
  const between = `runs of ${labels.from} and ${labels.to}`;
  const summary =
    parts.length === 0
      ? `No scenario changes: ${between} are comparable on all ${plural(comparable, 'scenario', 'scenarios')}.`
      : comparable === 0
        ? `${parts.join('; ')}; ${between} have no scenario in common.`
        : `${parts.join('; ')}; ${between} are comparable on the other ${comparable.toLocaleString('en-US')}.`;
  return { added, removed, changed, changedCount, comparable, summary };
}
