/** The Help page's Markdown reader: blocks, inline parts, HTML dropped, sections of a document, and the shipped docs. */
import { describe, expect, it } from 'vitest';
import { HELP_DOCUMENTS } from '../../src/renderer/src/lib/help-docs';
import { markdownSection, parseInline, parseMarkdown } from '../../src/renderer/src/lib/markdown';

describe('the Markdown reader', () => {
  it('reads headings, paragraphs, lists with continuation lines, tables and code blocks', () => {
    const blocks = parseMarkdown(
      [
        '# Title',
        'One line',
        'and its continuation.',
        '',
        '- first item',
        '  continued',
        '',
        '- second item',
        '1. numbered',
        '',
        '| column | meaning |',
        '| ------ | ------- |',
        '| `a`    | the a   |',
        '',
        '```yaml',
        'name: x',
        '  - keep: indentation',
        '```',
        'After.',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: 'Title' },
      { kind: 'paragraph', text: 'One line and its continuation.' },
      { kind: 'list', items: ['first item continued', 'second item', 'numbered'] },
      { kind: 'table', header: ['column', 'meaning'], rows: [['`a`', 'the a']] },
      { kind: 'code', text: 'name: x\n  - keep: indentation' },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });

  it('reads inline code, bold and links, and drops HTML tags', () => {
    expect(parseInline('a `b` **c** [d](https://e.org) <a id="x"></a>f <script>g</script>')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'code', text: 'b' },
      { kind: 'text', text: ' ' },
      { kind: 'strong', text: 'c' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'd', href: 'https://e.org' },
      { kind: 'text', text: ' ' },
      { kind: 'text', text: 'f ' },
      { kind: 'text', text: 'g' },
    ]);
  });

  it('cuts one section up to the next heading of its level or higher', () => {
    const doc = '# A\nintro\n## B\nb text\n### B1\nb1\n## C\nc text';
    expect(markdownSection(doc, '## B')).toBe('b text\n### B1\nb1');
    expect(markdownSection(doc, '## C')).toBe('c text');
    expect(markdownSection(doc, '## Missing')).toBe('');
  });

  it('ships the definition format, the CSV columns, Methods and the data folder, none of them empty', () => {
    const byId = Object.fromEntries(HELP_DOCUMENTS.map((d) => [d.id, d.markdown]));
    expect(byId['definition-format']).toContain('template');
    expect(byId['csv-columns']).toContain('`model_key`');
    // The analysis tables (interaction, agreement) and chart files are documented in Help too.
    expect(byId['csv-columns']).toContain('`level_a_label`');
    expect(byId['csv-columns']).toContain('Save chart');
    expect(byId['methods']).toContain('Level mean');
    expect(byId['data-folder']).toContain('valuerank.sqlite');
    for (const doc of HELP_DOCUMENTS) expect(parseMarkdown(doc.markdown).length).toBeGreaterThan(2);
  });
});
