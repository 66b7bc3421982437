/**
 * The text view: CodeMirror 6 with YAML highlighting, the draft's problems as lint at their line and column,
 * completion and hover from the definition's JSON Schema, and [Placeholders] marked. The text lives in the page's
 * state; this component mirrors it both ways (typing reports it, a form edit or a restored draft replaces it).
 */
import { useEffect, useRef } from 'react';
import { autocompletion, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Text } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  MatchDecorator,
  ViewPlugin,
  hoverTooltip,
  keymap,
  lineNumbers,
  highlightActiveLine,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import type { DefinitionProblem } from '@shared/ipc';
import { schemaCompletion, schemaHover } from './schema-help';

const placeholderMatcher = new MatchDecorator({
  regexp: /\[[A-Za-z][A-Za-z0-9_ -]*\]/g,
  decoration: Decoration.mark({ class: 'cm-placeholder-token' }),
});

const placeholders = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = placeholderMatcher.createDeco(view);
    }
    update(update: ViewUpdate): void {
      this.decorations = placeholderMatcher.updateDeco(update, this.decorations);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** A problem's place in the document: its line and column when known, else the whole first line. */
export function diagnosticOf(doc: Text, problem: DefinitionProblem, severity: Diagnostic['severity']): Diagnostic {
  const lineNumber = Math.min(Math.max(problem.line ?? 1, 1), doc.lines);
  const line = doc.line(lineNumber);
  const from = problem.column ? Math.min(line.from + problem.column - 1, line.to) : line.from;
  const to = from < line.to ? line.to : Math.min(from + 1, doc.length);
  const where = problem.path ? `${problem.path}: ` : '';
  return { from, to: Math.max(to, from), severity, message: `${where}${problem.message}` };
}

interface CodeEditorProps {
  value: string;
  onChange(text: string): void;
  problems: DefinitionProblem[];
  /** Accessible name of the editing surface. */
  label: string;
}

export function CodeEditor({ value, onChange, problems, label }: CodeEditorProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  const latest = useRef(value);
  useEffect(() => {
    changed.current = onChange;
    latest.current = value;
  });

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: latest.current,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          history(),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          yaml(),
          syntaxHighlighting(defaultHighlightStyle),
          lintGutter(),
          autocompletion({ override: [schemaCompletion] }),
          hoverTooltip(schemaHover),
          placeholders,
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'definition-text' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Made once per label; later values arrive through the effect below.
  }, [label]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    editor.dispatch(
      setDiagnostics(
        editor.state,
        problems.map((p) => diagnosticOf(doc, p, 'error')),
      ),
    );
  }, [problems, value]);

  return <div ref={host} className="code-editor" />;
}
