/** A shipped Markdown document rendered as React elements (lib/markdown.ts reads it; no HTML is injected). */
import { parseInline, parseMarkdown, type Block } from '../lib/markdown';

function InlineText({ text }: { text: string }): React.JSX.Element {
  return (
    <>
      {parseInline(text).map((part, i) => {
        switch (part.kind) {
          case 'code':
            return <code key={i}>{part.text}</code>;
          case 'strong':
            return <strong key={i}>{part.text}</strong>;
          case 'link':
            // Links into the repository mean nothing in an installed app: only web addresses stay links.
            return /^https?:\/\//.test(part.href) ? (
              <a key={i} href={part.href} target="_blank" rel="noreferrer">
                {part.text}
              </a>
            ) : (
              <span key={i}>{part.text}</span>
            );
          default:
            return <span key={i}>{part.text}</span>;
        }
      })}
    </>
  );
}

function BlockView({ block, headingOffset }: { block: Block; headingOffset: number }): React.JSX.Element {
  switch (block.kind) {
    case 'heading': {
      const level = Math.min(6, Math.max(3, block.level + headingOffset));
      const Tag = `h${level}` as 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <Tag>
          <InlineText text={block.text} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p>
          <InlineText text={block.text} />
        </p>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item, i) => (
            <li key={i}>
              <InlineText text={item} />
            </li>
          ))}
        </ul>
      );
    case 'table':
      return (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                {block.header.map((cell, i) => (
                  <th key={i}>
                    <InlineText text={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i}>
                      <InlineText text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'code':
      return (
        <pre className="code-block">
          <code>{block.text}</code>
        </pre>
      );
  }
}

/** `headingOffset` moves the document's headings down under the page's own (never above h3). */
export function Markdown({ text, headingOffset = 0 }: { text: string; headingOffset?: number }): React.JSX.Element {
  return (
    <div className="markdown">
      {parseMarkdown(text).map((block, i) => (
        <BlockView key={i} block={block} headingOffset={headingOffset} />
      ))}
    </div>
  );
}
