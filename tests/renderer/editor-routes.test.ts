/** The editor's addresses: new and edit pages parse from their links (any id), and nothing else is taken for them. */
import { describe, expect, it } from 'vitest';
import { links, parseHash } from '../../src/renderer/src/stores/router';

describe('editor routes', () => {
  it('parses the new and edit links, ids encoded', () => {
    expect(parseHash(links.newDefinition())).toEqual({ name: 'definition-new' });
    expect(parseHash(links.editDefinition('def_a b/c'))).toEqual({ name: 'definition-edit', id: 'def_a b/c' });
    expect(parseHash('#/definitions/def_1/edit?x=1')).toEqual({ name: 'definition-edit', id: 'def_1' });
  });

  it('keeps other definition addresses as they were', () => {
    expect(parseHash('#/definitions/def_1')).toEqual({ name: 'definition', id: 'def_1' });
    expect(parseHash('#/definitions')).toEqual({ name: 'definitions' });
    expect(parseHash('#/definitions/def_1/other')).toEqual({ name: 'not-found', path: '/definitions/def_1/other' });
    expect(parseHash('#/definitions/new/edit')).toEqual({ name: 'definition-edit', id: 'new' });
  });
});
