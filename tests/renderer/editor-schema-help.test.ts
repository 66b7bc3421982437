/** Completion in the text view comes from the definition's JSON Schema, at the nesting the cursor is in. */
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { describe, expect, it } from 'vitest';
import { keyPathAt, schemaCompletion, schemaHover } from '../../src/renderer/src/components/editor/schema-help';

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

describe('schema hover', () => {
  function hover(text: string): string | null {
    const pos = text.indexOf('|');
    const doc = text.replace('|', '');
    const view = new EditorView({ state: EditorState.create({ doc }) });
    try {
      const tooltip = schemaHover(view, pos);
      if (!tooltip) return null;
      const rendered = tooltip.create(view);
      return `${doc.slice(tooltip.pos, tooltip.end ?? tooltip.pos)}=${rendered.dom.textContent ?? ''}`;
    } finally {
      view.destroy();
    }
  }

  it('describes the key under the pointer, quoted or not, and nothing elsewhere', () => {
    const template = hover('name: x\ntem|plate: |\n  Hello');
    expect(template).toMatch(/^template=template: \S/);
    expect(hover('{"sc|ale": null}')).toMatch(/^"scale"=scale: \S/);
    // A value, an unknown key and an empty line say nothing.
    expect(hover('name: he|llo')).toBeNull();
    expect(hover('unkn|own_key: 1')).toBeNull();
    expect(hover('name: x\n|\n')).toBeNull();
  });
});
