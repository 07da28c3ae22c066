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

import { CueParseError, type Token, tokenize } from './cue-lexer';
import { CONCRETE, DEFAULTED, FIXED_ITEMS, type JsonSchema, conjoin, disjunction, filledWithoutInput, jsPattern, literal } from './cue-schema';

export { CueParseError, tokenize } from './cue-lexer';
export type { Token, TokenKind } from './cue-lexer';
export { filledWithoutInput } from './cue-schema';
export type { JsonSchema } from './cue-schema';

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

/** What a struct's declarations have said so far (see `SchemaParser.struct`). */
interface StructParts {
  readonly properties: Record<string, JsonSchema>;
  readonly required: string[];
  additional: boolean | JsonSchema;
  readonly embedded: JsonSchema[];
}

/** Parses parameter expressions into JSON Schema. */
class SchemaParser {
  private pos = 0;
  private readonly definitions: Map<string, Token[]>;
  private readonly resolving = new Set<string>();

  constructor(
    private readonly tokens: Token[],
    definitions: Map<string, Token[]>,
  ) {
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
    let hasDefault = false;
    let defaultValue: unknown;
    for (;;) {
      const isDefault = this.accept('*');
      const option = this.conjunction();
      if (isDefault) {
        hasDefault = true;
        defaultValue = CONCRETE.get(option);
      }
      options.push(option);
      if (!this.accept('|')) break;
      this.skipNewlines();
    }
    // one option is itself (what the parser knows of it stays); a disjunction with a default is the union of its options
    if (options.length === 1 && !hasDefault) return options[0];
    const schema = disjunction(options);
    if (hasDefault) DEFAULTED.add(schema);
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
        case '<':
          return { type: 'number', exclusiveMaximum: n };
        case '<=':
          return { type: 'number', maximum: n };
        case '>':
          return { type: 'number', exclusiveMinimum: n };
        case '>=':
          return { type: 'number', minimum: n };
        default:
          return {};
      }
    }
    if (t.kind === 'punct' && t.text === '-' && this.peek(1).kind === 'number') {
      this.next();
      return literal(-Number(this.next().text));
    }
    return this.primary();
  }

  private primary(): JsonSchema {
    const t = this.next();
    if (t.kind === 'string') return literal(t.value ?? '');
    if (t.kind === 'number') {
      return /^[0-9_.eE+-]+$/.test(t.text) ? literal(Number(t.text.replace(/_/g, ''))) : { type: 'number' };
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
      case 'string':
        return { type: 'string' };
      case 'bytes':
        return { type: 'string' };
      case 'int':
      case 'uint':
      case 'int32':
      case 'int64':
      case 'uint32':
      case 'uint64':
      case 'uint8':
      case 'int8':
      case 'uint16':
      case 'int16':
        return { type: 'integer' };
      case 'number':
      case 'float':
      case 'float64':
      case 'float32':
        return { type: 'number' };
      case 'bool':
        return { type: 'boolean' };
      case 'true':
        return literal(true);
      case 'false':
        return literal(false);
      case 'null':
        return { type: 'null' };
      case '_':
        return {};
      case '_|_':
        return {};
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
    if (this.accept(']')) {
      const empty: JsonSchema = { type: 'array' };
      CONCRETE.set(empty, []);
      return empty;
    }
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
    const schema: JsonSchema = { type: 'array', ...(all.length ? { items: disjunction(all) } : {}) };
    const values = items.map((i) => CONCRETE.get(i));
    if (!open && values.every((v) => v !== undefined)) CONCRETE.set(schema, values);
    else if (items.some((i) => !filledWithoutInput(i))) FIXED_ITEMS.add(schema);
    return schema;
  }

  /** struct := '{' decl* '}' */
  private struct(): JsonSchema {
    const parts: StructParts = { properties: {}, required: [], additional: false, embedded: [] };
    for (;;) {
      this.skipNewlines();
      while (this.accept(',')) this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '}') {
        this.next();
        break;
      }
      if (t.kind === 'eof') this.fail('unterminated struct');
      this.declaration(t, parts);
    }
    let schema: JsonSchema = {
      type: 'object',
      ...(Object.keys(parts.properties).length ? { properties: parts.properties } : {}),
      ...(parts.required.length ? { required: parts.required } : {}),
      additionalProperties: parts.additional,
    };
    for (const e of parts.embedded) schema = conjoin(schema, e);
    return schema;
  }

  /** decl := '...' | comprehension | '[' pattern ']' ':' expr | label ('?' | '!')? ':' value | expr (embedded) */
  private declaration(t: Token, parts: StructParts): void {
    if (t.kind === 'punct' && t.text === '...') {
      this.next();
      parts.additional = true;
      return;
    }
    if (t.kind === 'ident' && (t.text === 'if' || t.text === 'for' || t.text === 'let')) {
      this.next();
      this.comprehension(t.text, parts);
      return;
    }
    if (t.kind === 'punct' && t.text === '[') {
      // pattern constraint: [string]: T
      this.skipBalanced();
      this.expect(':');
      this.skipNewlines();
      parts.additional = this.expression();
      return;
    }
    if ((t.kind === 'ident' || t.kind === 'string') && ['?', '!', ':'].includes(this.peek(1).text)) {
      this.next();
      const label = t.kind === 'string' ? (t.value ?? '') : t.text;
      const optional = this.accept('?');
      const requiredMark = this.accept('!');
      this.expect(':');
      this.skipNewlines();
      const value = this.fieldValue();
      if (label.startsWith('#')) {
        return; // a nested definition, not a field
      }
      if (label.startsWith('_')) return; // hidden field
      parts.properties[label] = value;
      // a regular field is the user's to give only when CUE has no value for it without them
      if (requiredMark || (!optional && !filledWithoutInput(value))) parts.required.push(label);
      return;
    }
    // an embedded expression, e.g. `#Base` or `close({...})`
    parts.embedded.push(this.expression());
  }

  /** A comprehension's clause, after its keyword: `let` is skipped; `if` adds its struct's fields; `for` opens the struct. */
  private comprehension(kind: 'if' | 'for' | 'let', parts: StructParts): void {
    // skip the clause up to its struct (or, for let, to the end of the line)
    if (kind === 'let') {
      this.skipToEndOfDecl();
      return;
    }
    while (!(this.peek().kind === 'punct' && this.peek().text === '{')) {
      if (this.peek().kind === 'eof') this.fail(`unterminated ${kind}`);
      if (this.peek().kind === 'punct' && OPEN.has(this.peek().text)) this.skipBalanced();
      else this.next();
    }
    this.next();
    const body = this.struct();
    if (kind === 'for') {
      parts.additional = true;
    } else {
      for (const [key, value] of Object.entries(body.properties ?? {})) {
        parts.properties[key] = parts.properties[key] ? disjunction([parts.properties[key], value]) : value;
      }
      if (body.additionalProperties !== false && body.additionalProperties !== undefined) parts.additional = body.additionalProperties;
    }
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
    if ((t.kind === 'ident' || t.kind === 'string') && this.peek(1).text === ':') {
      this.next();
      this.next();
      this.skipNewlines();
      const label = t.kind === 'string' ? (t.value ?? '') : t.text;
      const inner = this.fieldValue();
      return { type: 'object', properties: { [label]: inner }, ...(filledWithoutInput(inner) ? {} : { required: [label] }), additionalProperties: false };
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
