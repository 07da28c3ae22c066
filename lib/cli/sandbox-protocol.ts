/**
 * The messages between `paved` and the process that runs a definition
 * (lib/cli/sandbox.ts starts it, lib/cli/sandbox-child.ts is its program), in
 * the order they are sent: `load` → `loaded`, `evaluate` → `evaluated`,
 * `build` → `built`; `failed` ends it at any point. Everything the child sends
 * is untrusted (a definition may have escaped paved's loader and forged it):
 * the parent checks what it uses.
 * @internal
 */
import type { CheckedProblem } from '../validate/check-memo';
import type { DeferredFolder, DeferredListing } from '../synth/app-modules';
import type { ManifestObject, ValidationReport } from '../validate/findings';
import type { OrgProps } from '../org/org';
import type { ReleaseRecord } from '../org/release-records';
import type { PortalProps } from '../portal/catalog';
import type { Problem } from '../private/problems';

/** Load the definition module (no team module runs yet, and the environment is empty). */
export interface LoadMessage {
  readonly type: 'load';
  readonly definition?: string;
  readonly org?: string;
  /** The cache folders the child uses: it reads `read` and keeps what it computes in `write` (a folder only sandboxed runs read). */
  readonly cache: { readonly read: string | null; readonly write: string | null };
}

/** Set the environment to these variables, then load the team modules as the parent listed them. */
export interface EvaluateMessage {
  readonly type: 'evaluate';
  readonly env: Readonly<Record<string, string>>;
  readonly listings: readonly DeferredListing[];
}

/** Build the tree (nothing is written: the parent writes it). */
export interface BuildMessage {
  readonly type: 'build';
  readonly environments?: readonly string[];
  readonly teams?: readonly string[];
  readonly existing: readonly ManifestObject[];
  /** The project's release records, as this process read them. */
  readonly releases: readonly ReleaseRecord[];
  /** The schema checks' findings of the last synth (see CheckMemo). */
  readonly checks: Readonly<Record<string, readonly CheckedProblem[]>>;
}

export type ParentMessage = LoadMessage | EvaluateMessage | BuildMessage;

/** The definition module loaded: its org (as data), where it came from, and the folders of app modules it asked for. */
export interface LoadedMessage {
  readonly type: 'loaded';
  readonly org: OrgProps;
  readonly source: string;
  readonly orgFromFile: boolean;
  /** The teams the definition's app lists name (a team repository's own). */
  readonly appTeams: readonly string[];
  readonly folders: readonly DeferredFolder[];
  /** How the catalog and the new-service template are made (plain data). */
  readonly portal?: PortalProps;
}

/** The team modules loaded. */
export interface EvaluatedMessage {
  readonly type: 'evaluated';
  readonly definitions: number;
  /** Every module file the process loaded from the project (for the stale-build check). */
  readonly loaded: readonly string[];
}

/** The tree, built and validated. */
export interface BuiltMessage {
  readonly type: 'built';
  readonly errors: readonly string[];
  readonly files: readonly (readonly [string, string])[];
  readonly objectsByKind: Readonly<Record<string, number>>;
  readonly validation?: ValidationReport;
  readonly checks: Readonly<Record<string, readonly CheckedProblem[]>>;
}

/** Something failed: problems with the input (exit 1), or paved itself (exit 2, `message`). */
export interface FailedMessage {
  readonly type: 'failed';
  readonly problems?: readonly Problem[];
  readonly message?: string;
}

export type ChildMessage = LoadedMessage | EvaluatedMessage | BuiltMessage | FailedMessage;
