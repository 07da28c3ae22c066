import { GlobSyntaxError, compileGlob, globMatch, globProblem } from '../../../../lib/validate/languages/go-glob';

/** gobwas/glob v0.2.3's own table (glob_test.go TestGlob): pattern, text, separators, whether it matches. */
const GOBWAS_TABLE: [boolean, string, string, ...string[]][] = [
  [true, '* ?at * eyes', 'my cat has very bright eyes'],
  [true, '', ''],
  [false, '', 'b'],
  [true, '*ä', 'åä'],
  [true, 'abc', 'abc'],
  [true, 'a*c', 'abc'],
  [true, 'a*c', 'a12345c'],
  [true, 'a?c', 'a1c'],
  [true, 'a.b', 'a.b', '.'],
  [true, 'a.*', 'a.b', '.'],
  [true, 'a.**', 'a.b.c', '.'],
  [true, 'a.?.c', 'a.b.c', '.'],
  [true, 'a.?.?', 'a.b.c', '.'],
  [true, '?at', 'cat'],
  [true, '?at', 'fat'],
  [true, '*', 'abc'],
  [true, '\\*', '*'],
  [true, '**', 'a.b.c', '.'],
  [false, '?at', 'at'],
  [false, '?at', 'fat', 'f'],
  [false, 'a.*', 'a.b.c', '.'],
  [false, 'a.?.c', 'a.bb.c', '.'],
  [false, '*', 'a.b.c', '.'],
  [true, '*test', 'this is a test'],
  [true, 'this*', 'this is a test'],
  [true, '*is *', 'this is a test'],
  [true, '*is*a*', 'this is a test'],
  [true, '**test**', 'this is a test'],
  [true, '**is**a***test*', 'this is a test'],
  [false, '*is', 'this is a test'],
  [false, '*no*', 'this is a test'],
  [true, '[!a]*', 'this is a test3'],
  [true, '*abc', 'abcabc'],
  [true, '**abc', 'abcabc'],
  [true, '???', 'abc'],
  [true, '?*?', 'abc'],
  [true, '?*?', 'ac'],
  [false, 'sta', 'stagnation'],
  [true, 'sta*', 'stagnation'],
  [false, 'sta?', 'stagnation'],
  [false, 'sta?n', 'stagnation'],
  [true, '{abc,def}ghi', 'defghi'],
  [true, '{abc,abcd}a', 'abcda'],
  [true, '{a,ab}{bc,f}', 'abc'],
  [true, '{*,**}{a,b}', 'ab'],
  [false, '{*,**}{a,b}', 'ac'],
  [true, '/{rate,[a-z][a-z][a-z]}*', '/rate'],
  [true, '/{rate,[0-9][0-9][0-9]}*', '/rate'],
  [true, '/{rate,[a-z][a-z][a-z]}*', '/usd'],
  [true, '{*.google.*,*.yandex.*}', 'www.google.com', '.'],
  [true, '{*.google.*,*.yandex.*}', 'www.yandex.com', '.'],
  [false, '{*.google.*,*.yandex.*}', 'yandex.com', '.'],
  [false, '{*.google.*,*.yandex.*}', 'google.com', '.'],
  [true, '{*.google.*,yandex.*}', 'www.google.com', '.'],
  [true, '{*.google.*,yandex.*}', 'yandex.com', '.'],
  [false, '{*.google.*,yandex.*}', 'www.yandex.com', '.'],
  [false, '{*.google.*,yandex.*}', 'google.com', '.'],
  [true, '[a-z][!a-x]*cat*[h][!b]*eyes*', 'my cat has very bright eyes'],
  [false, '[a-z][!a-x]*cat*[h][!b]*eyes*', 'my dog has very bright eyes'],
  [true, 'google.com', 'google.com'],
  [false, 'google.com', 'gobwas.com'],
  [true, 'https://*.google.*', 'https://account.google.com'],
  [false, 'https://*.google.*', 'https://google.com'],
  [true, '{https://*.google.*,*yandex.*,*yahoo.*,*mail.ru}', 'http://yahoo.com'],
  [false, '{https://*.google.*,*yandex.*,*yahoo.*,*mail.ru}', 'http://google.com'],
  [true, '{https://*gobwas.com,http://exclude.gobwas.com}', 'https://safe.gobwas.com'],
  [false, '{https://*gobwas.com,http://exclude.gobwas.com}', 'http://safe.gobwas.com'],
  [true, '{https://*gobwas.com,http://exclude.gobwas.com}', 'http://exclude.gobwas.com'],
  [true, '{abc*[a-c]def,abc?[d-g]def,abc[zte]?def}', 'abczqdef'],
  [true, '{abc*def,abc?def,abc[zte]def}', 'abczdef'],
  [true, 'abc*', 'abcdef'],
  [false, 'abc*', 'af'],
  [true, '*def', 'abcdef'],
  [false, '*def', 'af'],
  [true, 'ab*ef', 'abcdef'],
  [false, 'ab*ef', 'af'],
];

