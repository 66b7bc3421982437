/**
 * A small JSON Schema (2020-12) checker for the keywords the definition schema uses, so a test can hold the published
 * schema against the importer without a new package. A keyword it does not know fails the check loudly: the schema can
 * never gain a rule this checker silently ignores.
 */
type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default']);
const CHECKED = new Set([
  'type',
  'properties',
  'required',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'additionalProperties',
  'enum',
]);

function typeOk(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      throw new Error(`unknown JSON Schema type ${String(type)}`);
  }
}

/** The paths and reasons where `value` breaks `schema` (empty: valid). */
export function jsonSchemaErrors(schema: Schema, value: unknown, path = ''): string[] {
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !CHECKED.has(key)) throw new Error(`the checker does not know keyword ${key}`);
  }
  const here = path || '(root)';
  if (schema.type !== undefined && !typeOk(schema.type, value)) return [`${here}: not ${String(schema.type)}`];
  const errors: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${here}: not one of the allowed values`);
  if (typeof value === 'string') {
    // Lengths in code points, as JSON Schema counts them.
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) errors.push(`${here}: too short`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) errors.push(`${here}: too long`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${here}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${here}: below minimum`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${here}: above maximum`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${here}: too few items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${here}: too many items`);
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => errors.push(...jsonSchemaErrors(schema.items as Schema, item, `${path}[${i}]`)));
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in record)) errors.push(`${path ? `${path}.` : ''}${key}: required`);
    }
    for (const [key, item] of Object.entries(record)) {
      const child = `${path ? `${path}.` : ''}${key}`;
      if (properties[key]) errors.push(...jsonSchemaErrors(properties[key], item, child));
      else if (schema.additionalProperties === false) errors.push(`${child}: not allowed`);
    }
  }
  return errors;
}
