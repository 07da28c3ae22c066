/**
 * Markdown a hostile author could write, and how a reader sees Markdown: parsed
 * by the CommonMark reference implementation for JavaScript (commonmark.js).
 */
export interface CmNode {
  readonly type: string;
  readonly literal: string | null;
  readonly destination: string | null;
}
interface CommonMark {
  Parser: new () => { parse(text: string): { walker(): { next(): { entering: boolean; node: CmNode } | null } } };
}
// the CommonMark reference implementation for JavaScript (commonmark.js)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commonmark = require('commonmark') as CommonMark;

/** Every node of the Markdown as CommonMark parses it. */
export function nodes(markdown: string): CmNode[] {
  const out: CmNode[] = [];
  const walker = new commonmark.Parser().parse(markdown).walker();
  for (let e = walker.next(); e; e = walker.next()) if (e.entering) out.push(e.node);
  return out;
}
/** The text a reader sees: every text node and code span, joined. */
export const visibleText = (markdown: string) =>
  nodes(markdown)
    .filter((n) => n.type === 'text' || n.type === 'code')
    .map((n) => n.literal)
    .join('');
/** The cell separators of a table row: pipes not escaped by a backslash (GFM splits cells on them before anything else). */
export const cellSeparators = (row: string) => [...row.matchAll(/(\\*)\|/g)].filter((m) => m[1].length % 2 === 0).length;

/** Text that would add structure to Markdown if it were not escaped, one sample per class. */
export const HOSTILE_TEXT = [
  '<!-- the rest of the catalog is hidden',
  '<script>alert(1)</script>',
  '</td></tr></table><img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '![tracker](https://evil.example/pixel.png)',
  '<https://evil.example>',
  '**bold** _em_ `code` ~~gone~~ $x^2$',
  '# Fake heading',
  '## payments',
  '- a list item',
  '+ another',
  '1. first',
  '2) second',
  '> a quote',
  '---',
  '===',
  '    indented code',
  'line one\n\n## Injected heading\n\n| a | b |',
  'cell | break | and | more | pipes',
  'ends with a backslash \\',
  '\\| escaped pipe',
  '&lt;script&gt; &#x6A;avascript:',
  'right\u202eto-left and zero\u200bwidth',
  'a\u0000null\u0007bell\u001b[2Jescape',
  '[x]: https://evil.example "a reference definition"',
  'x'.repeat(5000),
];

/** A sample as a test names it: quoted, at most 60 characters. */
export const sampleName = (text: string) => (JSON.stringify(text).length > 60 ? `${JSON.stringify(text).slice(0, 57)}...` : JSON.stringify(text));