describe('globMatch (gobwas/glob v0.2.3, as Argo CD uses it)', () => {
  test.each(GOBWAS_TABLE)('gobwas table: %s for %j on %j', (should, pattern, text, ...separators) => {
    expect(compileGlob(pattern, separators).match(text)).toBe(should);
  });

  test("without separators (Argo CD's directory include and exclude), * and ? cross /", () => {
    expect(globMatch('*.yaml', 'apps/web/application-web.yaml')).toBe(true);
    expect(globMatch('*.yaml', 'apps/web/application-web.yml')).toBe(false);
    expect(globMatch('*.yaml', 'apps/web/.argocd-source.yaml')).toBe(true);
    expect(globMatch('{*.yml,*.yaml}', 'a/b.yml')).toBe(true);
    expect(globMatch('web/?.yaml', 'web/a.yaml')).toBe(true);
    expect(globMatch('a?b', 'a/b')).toBe(true);
    expect(globMatch('config.json', 'sub/config.json')).toBe(false);
    expect(globMatch('*/config.json', 'sub/config.json')).toBe(true);
  });

  test("reads gobwas's syntax as its lexer does: text, escapes, classes, nested and unclosed alternatives", () => {
    // `}` and `,` outside braces, `]` outside a class: plain text
    expect(globMatch('a,b}', 'a,b}')).toBe(true);
    expect(globMatch('a]', 'a]')).toBe(true);
    expect(globMatch('hello\\,world', 'hello,world')).toBe(true);
    expect(globMatch('hello\\{world', 'hello{world')).toBe(true);
    expect(globMatch('/{rate,[0-9]]}*', '/9]x')).toBe(true);
    expect(globMatch('{[!日-語],*,?,{a,b,\\c}}', 'c')).toBe(true);
    expect(globMatch('[日-語]', '本')).toBe(true);
    expect(globMatch('[!日本語]', '本')).toBe(false);
    expect(globMatch('[ab-c]', '-')).toBe(true);
    // an unclosed `{` is closed at the end; a trailing backslash is dropped
    expect(globMatch('*.{yaml,yml', 'a.yml')).toBe(true);
    expect(globMatch('a\\', 'a')).toBe(true);
    // an empty alternative matches nothing at all
    expect(globMatch('a{,b}', 'a')).toBe(true);
    expect(globMatch('a{}', 'a')).toBe(true);
    // gobwas reads a NUL character as the end of the pattern
    expect(globMatch('a\u0000b', 'a')).toBe(true);
  });

  test.each([
    ['[', 'unexpected end of input'],
    ['*.[yaml', 'unexpected end of input'],
    ['[a-bc]', 'expected close range character'],
    ['[]', 'could not parse range'],
    ['[!]', 'could not parse range'],
    ['[z-a]', "hi character 'a' should be greater than lo 'z'"],
    ['[a-', 'unexpected end of input'],
    ['[a-b', 'unexpected end of input'],
    ['a\uFFFD', 'could not read rune'],
  ])('refuses %j as gobwas does (%s): it matches nothing, as Argo CD then', (pattern, reason) => {
    expect(globProblem(pattern)).toBe(reason);
    expect(() => compileGlob(pattern)).toThrow(GlobSyntaxError);
    expect(globMatch(pattern, pattern)).toBe(false);
    expect(globMatch(pattern, '')).toBe(false);
  });

  test('matches in time linear in the text, whatever the pattern (no backtracking)', () => {
    const pattern = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
    const text = 'a'.repeat(4000);
    const started = process.hrtime.bigint();
    expect(globMatch(pattern, text)).toBe(false);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(2000);
  });
});
