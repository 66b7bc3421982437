/** Completion in the text view comes from the definition's JSON Schema, at the nesting the cursor is in. */
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { keyPathAt, schemaCompletion } from '../../src/renderer/src/components/editor/schema-help';

function complete(text: string): string[] {
  const pos = text.indexOf('|');
  const state = EditorState.create({ doc: text.replace('|', '') });
  const result = schemaCompletion(new CompletionContext(state, pos, true));
  return (result?.options ?? []).map((o) => o.label).sort();
}

describe('schema completion', () => {
  it('reads the key path from indentation', () => {
    const lines = ['name: x', 'dimensions:', '  - name: A', '    levels:', '      - score: 1', '        la'];
    expect(keyPathAt(lines, 6, 8)).toEqual(['dimensions', 'levels']);
    expect(keyPathAt(lines, 3, 4)).toEqual(['dimensions']);
    expect(keyPathAt(lines, 2, 0)).toEqual([]);
  });

  it('offers the keys of the level, the dimension and the top, with their descriptions', () => {
    expect(complete('dimensions:\n  - name: A\n    levels:\n      - score: 1\n        la|')).toEqual([
      'label',
      'options',
      'score',
    ]);
    expect(complete('dimensions:\n  - na|')).toEqual(['levels', 'name']);
    expect(complete('te|')).toEqual([
      'counterbalance',
      'dimensions',
      'name',
      'pairwise',
      'preamble',
      'scale',
      'seed',
      'template',
      'values',
    ]);
    // Not inside a value.
    expect(complete('name: te|')).toEqual([]);
  });
});
