/**
 * Name rules of Kubernetes, DNS, container images and AWS.
 * @internal
 */

/** RFC 1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, at most 63 characters. */
export function isDns1123Label(value: string, maxLength = 63): boolean {
  return value.length <= maxLength && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** RFC 1035 label (Service names): like an RFC 1123 label, but starts with a letter. */
export function isDns1035Label(value: string, maxLength = 63): boolean {
  return value.length <= maxLength && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(value);
}

/** A fully qualified DNS name of RFC 1123 labels, e.g. `my-app.payments.example.com`. */
export function isDnsName(value: string): boolean {
  return value.length <= 253 && value.split('.').length >= 2 && value.split('.').every((label) => isDns1123Label(label));
}

/** Whether `domain` equals `zone` or lies under it. */
export function isInZone(domain: string, zone: string): boolean {
  return domain === zone || domain.endsWith(`.${zone}`);
}

/** A key of a Secret or ConfigMap. */
export function isConfigKey(value: string): boolean {
  return value.length > 0 && value.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(value) && value !== '.' && value !== '..';
}

/** An environment variable name a shell can use (C identifier). */
export function isEnvVarName(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}

/** A container image reference split into its parts. */
export interface ImageReference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

const IMAGE_PATTERN =
  /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$/;

/** Parses an image reference (`registry/repo:tag@sha256:...`); undefined when malformed. */
export function parseImage(value: string): ImageReference | undefined {
  const m = IMAGE_PATTERN.exec(value);
  if (!m) return undefined;
  return { repository: m[1], ...(m[2] ? { tag: m[2] } : {}), ...(m[3] ? { digest: m[3] } : {}) };
}

/** A CPU quantity: millicores (`250m`) or cores (`0.5`, `2`). */
export function parseCpu(value: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(value);
  if (!m) return undefined;
  return m[2] === 'm' ? Number(m[1]) / 1000 : Number(m[1]);
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A memory quantity in bytes (`128Mi`, `1Gi`, `500M`). */
export function parseMemory(value: string): number | undefined {
  const m = /^([0-9]+)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(value);
  if (!m) return undefined;
  return Number(m[1]) * MEMORY_UNITS[m[2] ?? ''];
}

/** An AWS Secrets Manager prefix: path segments ending in '/'. */
export function isSecretPrefix(value: string): boolean {
  return /^([A-Za-z0-9_+=.@-]+\/)+$/.test(value);
}

/** A Go duration as External Secrets reads it (`30s`, `1m`, `1h30m`). */
export function isDuration(value: string): boolean {
  return /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(value);
}
