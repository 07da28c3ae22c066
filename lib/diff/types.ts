import type { Phrase } from '../private/escape';
import type { Finding, ManifestObject } from '../validate/findings';

/** One field that differs between two versions of an object. */
export interface FieldChange {
  /**
   * `spec.components[name=my-app].properties.image`: list items are matched by
   * a key they all carry (`[name=…]`, `[port=…]`, `[target=…]`, …), a list of
   * distinct plain values by value (`spec.targets[target=./x.yaml]`), any other
   * list by position (`[3]`).
   */
  readonly path: string;
  /** The value before; absent when the field or item was added. */
  readonly before?: unknown;
  /** The value after; absent when the field or item was removed. */
  readonly after?: unknown;
  /** The same items in another order (`before` and `after` then list their keys). */
  readonly reordered?: true;
}

/** An object of one side of a diff. */
export interface DiffObject {
  /** `group/Kind/namespace/name` (prefixed by `<environment>:` with one cluster per top-level folder): the identity objects are matched by. */
  readonly id: string;
  /** `Kind namespace/name`. */
  readonly label: string;
  /** The file (relative to the tree's root, '/' separated). */
  readonly file: string;
  /** The top-level folder (the environment, or `catalog`), with one cluster per top-level folder. */
  readonly environment?: string;
  readonly object: Record<string, unknown>;
}

/** A change that a reviewer must look at. */
export interface ReviewItem {
  /** `Kind namespace/name`. */
  readonly label: string;
  /** What happens, as Argo CD will do it, as plain text (the values it quotes as they are). */
  readonly reason: string;
  /** The same in paved's words and the values they quote, for each format to escape its way. */
  readonly said: Phrase;
  /** The object's file: on the head side, or on the base side for a removed object. */
  readonly file: string;
  /** The top-level folder (the environment), with one cluster per top-level folder. */
  readonly environment?: string;
}

/** A file of the tree that is not a YAML manifest (CATALOG.md, org.json, a chart's files, …) that differs. */
export interface FileChange {
  /** The file (relative to the tree's root, '/' separated). */
  readonly file: string;
  /** The top-level folder, with one cluster per top-level folder; absent for a file at the root. */
  readonly environment?: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** A changed JSON file: its fields that differ. */
  readonly changes?: readonly FieldChange[];
  /** A changed text file: how many lines only one side has. */
  readonly lines?: { readonly added: number; readonly removed: number };
}

/** A changed object: both versions and the fields that differ. */
export interface ObjectChange {
  readonly before: DiffObject;
  readonly after: DiffObject;
  readonly changes: readonly FieldChange[];
}

/**
 * Whether an environment's image policy refuses an image: what it allows
 * (`an image from registry.example.com/ pinned by digest …`) when it does,
 * `undefined` when it admits it (or the environment is not known).
 */
export type ImagePolicyCheck = (environment: string | undefined, image: string) => string | undefined;

/**
 * The base side's objects below a folder of the tree (`prod/teams/payments/apps`),
 * for a new app's team; with `direct`, only those of the folder's own files
 * (the unchanged neighbours of a change).
 */
export type BaseObjectsIn = (folder: string, direct?: boolean) => readonly DiffObject[];

/** The part of the trees a diff compares. */
export interface DiffScope {
  /** Only these teams' files: `<env>/teams/<team>/apps/` and `catalog/teams/<team>/`. */
  readonly teams: readonly string[];
}

/** The difference between two trees, object by object, and file by file for the files that are not manifests. */
export interface TreeDiff {
  readonly added: readonly DiffObject[];
  readonly removed: readonly DiffObject[];
  readonly changed: readonly ObjectChange[];
  /** Risky changes, listed first in every format. */
  readonly needsReview: readonly ReviewItem[];
  /** Files that are not YAML manifests, added, removed or changed. */
  readonly files: readonly FileChange[];
  readonly baseObjects: number;
  readonly headObjects: number;
  /** The part compared, when the diff was scoped. */
  readonly scope?: DiffScope;
  /** What the two sides are (revisions, folders), when the command knows: said in the header. */
  readonly revisions?: { readonly base: string; readonly head: string };
  /** The builds the change moves, one line per app and environment (promotions, rollbacks, new builds), when the command computed them. */
  readonly releases?: readonly ReleaseMove[];
}

