/**
 * The Kubernetes CEL format library (k8s.io/apiserver/pkg/cel/library/format.go):
 * the named formats (`format.dns1123Label()`, ..., `format.named(name)`) and
 * `<Format>.validate(s)`, optional.none when `s` is valid, else the list of
 * upstream's messages.
 *
 * @internal
 */
import { type CelFunc, CelScalar, celFunc, celList, celMethod } from '@bufbuild/cel';
import { optionalNone, optionalOf } from './cel-lib-optional';
import { types } from './cel-types';
import { parseRequestURI } from './go-url';
import { isQualifiedName, isValidLabelValue, nameIsDns1035Label, nameIsDnsLabel, nameIsDnsSubdomain } from './k8s-validation';

const { STRING } = CelScalar;
const FORMAT = types.format.cel;

const UUID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Go's time.Parse("2006-01-02", s) succeeds. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !leap ? 28 : DAYS[month - 1]);
}

/** kube-openapi's strfmt IsDateTime: a date, `t`, and a time of day with an optional fraction and zone. */
export function isDateTime(s: string): boolean {
  if (s.length < 4) return false;
  const parts = s.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/.exec(parts[1]);
  return m !== null && m[1] <= '23' && m[2] <= '59' && m[3] <= '59';
}

const check = (ok: (s: string) => boolean, message: string) => (s: string) => (ok(s) ? [] : [message]);

/** The named formats of format.go (ConstantFormats), each with upstream's validation. */
export const NAMED_FORMATS: Readonly<Record<string, (s: string) => string[]>> = {
  dns1123Label: (s) => nameIsDnsLabel(s, false),
  dns1123Subdomain: (s) => nameIsDnsSubdomain(s, false),
  dns1035Label: (s) => nameIsDns1035Label(s, false),
  qualifiedName: isQualifiedName,
  dns1123LabelPrefix: (s) => nameIsDnsLabel(s, true),
  dns1123SubdomainPrefix: (s) => nameIsDnsSubdomain(s, true),
  dns1035LabelPrefix: (s) => nameIsDns1035Label(s, true),
  labelValue: isValidLabelValue,
  uri: (s) => {
    try {
      parseRequestURI(s);
      return [];
    } catch (e) {
      return [e instanceof Error ? e.message : String(e)];
    }
  },
  uuid: check((s) => UUID.test(s), 'does not match the UUID format'),
  byte: check((s) => BASE64.test(s.replace(/[\r\n]/g, '')), 'invalid base64'),
  date: check(isDate, 'invalid date'),
  datetime: check(isDateTime, 'invalid datetime'),
};

const formatValue = (name: string) => types.format.make(name, { name, validate: NAMED_FORMATS[name] });

export const FORMAT_FUNCTIONS: CelFunc[] = [
  ...Object.keys(NAMED_FORMATS).map((name) => celFunc(`format.${name}`, [], FORMAT, () => formatValue(name))),
  celFunc('format.named', [STRING], types.optional.cel, (name) => (Object.prototype.hasOwnProperty.call(NAMED_FORMATS, name) ? optionalOf(formatValue(name)) : optionalNone())),
  celMethod('validate', FORMAT, [STRING], types.optional.cel, function (s) {
    const format = types.format.read(this);
    if (!format) throw new Error('no such overload');
    const errors = format.validate(s);
    // an optional keeps its payload as given: the list is made a CEL list here
    return errors.length === 0 ? optionalNone() : optionalOf(celList(errors));
  }),
];
