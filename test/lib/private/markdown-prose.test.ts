import { markdownProse } from '../../../lib/private/escape';
import { HOSTILE_TEXT, nodes, sampleName, visibleText } from './markdown-samples';

/** What a reader should see: whitespace as one space, invisible characters dropped, at most `max` characters. */
function expectedText(text: string, max = 300): string {
  const line = text
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

describe('markdownProse', () => {
  test.each(HOSTILE_TEXT.map((t) => [sampleName(t), t]))('shows %s as text in one paragraph, nothing else', (_sample, text) => {
    const shown = markdownProse(text);
    expect(shown).not.toMatch(/\n/);
    expect([...new Set(nodes(shown).map((n) => n.type))].sort()).toEqual(['document', 'paragraph', 'text']);
    expect(visibleText(shown)).toBe(expectedText(text));
  });

  test('keeps plain prose plain: names, dates, sentences, paths', () => {
    for (const text of ['payments-engineers', '2026-03-01', "The platform's example app: says who you are.", 'github.com/acme/platform/tree/main/apps/payments/'])
      expect(markdownProse(text)).toBe(text);
  });

  test('cuts long text at the length asked', () => {
    expect(visibleText(markdownProse('a'.repeat(100), 20))).toBe(`${'a'.repeat(19)}…`);
  });
});
