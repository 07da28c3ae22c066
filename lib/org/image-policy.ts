import type { PropChecker } from '../private/problems';

/**
 * Where an environment's images may come from: the org's supply chain. Checked
 * on every app at synth (`AppConstruct`'s `image`), by `paved validate` on
 * every tree and proposal, and in the cluster by the tenant admission policy
 * `paved-images` (lib/validate/tenant-rules/images.ts), from one rule.
 */
export interface ImagePolicyProps {
  /**
   * The registries images may be pulled from: a registry host (with its port,
   * if any) and optionally a path below it, e.g. `registry.example.com` or
   * `111111111111.dkr.ecr.eu-west-1.amazonaws.com/payments`. An image matches
   * when it starts with one of them followed by `/`: images are written with
   * their registry (`registry.example.com/payments/orders:1.4.2`), so an image
   * without one (`nginx:1.27`, Docker Hub implied) matches none.
   * @default - any registry
   */
  readonly registries?: readonly string[];

  /**
   * Whether images must be pinned by digest (`…@sha256:<64 hex>`), so that what
   * runs is exactly what was built and reviewed: a tag can be moved.
   * @default false
   */
  readonly requireDigest?: boolean;
}

/** An environment's image policy, resolved. */
export interface ImagePolicy {
  /** The registries images may come from; `undefined` when any is allowed. */
  readonly registries?: readonly string[];
  /** Whether images must be pinned by digest. */
  readonly requireDigest: boolean;
}

/** A registry host (`host[:port]`, the host with a dot, or `localhost`) and an optional path below it. */
const REGISTRY = /^(localhost|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/** A digest reference's end: `@sha256:` and 64 lower-case hex digits, or `@sha512:` and 128. */
export const IMAGE_DIGEST = /@(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/** The same pattern, in RE2 syntax for CEL's `matches` (the API server's). */
export const IMAGE_DIGEST_RE2 = '@(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$';

/** Resolves an environment's image policy over the org's. */
export function resolveImagePolicy(env: ImagePolicyProps | undefined, org: ImagePolicyProps | undefined): ImagePolicy {
  const registries = env?.registries ?? org?.registries;
  return { ...(registries ? { registries: [...registries] } : {}), requireDigest: env?.requireDigest ?? org?.requireDigest ?? false };
}

/** Checks an image policy's props (of the org, `at` = `images`, or of an environment). */
export function checkImagePolicyProps(check: PropChecker, at: string, props: ImagePolicyProps | undefined): void {
  if (props?.registries === undefined) return;
  check.check(props.registries.length > 0, `${at}.registries`, props.registries, 'at least one registry (leave registries out to allow any)');
  props.registries.forEach((r, i) =>
    check.check(
      typeof r === 'string' && REGISTRY.test(r),
      `${at}.registries[${i}]`,
      r,
      'a registry host with a dot (or localhost), an optional port and an optional path, without a scheme or a trailing "/", e.g. "registry.example.com" or "111111111111.dkr.ecr.eu-west-1.amazonaws.com/payments"',
    ),
  );
}

/** What an image must be under a policy, in words (for errors): `an image from a, b pinned by digest (…)`. */
export function allowedImages(policy: ImagePolicy): string {
  const from = policy.registries ? `an image from ${policy.registries.map((r) => `${r}/`).join(', ')}` : 'an image';
  return policy.requireDigest ? `${from} pinned by digest (name@sha256:<64 hex digits>)` : from;
}

/** Whether an image is allowed by a policy. */
export function imageAllowed(image: string, policy: ImagePolicy): boolean {
  const registries = policy.registries;
  if (registries && !registries.some((r) => image.startsWith(`${r}/`))) return false;
  return !policy.requireDigest || IMAGE_DIGEST.test(image);
}

/** The registry an image names (its first path component when that is a host), or `docker.io` when it names none. */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first === 'localhost' || first.includes('.') || first.includes(':') ? first : 'docker.io';
}
