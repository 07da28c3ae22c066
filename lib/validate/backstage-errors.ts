/**
 * Backstage's validation errors (@backstage/catalog-model's entity policies
 * and kind validators) in paved's shape: the field at fault and what is wrong
 * with it, without ajv's wording of JSON pointers and parameters.
 */

/** A problem Backstage found, at one field. */
export interface BackstageProblem {
  /** The field, e.g. `spec.lifecycle`, `metadata.labels.team`; empty for the whole entity. */
  readonly field: string;
  readonly message: string;
}

/** A JSON pointer (`/spec/steps/0/action`) as a field path (`spec.steps[0].action`). */
function pointerField(pointer: string): string {
  if (pointer === '<root>' || pointer === '') return '';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^[0-9]+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

const join = (base: string, name: string) => (base ? `${base}.${name}` : name);

/**
 * A field as FieldFormatEntityPolicy names it (`labels.x`, `annotations.x`,
 * `tags.0`, `links.0.url`) as a path in the entity (`metadata.labels.x`,
 * `metadata.tags[0]`, `metadata.links[0].url`).
 */
function policyField(field: string): string {
  const m = /^(labels|annotations|tags|links)\.(.*)$/.exec(field);
  if (!m) return field;
  if (m[1] === 'labels' || m[1] === 'annotations') return `metadata.${m[1]}.${m[2]}`;
  const [index, ...rest] = m[2].split('.');
  return `metadata.${m[1]}[${index}]${rest.length ? `.${rest.join('.')}` : ''}`;
}

/** ajv's error parameters as Backstage prints them (`missingProperty: lifecycle, ...`). */
function params(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (text ?? '').split(/, (?=\w+: )/)) {
    const m = /^(\w+): (.*)$/.exec(part);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** An ajv error (`<pointer> <message>[ - <params>]`) in paved's words. */
function ajvProblem(pointer: string, message: string, paramText: string | undefined, schema: string): BackstageProblem {
  const at = pointerField(pointer);
  const p = params(paramText);
  const by = ` (${schema})`;
  const required = /^must have required property '(.+)'$/.exec(message);
  if (required) return { field: join(at, required[1]), message: `is required${by}` };
  if (/^must NOT have additional properties$/.test(message) && p.additionalProperty) {
    return { field: join(at, p.additionalProperty), message: `unknown field "${p.additionalProperty}"${by}` };
  }
  if (/^must be equal to one of the allowed values$/.test(message) && p.allowedValues) {
    return { field: at, message: `must be one of ${p.allowedValues.split(',').join(', ')}${by}` };
  }
  const type = /^must be (string|number|integer|boolean|array|object|null)$/.exec(message);
  if (type) return { field: at, message: `must be ${/^[aeiou]/.test(type[1]) ? 'an' : 'a'} ${type[1]}${by}` };
  return { field: at, message: `${message}${by}` };
}

/**
 * A problem from the message of an error Backstage threw while it checked an
 * entity, `schema` naming what checked it (`Backstage's entity policies`,
 * `the backstage.io/v1alpha1/Component schema`). A message of a shape it does
 * not know is kept whole, on the whole entity.
 */
export function backstageProblem(error: string, schema: string): BackstageProblem {
  const text = error.trim();
  // the kind validators and the envelope schema: ajv's first error, its pointer and its parameters
  const ajv = /^(?:[\w.-]+\/[\w.-]+\/\w+: |Malformed envelope, )?(<root>|(?:\/[^ ]*)) (.+?)(?: - ((?:\w+: .*)))?$/.exec(text);
  if (ajv) return ajvProblem(ajv[1], ajv[2], ajv[3], schema);
  // FieldFormatEntityPolicy
  const invalid = /^"([^"]+)" is not valid;(?: expected (.+) but found "(.*)"\.)? To learn more/s.exec(text);
  if (invalid) {
    const expected = invalid[2] ? `must be ${invalid[2]} (found "${invalid[3]}")` : 'is not valid';
    return { field: policyField(invalid[1]), message: `${expected} (${schema})` };
  }
  const missing = /^(\S+) must have a value$/.exec(text);
  if (missing) return { field: policyField(missing[1]), message: `is required (${schema})` };
  // NoForeignRootFieldsEntityPolicy
  const foreign = /^Unknown field (\S+)$/.exec(text);
  if (foreign) return { field: foreign[1], message: `unknown field "${foreign[1]}": an entity has only apiVersion, kind, metadata, spec, relations and status (${schema})` };
  return { field: '', message: `${text} (${schema})` };
}
