import {
  bounded,
  htmlPhrase,
  joined,
  markdownCode,
  markdownName,
  markdownPhrase,
  markdownText,
  phrase,
  plainText,
  quoted,
  terminalPhrase,
  terminalText,
  terminalValue,
  words,
} from '../../../lib/private/escape';
import { renderMarkdown, screenOf, visibleText } from '../../screen-util';

/** Values an author controls (a name, a path, an image, a key) that try to become Markdown, HTML or terminal control. */
export const HOSTILE: readonly string[] = [
  '<!-- ',
  'x<!--',
  '# Nothing needs review',
  'a\n# Nothing needs review',
  'a\n\n## Nothing needs review\n\n<!--',
  'a\r\n---\r\nb',
  '[click](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  'https://evil.example.net/x',
  'www.evil.example.net',
  'someone@evil.example.net',
  '**bold** _em_ ~~struck~~ *x*',
  '`code` ``two``',
  '```',
  '`',
  '| a | b |',
  '<script>alert(1)</script>',
  '</code></summary></details>\n\n# h',
  '&lt;!-- entity &amp;',
  '\u202eevil\u202c',
  '\x1b[2K\r0 error(s)',
  '\u009b2K',
  '',
  ' spaced ',
  '![img](https://evil.example.net/i.png)',
  '<img src=x onerror=alert(1)>',
  '[ref]: https://evil.example.net',
  '\\`\\*escaped',
  '$x$ and $$y$$',
  'a\\|b',
  'a\\',
];

/** What the rendered HTML must never hold when only our own frame is Markdown. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<!--/);
  expect(html).not.toMatch(/<h[1-6]/);
  expect(html).not.toMatch(/<a[\s>]/);
  expect(html).not.toMatch(/<(?:script|img|details|summary|strong|em|s|del|hr|table)[\s>]/);
  expect(html).not.toMatch(/javascript:(?!alert)/);
}

describe('a value in Markdown is the literal text it is', () => {
  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('%s as a code span opens nothing and ends nothing', (_, value) => {
    const html = renderMarkdown(`- before ${markdownCode(value)} after\n- next`);
    expectInert(html);
    // one list of two items, the value inside the first, shown as itself (invisible characters as escapes)
    expect(html.match(/<li>/g)).toHaveLength(2);
    const first = visibleText(html.slice(html.indexOf('<li>'), html.indexOf('</li>')));
    expect(first).toBe(`before ${value === '' ? '(empty)' : terminalValue(value)} after`);
    if (value !== '') expect(html).toContain('<code>');
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('%s as words opens nothing', (_, value) => {
    const html = renderMarkdown(`- before ${markdownText(value)} after\n- next`);
    expectInert(html);
    expect(html.match(/<li>/g)).toHaveLength(2);
    const first = visibleText(html.slice(html.indexOf('<li>'), html.indexOf('</li>')));
    expect(first.replace(/\s+/g, ' ')).toBe(`before ${terminalValue(value, Infinity)} after`.replace(/\s+/g, ' '));
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('%s in a table cell stays in its cell', (_, value) => {
    const html = renderMarkdown(`| kind | prod |\n|---|---|\n| ${markdownName(value, { inTable: true })} | +1 |\n`);
    expectInert(html.replace(/<\/?table>/g, ''));
    expect(html.match(/<td>/g)).toHaveLength(2);
    expect(html).toContain('<td>+1</td>');
  });

  test('a plain name is left as it is; anything else is code', () => {
    expect(markdownName('prod')).toBe('prod');
    expect(markdownName('my-app.v2')).toBe('my-app.v2');
    expect(markdownName('-x')).toBe('`-x`');
    expect(markdownName('a_b')).toBe('`a_b`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('`')).toBe('`` ` ``');
  });
});

describe('a value on a terminal shows its control characters as escapes', () => {
  test('escape sequences, line breaks, bidirectional overrides, C1 controls and lone surrogates are shown, not obeyed', () => {
    expect(terminalValue('a\x1b[2Kb')).toBe('a\\x1b[2Kb');
    expect(terminalValue('a\r\nb\tc')).toBe('a\\r\\nb\\tc');
    expect(terminalValue('\u202eevil')).toBe('\\u202eevil');
    expect(terminalValue('\u009b2K\u007f')).toBe('\\u009b2K\\u007f');
    expect(terminalValue('x\ud800y')).toBe('x\\ud800y');
    expect(terminalValue('tag\u{e0041}')).toBe('tag\\udb40\\udc41');
    expect(terminalValue('zero\u200bwidth')).toBe('zero\\u200bwidth');
    expect(terminalValue('ok → é 日本')).toBe('ok → é 日本');
  });

  test('the whole output keeps its lines and stays valid JSON', () => {
    expect(terminalText('one\n\ttwo\x1b[1A\r')).toBe('one\n\ttwo\\x1b[1A\\r');
    const json = JSON.stringify({ name: '\u202e\u009b\u2028x\u007f' });
    expect(JSON.parse(terminalText(json))).toEqual({ name: '\u202e\u009b\u2028x\u007f' });
    expect(terminalText(json)).not.toMatch(/[\u0080-\u009f\u202e\u2028\u007f]/);
  });

  test.each(HOSTILE.map((v) => [JSON.stringify(v), v]))('%s takes one row and moves nothing', async (_, value) => {
    const screen = await screenOf(`first\nvalue: ${terminalValue(value)}\nlast line`);
    expect(screen).toHaveLength(3);
    expect(screen[0]).toBe('first');
    expect(screen[1].startsWith('value: ')).toBe(true);
    expect(screen[2]).toBe('last line');
  });

  test('a very long value is cut in its middle, saying how much is left out', () => {
    const long = `registry.example.com/${'a'.repeat(2000)}:tag`;
    const shown = bounded(long);
    expect(Array.from(shown.replace(/…\(\d+ more characters\)…/, '')).length).toBe(512);
    expect(shown).toMatch(/^registry\.example\.com\/a+…\(1513 more characters\)…a+:tag$/);
  });
});

describe('a phrase: paved words, quoted values', () => {
  const p = phrase`image from a registry ${words('the app')} did not pull from before: ${joined(['docker.io', 'x<!--'])} → ${quoted('evil\n# x')}`;
  test('is plain text as before, and each medium escapes only the values', () => {
    expect(plainText(p)).toBe('image from a registry the app did not pull from before: docker.io, x<!-- → "evil\\n# x"');
    expect(terminalPhrase(p)).toBe('image from a registry the app did not pull from before: docker.io, x<!-- → "evil\\n# x"');
    expect(markdownPhrase(p)).toBe('image from a registry the app did not pull from before: `docker.io`, `x<!--` → `evil\\n# x`');
    expect(htmlPhrase(p)).toBe('image from a registry the app did not pull from before: docker.io, x&#60;!-- → &#34;evil\\n# x&#34;');
    expectInert(renderMarkdown(markdownPhrase(p)));
  });
});
