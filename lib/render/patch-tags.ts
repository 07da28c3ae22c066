/**
 * Reads what KubeVela reads from a trait template's `patch` (and
 * `patchOutputs`) besides its value: the `// +patchKey=` and
 * `// +patchStrategy=` comments of its fields, and which of its lists are
 * open (`[..., ...]`, `[...T]`).
 *
 * KubeVela takes them from the evaluated patch's syntax with its comments
 * (pkg/cue/model/sets/operation.go in kubevela/workflow): a comment belongs
 * to the field declared under it, and with chained labels
 * (`spec: template: spec: containers: [...]`) to the innermost one, as CUE
 * attaches it; comments of fields that reach the patch through a reference
 * (`containers: [PatchContainer & {...}]`, `let` values) come with them.
 * This reader follows the template's text the same way: declarations,
 * `if`/`for` blocks (their fields keep the enclosing path), list elements
 * (`[]` in a path) and references to top-level declarations and `let`s.
 */
import { type CueToken, tokenizeCue } from '../validate/languages/cue-tokens';

/** KubeVela's tags on one field. */
export interface FieldTags {
  /** `+patchKey=`: list elements merge by this key (`name`, `secretRef.name`, `a,b`). */
  readonly patchKey?: string;
  /** `+patchStrategy=`: `retainKeys`, `replace`, `jsonPatch` or `jsonMergePatch`. */
  readonly patchStrategy?: string;
}

/** What a patch's syntax says besides its value, by path (see {@link pathKey}). */
export interface PatchShape {
  /** Tags by the path of the field they annotate. */
  readonly tags: ReadonlyMap<string, FieldTags>;
  /** Lists written open (`[a, ...]`): they unify with longer lists. */
  readonly openLists: ReadonlySet<string>;
  /** Lists written `[...T]`: every element of the list they unify with unifies with T. */
  readonly typedLists: ReadonlySet<string>;
}

/** The shapes of a trait template's `patch` and `patchOutputs`. */
export interface TemplateShapes {
  /** The tags of the `patch` field itself (`+patchStrategy=jsonPatch` / `jsonMergePatch`). */
  readonly patchTags: FieldTags;
  readonly patch: PatchShape;
  readonly patchOutputs: PatchShape;
}

