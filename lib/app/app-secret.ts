/** What External Secrets fetches for a secret reference. */
export enum SecretMetadataPolicy {
  /** The secret's value (or one property of it). */
  NONE = 'None',
  /** The secret's tags: all as JSON, or one tag when `property` is given. */
  FETCH = 'Fetch',
}

/**
 * A reference from an app to a secret in AWS Secrets Manager. The value never
 * enters Git: External Secrets copies it into a Kubernetes Secret in the
 * team's namespace, and the app reads it as an environment variable.
 */
export interface AppSecret {
  /**
   * The key in the app's Kubernetes Secret (letters, digits, '-', '_' and '.').
   */
  readonly name: string;

  /**
   * The secret's name in AWS Secrets Manager; it must lie under the team's
   * secret prefix (e.g. `teams/payments/friendslist`).
   */
  readonly key: string;

  /**
   * One property of a JSON secret (e.g. `name.first`), or one tag when
   * `metadataPolicy` is `FETCH`.
   * @default - the whole secret (or all tags, as JSON)
   */
  readonly property?: string;

  /**
   * Whether to read the secret's value or its tags.
   * @default SecretMetadataPolicy.NONE
   */
  readonly metadataPolicy?: SecretMetadataPolicy;

  /**
   * The environment variable the app reads the value from.
   * @default - `name` in upper case, with '-' and '.' turned into '_' (`my_name` → `MY_NAME`)
   */
  readonly envVar?: string;
}

/** CPU and memory of an app's container. */
export interface AppResources {
  /**
   * CPU requested, in cores (`0.5`) or millicores (`250m`).
   * @default "100m"
   */
  readonly cpu?: string;

  /**
   * Memory requested (`128Mi`, `1Gi`).
   * @default "128Mi"
   */
  readonly memory?: string;

  /**
   * CPU limit; at least `cpu`.
   * @default - equal to `cpu`
   */
  readonly cpuLimit?: string;

  /**
   * Memory limit; at least `memory`.
   * @default - equal to `memory`
   */
  readonly memoryLimit?: string;
}
