/**
 * Extracts the `parameter` block of a KubeVela definition's CUE template as a
 * JSON Schema, so that component and trait properties can be checked offline.
 *
 * This reads the subset of CUE that definitions use for their parameters:
 * structs with optional (`?`) fields, defaults (`*x | y`), disjunctions,
 * literals, `[...T]` lists, `[string]: T` maps, `#Definitions`, `close()`,
 * regular-expression constraints (`=~`), bounds and `if` blocks (their fields
 * become optional). Anything else (comprehensions, references to `context`)
 * widens the schema rather than narrowing it, so the result never rejects a
 * value CUE would accept for a reason it did not understand.
 */

/** A JSON Schema node (draft-07 subset). */
export interface JsonSchema {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
  const?: string | number | boolean | null;
  enum?: (string | number | boolean | null)[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
}

type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'directive' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** For strings: the decoded value. */
  readonly value?: string;
  readonly line: number;
}

const PUNCTUATION = ['...', '=~', '!~', '==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', ':', ',', '|', '&', '*', '?', '!', '=', '.', '<', '>', '+', '-', '/', '@'];

/**
 * Splits CUE source into tokens; comments are dropped, newlines kept. With
 * `directives`, KubeVela's `// +patchKey=` and `// +patchStrategy=` comments
 * are kept as tokens.
 */
export function tokenize(source: string, directives = false): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: '\n', line });
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const start = i;
      while (i < source.length && source[i] !== '\n') i++;
      const m = /^\/\/\s*\+(patchKey|patchStrategy)=(\S+)/.exec(source.slice(start, i));
      if (directives && m) tokens.push({ kind: 'directive', text: `${m[1]}=${m[2]}`, line });
      continue;
    }
    if (c === '"' || (c === '#' && source[i + 1] === '"')) {
      const raw = c === '#';
      let j = raw ? i + 2 : i + 1;
      const multi = source.startsWith('""', j);
      if (multi) j += 2;
      let value = '';
      for (;;) {
        if (j >= source.length) throw new CueParseError(`unterminated string at line ${line}`);
        const d = source[j];
        if (multi ? source.startsWith('"""', j) : d === '"') {
          j += multi ? 3 : 1;
          if (raw) j++;
          break;
        }
        if (d === '\\' && !raw) {
          value += source[j + 1];
          j += 2;
          continue;
        }
        if (d === '\n') line++;
        value += d;
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j), value, line });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?([KMGTP]i?)?/.exec(source.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'number', text, line });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_#$]/.test(c)) {
      const m = /^[A-Za-z_#$][A-Za-z0-9_#$]*/.exec(source.slice(i));
      const text = m ? m[0] : c;
      tokens.push({ kind: 'ident', text, line });
      i += text.length;
      continue;
    }
    const p = PUNCTUATION.find((candidate) => source.startsWith(candidate, i));
    if (!p) throw new CueParseError(`unexpected character '${c}' at line ${line}`);
    tokens.push({ kind: 'punct', text: p, line });
    i += p.length;
  }
  tokens.push({ kind: 'eof', text: '', line });
  return tokens;
}

/** Raised when a parameter block uses CUE this reader does not understand. */
export class CueParseError extends Error {}

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/**
 * Finds the top-level declarations of a template: label → the token range of
 * its value. Only labels at depth 0 that start a line (or follow a comma) count.
 */
export function topLevelDeclarations(tokens: readonly Token[]): Map<string, Token[]> {
  const decls = new Map<string, Token[]>();
  let depth = 0;
  let atStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
    if (t.kind === 'punct' && CLOSE.has(t.text)) depth--;
    if (t.kind === 'directive') continue;
    if (depth === 0 && atStart && t.kind === 'ident' && tokens[i + 1]?.text === ':') {
      let j = i + 2;
      let d = 0;
      const value: Token[] = [];
      for (; j < tokens.length; j++) {
        const u = tokens[j];
        if (u.kind === 'punct' && OPEN.has(u.text)) d++;
        if (u.kind === 'punct' && CLOSE.has(u.text)) d--;
        if (d === 0 && (u.kind === 'newline' || u.kind === 'eof' || (u.kind === 'punct' && u.text === ','))) break;
        value.push(u);
      }
      value.push({ kind: 'eof', text: '', line: t.line });
      decls.set(t.text, value);
      i = j;
      atStart = true;
      continue;
    }
    atStart = depth === 0 && (t.kind === 'newline' || (t.kind === 'punct' && t.text === ','));
  }
  return decls;
}

