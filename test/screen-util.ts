/**
 * What a person sees: Markdown rendered by a CommonMark implementation (as a
 * forge renders a pull request comment: raw HTML allowed, bare URLs linked),
 * and text written to a terminal, interpreted by a terminal emulator.
 */
import MarkdownIt from 'markdown-it';
import { Terminal } from '@xterm/headless';

/** Markdown as a forge renders it: CommonMark with GFM tables and strikethrough, raw HTML kept, bare URLs linked. */
export function renderMarkdown(markdown: string): string {
  return new MarkdownIt({ html: true, linkify: true }).render(markdown);
}

/** The text of rendered HTML, as a person reads it (tags dropped, entities decoded). */
export function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
}

/** The rows a terminal shows after `text` is written to it (line feeds as a terminal driver sends them), trailing blanks trimmed. */
export function screenOf(text: string, cols = 240): Promise<string[]> {
  const rows = text.split('\n').length + 4;
  const terminal = new Terminal({ cols, rows, convertEol: true, allowProposedApi: true, scrollback: 0 });
  return new Promise((resolve) => {
    terminal.write(text, () => {
      const buffer = terminal.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      terminal.dispose();
      resolve(lines);
    });
  });
}