/** The key of a path in a {@link PatchShape}: labels joined by `.`, `[]` for a list's elements. */
export function pathKey(segments: readonly string[]): string {
  return segments
    .map((s) => (s === '[]' ? '[]' : /^[A-Za-z_$#][\w$#-]*$/.test(s) ? s : JSON.stringify(s)))
    .join('.')
    .replace(/\.\[\]/g, '[]');
}

const LET = '\u0001let:';
const BINARY_END = new Set(['&', '|', '+', '-', '*', '/', '&&', '||', '==', '!=', '<', '>', '<=', '>=', '=~', '!~', ':', '=', '(', '[', '{', ',', '!', '.']);

interface Ref {
  readonly at: readonly string[];
  readonly target: readonly string[];
}

class Scanner {
  private pos = 0;
  readonly tags = new Map<string, { segments: string[]; tags: Record<string, string> }>();
  readonly open: string[][] = [];
  readonly typed: string[][] = [];
  readonly refs: Ref[] = [];
  readonly topLevel = new Set<string>();
  private readonly lets = new Map<string, string>();
  private letCount = 0;

  constructor(private readonly tokens: readonly CueToken[]) {}

  scan(): void {
    // top-level labels first: references may point forward
    let depth = 0;
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.kind === 'punct' && ['{', '[', '('].includes(t.text)) depth++;
      if (t.kind === 'punct' && ['}', ']', ')'].includes(t.text)) depth--;
      if (depth === 0 && (t.kind === 'ident' || t.kind === 'string') && this.tokens[i + 1]?.text === ':') this.topLevel.add(label(t));
    }
    this.struct([], 'eof');
  }

  private peek(offset = 0): CueToken {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind !== 'string' && t.text === text;
  }

  /** Declarations until `close` (not consumed). */
  private struct(path: string[], close: '}' | 'eof'): void {
    for (;;) {
      while (this.peek().kind === 'newline' || this.is(',') || this.is(';')) this.pos++;
      const t = this.peek();
      if (t.kind === 'eof' || (close === '}' && this.is('}'))) return;
      const before = this.pos;
      this.decl(path);
      if (this.pos === before) this.pos++;
    }
  }

  private decl(path: string[]): void {
    const pending: Record<string, string> = {};
    while (this.peek().kind === 'tag' || this.peek().kind === 'newline') {
      const t = this.peek();
      if (t.kind === 'tag') pending[t.key ?? ''] = t.value ?? '';
      this.pos++;
    }
    const t = this.peek();
    if (t.kind === 'ident' && t.text === 'let' && this.peek(1).kind === 'ident' && this.is('=', 2)) {
      const name = this.peek(1).text;
      const pseudo = `${LET}${name}#${this.letCount++}`;
      this.lets.set(name, pseudo);
      this.pos += 3;
      this.expr([pseudo]);
      return;
    }
    if (t.kind === 'ident' && (t.text === 'if' || t.text === 'for')) {
      this.comprehension(path);
      return;
    }
    if (this.is('...')) {
      this.pos++;
      this.expr([...path, '*']);
      return;
    }
    const labels = this.labelChain();
    if (labels) {
      const at = [...path, ...labels];
      if (Object.keys(pending).length > 0) this.tag(at, pending);
      this.expr(at);
      return;
    }
    this.expr(path);
  }

  /** `a: b: c:` — the labels, after the last colon; undefined (nothing consumed) when no label starts here. */
  private labelChain(): string[] | undefined {
    const labels: string[] = [];
    for (;;) {
      const start = this.pos;
      const l = this.oneLabel();
      if (l === undefined) {
        this.pos = start;
        return labels.length > 0 ? labels : undefined;
      }
      labels.push(l);
    }
  }

  private oneLabel(): string | undefined {
    const t = this.peek();
    let name: string | undefined;
    if (t.kind === 'ident' && !['if', 'for', 'let'].includes(t.text)) {
      name = t.text;
      this.pos++;
    } else if (t.kind === 'string') {
      name = t.value ?? '*';
      this.pos++;
    } else if (this.is('(') || this.is('[')) {
      this.skipBalanced();
      name = '*';
    } else return undefined;
    // an alias `X=label:` is rare in definitions: not read
    if (this.is('?') || this.is('!')) this.pos++;
    if (!this.is(':')) return undefined;
    this.pos++;
    return name;
  }

  private skipBalanced(): void {
    let depth = 0;
    do {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'punct' && ['{', '[', '('].includes(t.text)) depth++;
      if (t.kind === 'punct' && ['}', ']', ')'].includes(t.text)) depth--;
      this.pos++;
    } while (depth > 0);
  }

  /** `if ... for ... {` body: its fields keep the enclosing path. */
  private comprehension(path: string[]): void {
    while (!this.is('{') && this.peek().kind !== 'eof') {
      if (this.is('(') || this.is('[')) this.skipBalanced();
      else this.pos++;
    }
    if (!this.is('{')) return;
    this.pos++;
    this.struct(path, '}');
    if (this.is('}')) this.pos++;
  }

  private tag(segments: string[], tags: Record<string, string>): void {
    const key = pathKey(segments);
    const had = this.tags.get(key);
    this.tags.set(key, { segments, tags: { ...had?.tags, ...tags } });
  }

  /** An expression up to its end at this level (a newline that ends it, `,`, or a closing bracket, not consumed). */
  private expr(path: string[], inParens = false): void {
    let last: CueToken | undefined;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'tag') {
        this.pos++;
        continue;
      }
      if (t.kind === 'newline') {
        if (inParens || !last || (last.kind === 'punct' && BINARY_END.has(last.text))) {
          this.pos++;
          continue;
        }
        return;
      }
      if (t.kind === 'punct' && (t.text === ',' || t.text === '}' || t.text === ']' || t.text === ')')) return;
      if (this.is('{')) {
        this.pos++;
        this.struct(path, '}');
        last = this.peek();
        if (this.is('}')) this.pos++;
        continue;
      }
      if (this.is('[')) {
        this.list(path);
        last = this.tokens[this.pos - 1];
        continue;
      }
      if (this.is('(')) {
        this.pos++;
        this.expr(path, true);
        last = this.peek();
        if (this.is(')')) this.pos++;
        continue;
      }
      if (t.kind === 'ident') {
        const prev = this.tokens[this.pos - 1];
        const selected = prev?.kind === 'punct' && prev.text === '.';
        if (!selected && t.text === 'close' && this.is('(', 1)) {
          this.pos += 2;
          this.expr(path, true);
          last = this.peek();
          if (this.is(')')) this.pos++;
          continue;
        }
        if (!selected && this.is('(', 1)) {
          // a call: its arguments are not the patch's fields
          this.pos++;
          this.skipBalanced();
          last = this.tokens[this.pos - 1];
          continue;
        }
        if (!selected && !this.is('.', 1) && !this.is('[', 1)) this.reference(path, t.text);
      }
      last = t;
      this.pos++;
    }
  }

  private reference(path: string[], name: string): void {
    const pseudo = this.lets.get(name);
    if (pseudo) this.refs.push({ at: path, target: [pseudo] });
    else if (this.topLevel.has(name)) this.refs.push({ at: path, target: [name] });
  }

  private list(path: string[]): void {
    this.pos++; // [
    const element = [...path, '[]'];
    for (;;) {
      while (this.peek().kind === 'newline' || this.peek().kind === 'tag' || this.is(',')) this.pos++;
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (this.is(']')) {
        this.pos++;
        return;
      }
      if (this.is('...')) {
        this.pos++;
        while (this.peek().kind === 'newline') this.pos++;
        if (this.is(']') || this.is(',')) this.open.push(path);
        else {
          this.typed.push(path);
          this.expr(element);
        }
        continue;
      }
      if (t.kind === 'ident' && (t.text === 'for' || t.text === 'if')) {
        this.comprehension(element);
        continue;
      }
      const before = this.pos;
      this.expr(element);
      if (this.pos === before) this.pos++;
    }
  }
}

