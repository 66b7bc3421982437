/**
 * The definition editor's form operations on the researcher's own text: each edit (name, preamble, template,
 * dimensions, levels, options, scale) changes only the part of the YAML or JSON it is about, through `yaml-splice`, so
 * comments, key order and the formatting of everything else survive every switch between the form and the text.
 */
import { parseDocument } from 'yaml';
import { appendIn, moveIn, removeIn, setIn, type DocValue } from './yaml-splice';

export { DocumentEditError } from './yaml-splice';

export interface FormLevel {
  score: number | null;
  label: string;
  options: string[];
}

export interface FormDimension {
  name: string;
  levels: FormLevel[];
}

export interface FormScaleEntry {
  code: number | null;
  label: string;
}

/** What the form shows: read leniently, so a half-written definition still fills the fields it can. */
export interface DefinitionForm {
  name: string;
  preamble: string;
  template: string;
  dimensions: FormDimension[];
  /** null when the definition has no `scale:` (the preamble's "N - label" lines are the scale then). */
  scale: FormScaleEntry[] | null;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The form's view of a text; null when the text has YAML syntax errors or is not a mapping (edit it as text). */
export function readForm(text: string): DefinitionForm | null {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return null;
  const root: unknown = doc.toJS();
  if (root !== null && root !== undefined && (typeof root !== 'object' || Array.isArray(root))) return null;
  const top = record(root);
  return {
    name: str(top.name),
    preamble: str(top.preamble),
    template: str(top.template),
    dimensions: list(top.dimensions).map((d) => ({
      name: str(record(d).name),
      levels: list(record(d).levels).map((l) => ({
        score: num(record(l).score),
        label: str(record(l).label),
        options: list(record(l).options).map(str),
      })),
    })),
    scale: Array.isArray(top.scale)
      ? top.scale.map((e) => ({ code: num(record(e).code), label: str(record(e).label) }))
      : null,
  };
}

export type TextField = 'name' | 'preamble' | 'template';

export function setField(text: string, field: TextField, value: string): string {
  // An absent preamble reads as empty: leaving it empty adds nothing.
  if (value === '' && !parseDocument(text).has(field)) return text;
  return setIn(text, [field], value);
}

const PLACEHOLDER_CHARS = /[^A-Za-z0-9_ -]/g;

/** A name no other dimension has, from `wanted`. */
function freeName(form: DefinitionForm | null, wanted: string): string {
  const taken = new Set(form?.dimensions.map((d) => d.name));
  if (!taken.has(wanted)) return wanted;
  let n = 2;
  while (taken.has(`${wanted}${n}`)) n += 1;
  return `${wanted}${n}`;
}

/** Adds a dimension with one level and, when the template lacks it, its [placeholder] at the template's end. */
export function addDimension(text: string, wanted = 'Dimension'): string {
  const form = readForm(text);
  const name = freeName(form, wanted);
  const dimension: DocValue = {
    name,
    levels: [{ score: 1, label: 'low', options: [`a ${name.toLowerCase()} option`] }],
  };
  let out = appendIn(text, ['dimensions'], dimension);
  const template = form?.template ?? '';
  if (!template.includes(`[${name}]`)) {
    const trimmed = template.replace(/\s+$/, '');
    const tail = template.slice(trimmed.length);
    out = setIn(out, ['template'], `${trimmed}${trimmed ? ' ' : ''}[${name}]${tail}`);
  }
  return out;
}

export function removeDimension(text: string, index: number): string {
  return removeIn(text, ['dimensions'], index);
}

export function moveDimension(text: string, from: number, to: number): string {
  return moveIn(text, ['dimensions'], from, to);
}

/** Renames dimension `index` and every [Old] placeholder in the template with it. */
export function renameDimension(text: string, index: number, name: string): string {
  const form = readForm(text);
  const old = form?.dimensions[index]?.name ?? '';
  let out = setIn(text, ['dimensions', index, 'name'], name);
  const clean = name.replace(PLACEHOLDER_CHARS, '');
  if (old && clean === name && form?.template.includes(`[${old}]`)) {
    out = setIn(out, ['template'], form.template.split(`[${old}]`).join(`[${name}]`));
  }
  return out;
}

/** Adds a level to dimension `dimension` with the next free score. */
export function addLevel(text: string, dimension: number, label?: string): string {
  const levels = readForm(text)?.dimensions[dimension]?.levels ?? [];
  const score = levels.reduce((max, l) => Math.max(max, l.score ?? 0), 0) + 1;
  const level: DocValue = { score, label: label ?? `level ${score}`, options: [`option ${score}`] };
  return appendIn(text, ['dimensions', dimension, 'levels'], level);
}

export function removeLevel(text: string, dimension: number, level: number): string {
  return removeIn(text, ['dimensions', dimension, 'levels'], level);
}

export function moveLevel(text: string, dimension: number, from: number, to: number): string {
  return moveIn(text, ['dimensions', dimension, 'levels'], from, to);
}

export function setLevelLabel(text: string, dimension: number, level: number, label: string): string {
  return setIn(text, ['dimensions', dimension, 'levels', level, 'label'], label);
}

export function setLevelScore(text: string, dimension: number, level: number, score: number): string {
  return setIn(text, ['dimensions', dimension, 'levels', level, 'score'], score);
}

/** Replaces one wording option; `addOption` and `removeOption` change the list. */
export function setOption(text: string, dimension: number, level: number, option: number, value: string): string {
  return setIn(text, ['dimensions', dimension, 'levels', level, 'options', option], value);
}

export function addOption(text: string, dimension: number, level: number, value: string): string {
  return appendIn(text, ['dimensions', dimension, 'levels', level, 'options'], value);
}

export function removeOption(text: string, dimension: number, level: number, option: number): string {
  return removeIn(text, ['dimensions', dimension, 'levels', level, 'options'], option);
}

/** Sets the answer scale (`scale:` entries, code and label). */
export function setScaleEntry(text: string, index: number, entry: { code: number; label: string }): string {
  const current = readForm(text)?.scale?.[index];
  let out = text;
  if (current?.code !== entry.code) out = setIn(out, ['scale', index, 'code'], entry.code);
  if (current?.label !== entry.label) out = setIn(out, ['scale', index, 'label'], entry.label);
  return out;
}

export function addScaleEntry(text: string, entry: { code: number; label: string }): string {
  return appendIn(text, ['scale'], entry);
}

export function removeScaleEntry(text: string, index: number): string {
  return removeIn(text, ['scale'], index);
}

/** A blank definition to start from: every field present so the form has a place for each. */
export const BLANK_DEFINITION = `# A new definition. The form and this text edit the same document.
name: New definition
preamble: |
  Give your moral judgment. Pick one answer on the scale and end your reply with "Rating: N".
  5 - Strongly agree
  4 - Somewhat agree
  3 - Neutral or torn
  2 - Somewhat disagree
  1 - Strongly disagree
template: |
  Describe the situation here.
dimensions: []
`;