/** Parses parameter expressions into JSON Schema. */
class SchemaParser {
  private pos = 0;
  private readonly definitions: Map<string, Token[]>;
  private readonly resolving = new Set<string>();

  constructor(private readonly tokens: Token[], definitions: Map<string, Token[]>) {
    this.definitions = definitions;
  }

  parseAll(): JsonSchema {
    const schema = this.fieldValue();
    this.skipNewlines();
    if (this.peek().kind !== 'eof') this.fail(`unexpected '${this.peek().text}'`);
    return schema;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    this.pos++;
    return t;
  }

  private accept(text: string): boolean {
    if (this.peek().text === text && this.peek().kind !== 'string') {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.fail(`expected '${text}', found '${this.peek().text}'`);
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.pos++;
  }

  private fail(message: string): never {
    throw new CueParseError(`${message} at line ${this.peek().line}`);
  }

  /** expr := conj ('|' conj)* ; a `*` marks the default. */
  private expression(): JsonSchema {
    const options: JsonSchema[] = [];
    let defaultValue: unknown;
    for (;;) {
      const isDefault = this.accept('*');
      const option = this.conjunction();
      if (isDefault && option.const !== undefined) defaultValue = option.const;
      options.push(option);
      if (!this.accept('|')) break;
      this.skipNewlines();
    }
    const schema = disjunction(options);
    if (defaultValue !== undefined) schema.default = defaultValue;
    return schema;
  }

  private conjunction(): JsonSchema {
    const parts: JsonSchema[] = [this.unary()];
    while (this.accept('&')) {
      this.skipNewlines();
      parts.push(this.unary());
    }
    return parts.reduce(conjoin);
  }

  private unary(): JsonSchema {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '=~' || t.text === '!~')) {
      this.next();
      const re = this.next();
      if (re.kind !== 'string') this.fail('expected a regular expression');
      if (t.text === '!~') return { type: 'string' };
      return jsPattern(re.value ?? '');
    }
    if (t.kind === 'punct' && ['<', '<=', '>', '>=', '!='].includes(t.text)) {
      this.next();
      const operand = this.unary();
      if (typeof operand.const !== 'number') return {};
      const n = operand.const;
      switch (t.text) {
        case '<': return { type: 'number', exclusiveMaximum: n };
        case '<=': return { type: 'number', maximum: n };
        case '>': return { type: 'number', exclusiveMinimum: n };
        case '>=': return { type: 'number', minimum: n };
        default: return {};
      }
    }
    if (t.kind === 'punct' && t.text === '-' && this.peek(1).kind === 'number') {
      this.next();
      return { const: -Number(this.next().text) };
    }
    return this.primary();
  }

  private primary(): JsonSchema {
    const t = this.next();
    if (t.kind === 'string') return { const: t.value ?? '' };
    if (t.kind === 'number') {
      return /^[0-9_.eE+-]+$/.test(t.text) ? { const: Number(t.text.replace(/_/g, '')) } : { type: 'number' };
    }
    if (t.kind === 'punct' && t.text === '{') return this.struct();
    if (t.kind === 'punct' && t.text === '[') return this.list();
    if (t.kind === 'punct' && t.text === '(') {
      this.skipNewlines();
      const inner = this.expression();
      this.skipNewlines();
      this.expect(')');
      return inner;
    }
    if (t.kind === 'ident') return this.identifier(t.text);
    return this.fail(`unexpected '${t.text}'`);
  }

  private identifier(name: string): JsonSchema {
    if (name === 'close' && this.peek().text === '(') {
      this.next();
      this.skipNewlines();
      const inner = this.expression();
      this.skipNewlines();
      this.expect(')');
      return inner;
    }
    // a call or selector we cannot evaluate: skip it, accept anything
    let widened = false;
    while (this.peek().text === '.' || this.peek().text === '(') {
      widened = true;
      if (this.accept('.')) {
        this.next();
        continue;
      }
      this.skipBalanced();
    }
    if (widened) return {};
    switch (name) {
      case 'string': return { type: 'string' };
      case 'bytes': return { type: 'string' };
      case 'int': case 'uint': case 'int32': case 'int64': case 'uint32': case 'uint64': case 'uint8': case 'int8': case 'uint16': case 'int16':
        return { type: 'integer' };
      case 'number': case 'float': case 'float64': case 'float32': return { type: 'number' };
      case 'bool': return { type: 'boolean' };
      case 'true': return { const: true };
      case 'false': return { const: false };
      case 'null': return { type: 'null' };
      case '_': return {};
      case '_|_': return {};
      default:
        if (name.startsWith('#')) return this.reference(name);
        return {};
    }
  }

  private reference(name: string): JsonSchema {
    const tokens = this.definitions.get(name);
    if (!tokens) this.fail(`unknown definition ${name}`);
    if (this.resolving.has(name)) return {};
    this.resolving.add(name);
    try {
      return new SchemaParser(tokens, this.definitions).withResolving(this.resolving).parseAll();
    } finally {
      this.resolving.delete(name);
    }
  }

  private withResolving(resolving: Set<string>): this {
    for (const r of resolving) this.resolving.add(r);
    return this;
  }

  /** Skips a balanced (...), [...] or {...} group starting at the current token. */
  private skipBalanced(): void {
    let depth = 0;
    do {
      const t = this.next();
      if (t.kind === 'eof') this.fail('unbalanced brackets');
      if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
      if (t.kind === 'punct' && CLOSE.has(t.text)) depth--;
    } while (depth > 0);
  }

  /** list := '[' ('...' expr? | expr (',' expr)*) ']' */
  private list(): JsonSchema {
    this.skipNewlines();
    if (this.accept(']')) return { type: 'array' };
    if (this.peek().text === 'for') {
      this.pos--;
      this.skipBalanced();
      return { type: 'array' };
    }
    const items: JsonSchema[] = [];
    let open: JsonSchema | undefined;
    for (;;) {
      this.skipNewlines();
      if (this.accept('...')) {
        open = this.peek().text === ']' || this.peek().kind === 'newline' ? {} : this.expression();
        this.skipNewlines();
        break;
      }
      items.push(this.expression());
      this.skipNewlines();
      if (!this.accept(',')) break;
    }
    this.skipNewlines();
    // a `[string]: T` pattern label is handled by struct(); here `[` opened a value
    this.expect(']');
    const all = open ? [...items, open] : items;
    return { type: 'array', ...(all.length ? { items: disjunction(all) } : {}) };
  }

  /** struct := '{' decl* '}' */
  private struct(): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    let additional: boolean | JsonSchema = false;
    const embedded: JsonSchema[] = [];
    for (;;) {
      this.skipNewlines();
      while (this.accept(',')) this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        break;
      }
      if (t.kind === 'eof') this.fail('unterminated struct');
      if (t.kind === 'punct' && t.text === '...') {
        this.next();
        additional = true;
        continue;
      }
      if (t.kind === 'ident' && (t.text === 'if' || t.text === 'for' || t.text === 'let')) {
        this.next();
        const kind = t.text;
        // skip the clause up to its struct (or, for let, to the end of the line)
        if (kind === 'let') {
          this.skipToEndOfDecl();
          continue;
        }
        while (!(this.peek().kind === 'punct' && this.peek().text === '{')) {
          if (this.peek().kind === 'eof') this.fail(`unterminated ${kind}`);
          if (this.peek().kind === 'punct' && OPEN.has(this.peek().text)) this.skipBalanced();
          else this.next();
        }
        this.next();
        const body = this.struct();
        if (kind === 'for') {
          additional = true;
        } else {
          for (const [key, value] of Object.entries(body.properties ?? {})) {
            properties[key] = properties[key] ? disjunction([properties[key], value]) : value;
          }
          if (body.additionalProperties !== false && body.additionalProperties !== undefined) additional = body.additionalProperties;
        }
        continue;
      }
      if (t.kind === 'punct' && t.text === '[') {
        // pattern constraint: [string]: T
        this.skipBalanced();
        this.expect(':');
        this.skipNewlines();
        additional = this.expression();
        continue;
      }
      if ((t.kind === 'ident' || t.kind === 'string') && ['?', '!', ':'].includes(this.peek(1).text)) {
        this.next();
        const label = t.kind === 'string' ? t.value ?? '' : t.text;
        const optional = this.accept('?');
        const requiredMark = this.accept('!');
        this.expect(':');
        this.skipNewlines();
        const value = this.fieldValue();
        if (label.startsWith('#')) {
          continue; // a nested definition, not a field
        }
        if (label.startsWith('_')) continue; // hidden field
        properties[label] = value;
        if ((requiredMark || !optional) && value.default === undefined) required.push(label);
        continue;
      }
      // an embedded expression, e.g. `#Base` or `close({...})`
      embedded.push(this.expression());
    }
    let schema: JsonSchema = {
      type: 'object',
      ...(Object.keys(properties).length ? { properties } : {}),
      ...(required.length ? { required } : {}),
      additionalProperties: additional,
    };
    for (const e of embedded) schema = conjoin(schema, e);
    return schema;
  }

  /** A field's value; `a: b: c` nests. */
  private fieldValue(): JsonSchema {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '[' && this.isPatternLabel()) {
      this.skipBalanced();
      this.expect(':');
      this.skipNewlines();
      return { type: 'object', additionalProperties: this.fieldValue() };
    }
    if ((t.kind === 'ident' || t.kind === 'string') && this.peek(1).text === ':' ) {
      this.next();
      this.next();
      this.skipNewlines();
      const label = t.kind === 'string' ? t.value ?? '' : t.text;
      const inner = this.fieldValue();
      return { type: 'object', properties: { [label]: inner }, required: [label], additionalProperties: false };
    }
    return this.expression();
  }

  /** Whether the `[` at the current position opens a pattern label (`[string]: T`). */
  private isPatternLabel(): boolean {
    let depth = 0;
    for (let i = this.pos; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
      if (t.kind === 'punct' && CLOSE.has(t.text)) depth--;
      if (depth === 0) return this.tokens[i + 1]?.text === ':';
      if (t.kind === 'eof') return false;
    }
    return false;
  }

  private skipToEndOfDecl(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (depth === 0 && (t.kind === 'newline' || t.text === ',' || t.text === '}')) return;
      if (t.kind === 'punct' && OPEN.has(t.text)) depth++;
      if (t.kind === 'punct' && CLOSE.has(t.text)) depth--;
      this.next();
    }
  }
}