function label(t: CueToken): string {
  return t.kind === 'string' ? (t.value ?? '*') : t.text;
}

const startsWith = (path: readonly string[], prefix: readonly string[]) => prefix.length <= path.length && prefix.every((p, i) => path[i] === p);

/** Everything under `prefix`, references followed (at most `depth` deep), re-rooted at `[]`. */
function collect(scanner: Scanner, prefix: readonly string[], depth = 0): { tags: Map<string, FieldTags>; open: Set<string>; typed: Set<string> } {
  const tags = new Map<string, FieldTags>();
  const open = new Set<string>();
  const typed = new Set<string>();
  const addTags = (key: string, t: FieldTags) => tags.set(key, { ...tags.get(key), ...t });
  for (const { segments, tags: t } of scanner.tags.values()) {
    if (!startsWith(segments, prefix)) continue;
    const picked: { patchKey?: string; patchStrategy?: string } = {};
    if (t.patchKey !== undefined) picked.patchKey = t.patchKey;
    if (t.patchStrategy !== undefined) picked.patchStrategy = t.patchStrategy;
    if (Object.keys(picked).length > 0) addTags(pathKey(segments.slice(prefix.length)), picked);
  }
  for (const l of scanner.open) if (startsWith(l, prefix)) open.add(pathKey(l.slice(prefix.length)));
  for (const l of scanner.typed) if (startsWith(l, prefix)) typed.add(pathKey(l.slice(prefix.length)));
  if (depth < 8) {
    for (const ref of scanner.refs) {
      if (!startsWith(ref.at, prefix) || startsWith(ref.target, prefix)) continue;
      const at = pathKey(ref.at.slice(prefix.length));
      const sub = collect(scanner, ref.target, depth + 1);
      const join = (k: string) => (at === '' ? k : k === '' ? at : k.startsWith('[]') ? `${at}${k}` : `${at}.${k}`);
      for (const [k, t] of sub.tags) addTags(join(k), t);
      for (const k of sub.open) open.add(join(k));
      for (const k of sub.typed) typed.add(join(k));
    }
  }
  return { tags, open, typed };
}

/** Reads the tags and list shapes of a template's `patch` and `patchOutputs`. */
export function templateShapes(template: string): TemplateShapes {
  const scanner = new Scanner(tokenizeCue(template));
  scanner.scan();
  const shape = (name: string): PatchShape => {
    const c = collect(scanner, [name]);
    const tags = new Map(c.tags);
    tags.delete('');
    return { tags, openLists: c.open, typedLists: c.typed };
  };
  const own = scanner.tags.get(pathKey(['patch']))?.tags ?? {};
  return {
    patchTags: { ...(own.patchKey !== undefined ? { patchKey: own.patchKey } : {}), ...(own.patchStrategy !== undefined ? { patchStrategy: own.patchStrategy } : {}) },
    patch: shape('patch'),
    patchOutputs: shape('patchOutputs'),
  };
}

/** The shape of a patch written on its own (KubeVela's sets tests unify such a patch with a base). */
export function patchShape(patchSource: string): PatchShape {
  return templateShapes(`patch: {\n${patchSource}\n}`).patch;
}
