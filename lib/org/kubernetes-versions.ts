/**
 * The EKS Kubernetes versions paved knows, with their support dates: a dated
 * table, so that synthesis never reads the clock to decide what is supported.
 * `paved support` reads it against a day (today, or `--on`) to say which
 * environments run a version near or past its end of support.
 */

/** One EKS Kubernetes minor version and its support window. */
export interface EksKubernetesVersion {
  /** The minor version, e.g. `1.35`. */
  readonly version: string;
  /** The day EKS released it (`YYYY-MM-DD`). */
  readonly released: string;
  /** The last day of standard support: with upgrade policy `STANDARD`, AWS upgrades the control plane after it. */
  readonly endOfStandardSupport: string;
  /** The last day of extended support (at extra cost per cluster hour). */
  readonly endOfExtendedSupport: string;
}

/** Where {@link EKS_KUBERNETES_VERSIONS} comes from, and the day it was read. */
export const EKS_SUPPORT_SOURCE = {
  url: 'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
  /** The day the table was checked; versions whose standard support ended before it are no longer offered. */
  asOf: '2026-12-01',
} as const;

/**
 * EKS's release calendar (standard support: 14 months from release; extended
 * support: 12 months more), newest first. Add a row when EKS releases a version.
 */
export const EKS_KUBERNETES_VERSIONS: readonly EksKubernetesVersion[] = [
  { version: '1.35', released: '2026-01-28', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27' },
  { version: '1.34', released: '2025-10-06', endOfStandardSupport: '2026-12-02', endOfExtendedSupport: '2027-12-02' },
  { version: '1.33', released: '2025-05-28', endOfStandardSupport: '2026-07-29', endOfExtendedSupport: '2027-07-29' },
  { version: '1.32', released: '2025-01-23', endOfStandardSupport: '2026-03-23', endOfExtendedSupport: '2027-03-23' },
];

/**
 * Kubernetes versions the platform accepts: those still in EKS standard
 * support on the table's day ({@link EKS_SUPPORT_SOURCE}). Clusters run with
 * upgrade policy `STANDARD` (no extended-support surcharge), so a version past
 * standard support would be upgraded by AWS behind Terraform's back.
 */
export const SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = EKS_KUBERNETES_VERSIONS.filter((v) => v.endOfStandardSupport >= EKS_SUPPORT_SOURCE.asOf).map((v) => v.version);

/** The version a new environment runs: the newest of the table. */
export const DEFAULT_KUBERNETES_VERSION: string = EKS_KUBERNETES_VERSIONS[0].version;

/** The table's row of a version, if it has one. */
export function eksKubernetesVersion(version: string): EksKubernetesVersion | undefined {
  return EKS_KUBERNETES_VERSIONS.find((v) => v.version === version);
}