function isLiteral(s: JsonSchema): boolean {
  return s.const !== undefined && Object.keys(s).every((k) => k === 'const' || k === 'default');
}

function disjunction(options: JsonSchema[]): JsonSchema {
  if (options.length === 1) return { ...options[0] };
  if (options.some((o) => Object.keys(o).filter((k) => k !== 'default').length === 0)) return {};
  if (options.every(isLiteral)) {
    return { enum: [...new Set(options.map((o) => o.const as string | number | boolean))] };
  }
  // a literal next to its own type adds nothing (`*"nginx" | string`)
  const types = new Set(options.filter((o) => !isLiteral(o) && o.type && Object.keys(o).length === 1).map((o) => o.type));
  const subsumed = (o: JsonSchema) => {
    const t = literalType(o.const);
    return types.has(t) || (t === 'integer' && types.has('number'));
  };
  const kept = options.filter((o) => !(isLiteral(o) && subsumed(o)));
  if (kept.length === 1) return { ...kept[0] };
  const anyOf: JsonSchema[] = [];
  for (const option of kept) {
    const { default: _ignored, ...rest } = option;
    if (!anyOf.some((a) => JSON.stringify(a) === JSON.stringify(rest))) anyOf.push(rest);
  }
  return anyOf.length === 1 ? anyOf[0] : { anyOf };
}