/** Options of a diff. */
export interface DiffOptions {
  /**
   * Each top-level folder is its own cluster (one per environment): an object
   * is matched only within its folder, and every entry names its folder.
   * @default false
   */
  readonly clusterPerTopLevelFolder?: boolean;
  /**
   * Compare only these teams' parts, on both sides: `<env>/teams/<team>/apps/`
   * and `catalog/teams/<team>/` (what a team repository's tree holds of its own).
   */
  readonly scope?: DiffScope;
  /**
   * The environments' image policy (from the org): an image a change brings
   * that the policy refuses goes under "needs review", saying what is allowed.
   * @default - images are not checked against a policy
   */
  readonly imagePolicy?: ImagePolicyCheck;
  /**
   * The platform's prices (from the org): a claim's monthly cost, from its
   * parameters, so that "needs review" says what a change costs.
   * @default - costs are not said
   */
  readonly pricing?: ClaimPricing;
  /**
   * How much an app asks of its namespace at most (the platform's quota
   * rule): a change that asks for more pods, CPU or memory is reviewed.
   * @default - not said
   */
  readonly footprint?: FootprintOf;
}

/** What an app (a KubeVela Application) asks of its namespace at most, from its components (pods, CPU in cores, memory in bytes requested); undefined for another object. */
export type FootprintOf = (object: Record<string, unknown>) => { readonly pods: number; readonly requestsCpu: number; readonly requestsMemory: number } | undefined;

/** A claim's estimated monthly cost in USD and what was priced, from its parameters; undefined for an object that is not a priced claim. */
export type ClaimPricing = (environment: string | undefined, object: Record<string, unknown>) => { readonly usd: number; readonly basis: string } | undefined;

/**
 * A tree's files as they are read, before parsing: the bytes of each YAML
 * manifest and of every other file by its path in the tree, and how that side
 * reads a file's objects.
 */
export interface TreeFiles {
  /** YAML manifest (relative to the tree's root, '/' separated) → its bytes, in the tree's order. */
  readonly files: ReadonlyMap<string, Buffer>;
  /** Every other file (CATALOG.md, org.json, a Helm chart's files, …) → its bytes. */
  readonly others?: ReadonlyMap<string, Buffer>;
  /** The objects of one file. */
  readonly parse: (file: string, text: string) => ManifestObject[];
  /**
   * The objects of one file as `parse` reads them, possibly the very objects the tree's reader or the other side read
   * (a file with the same path and bytes is parsed once): to read, never to change.
   * @default - parse
   */
  readonly parseShared?: (file: string, text: string) => readonly ManifestObject[];
  /**
   * A file's objects and what keeps Argo CD from reading it as paved does
   * (an alias bomb, a merge key, an object over the API server's limits),
   * for the files that differ.
   * @default - the files are read with `parse`, and nothing is said of them
   */
  readonly read?: (file: string, bytes: Buffer) => { readonly objects: ManifestObject[]; readonly findings: readonly Finding[] };
  /** What is wrong with the tree as files (links, special files, files no Application applies, …), as the validator's reader says. */
  readonly findings?: readonly Finding[];
}

/**
 * What a change does to the builds the apps run, per app and environment, as
 * one line each: a promotion (the build the environment before it runs), a
 * rollback or another build, from the apps' KubeVela Applications
 * (`<env>/teams/<team>/apps/<app>/application-<app>.yaml`, the component named
 * after the app) on both sides.
 */
export interface ReleaseMove {
  readonly environment: string;
  /** `team/app`. */
  readonly app: string;
  /** The build before and after (absent where the app did not run, or no longer runs). */
  readonly before?: string;
  readonly after?: string;
  /** The environment whose build this is, on the head side, when it is the one before it in the chain. */
  readonly promotedFrom?: string;
  /** A note the command adds (how long the build ran in the environment before). */
  readonly note?: string;
}
