/**
 * The format library, with the cases of upstream's table
 * (k8s.io/apiserver/pkg/cel/library/format_test.go, TestFormat).
 */
import { NAMED_FORMATS } from '../../../../lib/validate/admission/cel-lib-format';
import { celEval } from './cel-util';

const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** `validate(s)` as a plain value: null when valid (optional.none), else the messages. */
const validate = (format: string, s: string): unknown => celEval(`format.${format}().validate(${JSON.stringify(s)}).orValue(null)`);

describe("the format library (upstream's TestFormat)", () => {
  test.each([
    ['dns1123Label', 'my-label-name'],
    ['dns1123Subdomain', 'apiextensions.k8s.io'],
    ['qualifiedName', 'apiextensions.k8s.io/v1beta1'],
    ['dns1123LabelPrefix', 'my-label-prefix-'],
    ['dns1123SubdomainPrefix', 'mysubdomain.prefix.-'],
    ['dns1035LabelPrefix', 'my-label-prefix-'],
    ['uri', 'http://example.com'],
    ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
    ['byte', 'aGVsbG8='],
    ['date', '2021-01-01'],
    ['datetime', '2021-01-01T00:00:00Z'],
    ['dns1123Subdomain', 'example.com'],
    ['dns1035Label', 'my-label-name'],
    ['qualifiedName', 'my.name'],
    ['date', '2020-01-01'],
    ['datetime', '2020-01-01T00:00:00Z'],
    ['labelValue', 'my-cool-label-Value'],
  ])('format.%s() accepts %j (optional.none)', (format, value) => {
    expect(validate(format, value)).toBeNull();
  });

  test.each([
    ['dns1123Label', 'contains a space', [DNS1123_LABEL]],
    ['dns1123Subdomain', 'contains a space', [DNS1123_SUBDOMAIN]],
    ['dns1035Label', 'contains a space', [DNS1035_LABEL]],
    [
      'qualifiedName',
      'contains a space',
      [
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
      ],
    ],
    ['dns1123LabelPrefix', 'contains a space-', [DNS1123_LABEL]],
    ['dns1123SubdomainPrefix', 'contains a space-', [DNS1123_SUBDOMAIN]],
    ['dns1035LabelPrefix', 'contains a space-', [DNS1035_LABEL]],
    ['byte', 'aGVsbG8', ['invalid base64']],
    ['date', '2020-01-32', ['invalid date']],
    ['datetime', '2020-01-32T00:00:00Z', ['invalid datetime']],
    [
      'labelValue',
      'my-cool-label-Value!!\n\n!!!',
      [
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      ],
    ],
  ])("format.%s() refuses %j with upstream's messages", (format, value, messages) => {
    expect(validate(format, value)).toEqual(messages);
  });

  test('format.named finds every named format (and none else); each equals its own function and no other', () => {
    const names = Object.keys(NAMED_FORMATS);
    expect(names).toHaveLength(13);
    expect(celEval('format.named("unknown").hasValue()')).toBe(false);
    for (const a of names) {
      expect(celEval(`format.named("${a}").hasValue() && format.named("${a}").value() == format.${a}()`)).toBe(true);
      for (const b of names) if (a !== b) expect(celEval(`format.${a}() == format.${b}()`)).toBe(false);
    }
  });

  test('dates are checked as Go parses them: days per month and leap years', () => {
    expect([validate('date', '2024-02-29'), validate('date', '2023-02-29'), validate('date', '2024-13-01'), validate('datetime', '2024-01-01T24:00:00Z')]).toEqual([
      null,
      ['invalid date'],
      ['invalid date'],
      ['invalid datetime'],
    ]);
    expect(validate('uri', '/relative/../ok')).toBeNull();
    expect(validate('uri', 'no-scheme')).toEqual(['parse "no-scheme": invalid URI for request']);
  });
});