function literalType(value: unknown): JsonSchema['type'] {
  switch (typeof value) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(value) ? 'integer' : 'number';
    default: return 'null';
  }
}

function conjoin(a: JsonSchema, b: JsonSchema): JsonSchema {
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  if (a.type === 'object' && b.type === 'object') {
    const properties = { ...(a.properties ?? {}), ...(b.properties ?? {}) };
    const required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
    const openA = a.additionalProperties !== false;
    const openB = b.additionalProperties !== false;
    return {
      type: 'object',
      ...(Object.keys(properties).length ? { properties } : {}),
      ...(required.length ? { required } : {}),
      additionalProperties: openA && openB ? true : false,
    };
  }
  // `int & >=0`, `string & =~"..."`: keep both constraints
  const merged: JsonSchema = { ...a, ...b };
  if (a.type && b.type && a.type !== b.type) {
    merged.type = a.type === 'integer' || b.type === 'integer' ? 'integer' : a.type;
  }
  return merged;
}

/** CUE uses RE2; keep a pattern only if JavaScript reads it the same way. */
function jsPattern(re: string): JsonSchema {
  if (/\(\?[a-zA-Z]|\\[pPQEz]|\[\[:/.test(re)) return { type: 'string' };
  try {
    new RegExp(re, 'u');
    return { type: 'string', pattern: re };
  } catch {
    return { type: 'string' };
  }
}

/**
 * Returns the JSON Schema of a definition template's `parameter` block.
 * @throws CueParseError when the block uses CUE this reader does not know.
 */
export function parameterSchema(template: string): JsonSchema {
  const tokens = tokenize(template);
  const decls = topLevelDeclarations(tokens);
  const parameter = decls.get('parameter');
  if (!parameter) throw new CueParseError('the template has no top-level parameter block');
  const definitions = new Map([...decls].filter(([label]) => label.startsWith('#')));
  return new SchemaParser(parameter, definitions).parseAll();
}
