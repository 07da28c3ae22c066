/**
 * `paved diff`: the tree on disk compared with a Git revision or another
 * folder, object by object, for a terminal, a pull request comment or JSON.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ClaimPricing, DiffInputError, DiffOptions, FootprintOf, ImagePolicyCheck, ReleaseMove, TreeDiff, TreeFiles } from '../diff/tree-diff';
import type { ManifestObject } from '../validate/findings';
import { EXIT, type Io } from './command';
import { defaultTree, isEnvironmentTree } from './tree';
import { missingOrg, readConfig, releasesRoot } from './definition';
import { Org, type OrgProps } from '../org/org';
import { allowedImages, imageAllowed } from '../org/image-policy';
import { priceClaim } from '../org/claim-price';
import { RELEASES_FOLDER, readReleaseFolder } from '../org/release-records';
import { formatDuration } from '../release/gates';
import { type ReleaseRepository, ReleaseHistoryError, releaseRepository } from '../release/history';
import { recordGate } from '../release/record-gates';

/* eslint-disable @typescript-eslint/no-require-imports */
/** What the command loads when it runs (the diff does not load the constructs; rendering loads CUE). */
const modules = {
  diff: () => require('../diff/tree-diff') as typeof import('../diff/tree-diff'),
  render: () => require('../render/kubevela') as typeof import('../render/kubevela'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Prints a diff in a format: text, Markdown (a pull request comment) or JSON. */
export function printDiff(io: Io, diff: TreeDiff, format: string | undefined, fullDiffUrl?: string): void {
  if (format === 'json') io.out(`${JSON.stringify(modules.diff().diffToJson(diff), null, 2)}\n`);
  else if (format === 'markdown') io.out(`${modules.diff().formatDiffMarkdown(diff, fullDiffUrl !== undefined ? { fullDiffUrl } : {})}\n`);
  else io.out(`${modules.diff().formatDiffText(diff)}\n`);
}

/** Options of `paved diff`. */
export interface DiffCliOptions {
  readonly base?: string;
  readonly baseDir?: string;
  readonly format?: string;
  readonly rendered?: boolean;
  /** Only these teams' parts (`--team`); by default the teams of a team repository's tree. */
  readonly team?: readonly string[];
  /** The org whose image policy new images are checked against (`--org`); by default the package's `paved.org`, or the tree's org.json. */
  readonly org?: string;
  /** Where CI keeps the full diff (`--full-diff-url`): the Markdown links to it. */
  readonly fullDiffUrl?: string;
}

async function withRendered(objects: ManifestObject[]): Promise<ManifestObject[]> {
  const rendered = await modules.render().renderApplications(objects);
  return [...objects, ...rendered.objects.map((r) => ({ file: `${r.file} → rendered ${r.origin}`, object: r.object }))];
}

/** What to pass instead, when a side of `paved diff` cannot be read. */
const BASE_DIR_HINT = "--base-dir <a checkout of the platform's gitops/>";

/** Says why a side of the diff cannot be read, and what to pass instead. */
function explainDiffInput(e: DiffInputError, shown: string): string {
  switch (e.problem) {
    case 'no-git':
      return `git is not installed (or not on the PATH), so no Git revision can be read: pass ${BASE_DIR_HINT} to compare with a folder`;
    case 'not-a-repository':
      return `${shown} is not in a Git repository, so there is no revision to compare with: pass ${BASE_DIR_HINT}`;
    case 'no-commits':
      return `the Git repository of ${shown} has no commit yet, so there is no revision to compare with: commit first, or pass ${BASE_DIR_HINT}`;
    case 'unknown-revision':
      return `--base ${e.where}: no such revision in the Git repository of ${shown}: pass --base <ref> naming a commit, branch or tag that exists (in a shallow CI checkout fetch it first: git fetch origin <branch>, or fetch-depth: 0), or ${BASE_DIR_HINT}`;
    default:
      return `git failed reading ${shown} at a revision: ${e.detail || e.message}`;
  }
}

/** The files of both sides and what they are, or why one cannot be read. */
async function readDiffSides(io: Io, root: string, shown: string, options: DiffCliOptions): Promise<{ base: TreeFiles; head: TreeFiles; revisions: { base: string; head: string } } | string> {
  if (!fs.existsSync(root)) return `${shown}: no such folder: pass the tree to compare (paved diff <dir>; default: package.json "paved.out", or gitops), or run paved synth first`;
  // the two sides share most files: each is parsed once
  const parsed = new Map<string, readonly ManifestObject[]>();
  try {
    const baseShown = options.baseDir;
    if (baseShown !== undefined) {
      const baseDir = path.resolve(io.cwd, baseShown);
      if (!fs.existsSync(baseDir))
        return `--base-dir ${options.baseDir}: no such folder (${baseDir}): pass ${BASE_DIR_HINT} (e.g. a clone of the platform repository, then --base-dir <clone>/gitops), or --base <ref> to compare with a Git revision`;
      // the base side is read on a worker thread while Git describes both sides and this thread reads the head side
      let revisions = { base: '', head: '' };
      const [base, head] = await modules.diff().readTreeFilesFromDirectories(baseDir, root, parsed, () => {
        revisions = { base: modules.diff().describeWorkTree(baseDir, baseShown), head: modules.diff().describeWorkTree(root, shown) };
      });
      return { base, head, revisions };
    }
    // a branch is compared with its merge base with --base: what a merge brings, not what --base gained since
    const base = modules.diff().diffBaseOf(root, options.base ?? 'HEAD');
    const revisions = { base: base.description, head: modules.diff().describeWorkTree(root, shown) };
    return { base: modules.diff().readTreeFilesFromGit(root, base.commit, parsed), head: modules.diff().readTreeFilesFromDirectory(root, parsed), revisions };
  } catch (e) {
    if (e instanceof modules.diff().DiffInputError) return explainDiffInput(e, shown);
    throw e;
  }
}

/** The org a diff checks images against: `--org`, the package's `paved.org` (either must exist), or the compared tree's own org.json when it is one. */
function diffOrg(io: Io, options: DiffCliOptions, head: TreeFiles): Org | undefined {
  const orgFile = options.org ?? readConfig(io.cwd).org;
  if (orgFile) {
    if (!fs.existsSync(path.resolve(io.cwd, orgFile))) throw missingOrg(orgFile);
    return Org.fromFile(path.resolve(io.cwd, orgFile));
  }
  // the tree's own org.json, when it is an org the platform published (a tree may hold another file of that name)
  const published = head.others?.get('org.json');
  if (!published) return undefined;
  try {
    return new Org(JSON.parse(published.toString('utf8')) as OrgProps);
  } catch {
    return undefined;
  }
}

/** An org's prices per environment, as `paved diff` asks them: a claim's monthly cost from its parameters (never its annotation). */
function pricingOf(org: Org | undefined): ClaimPricing | undefined {
  if (!org) return undefined;
  return (environment, object) => {
    const env = org.environments.find((e) => e.name === environment);
    const price = env ? priceClaim(object, env) : undefined;
    return price && price.problems.length === 0 ? { usd: price.usd, basis: price.basis } : undefined;
  };
}

/** What a KubeVela Application asks of its namespace at most, as the quotas count it (loaded when an Application differs). */
const appFootprint: FootprintOf = (object) => {
  if (object.kind !== 'Application' || !String(object.apiVersion).startsWith('core.oam.dev/')) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { footprint, problems } = (require('../k8s/app-footprint') as typeof import('../k8s/app-footprint')).applicationFootprint(object);
  return problems.length ? undefined : footprint;
};

/** An org's image policy per environment, as `paved diff` asks it: what is allowed, when an image is refused. */
function imagePolicyOf(org: Org | undefined): ImagePolicyCheck | undefined {
  if (!org) return undefined;
  return (environment, image) => {
    const env = org.environments.find((e) => e.name === environment);
    return env && !imageAllowed(image, env.images) ? `${allowedImages(env.images)} (environment ${env.name})` : undefined;
  };
}

/**
 * `paved diff`: compares the tree on disk with a Git revision or another
 * folder, object by object. With `--team` (or by default, for a team
 * repository's tree, which holds only its teams' folders) only those teams'
 * apps and catalog folders are compared, on both sides.
 */
export async function diffCommand(io: Io, dir: string | undefined, options: DiffCliOptions): Promise<number> {
  if (options.format && !['text', 'markdown', 'json'].includes(options.format)) {
    io.err(`paved diff: --format ${options.format} is not allowed: text, markdown or json\n`);
    return EXIT.ERROR;
  }
  if (options.fullDiffUrl !== undefined && modules.diff().linkableUrl(options.fullDiffUrl) === undefined) {
    io.err(`paved diff: --full-diff-url ${JSON.stringify(options.fullDiffUrl)} is not allowed: an http:// or https:// URL (where CI keeps the full diff)\n`);
    return EXIT.ERROR;
  }
  const root = defaultTree(io, dir);
  const shown = path.relative(io.cwd, root) || '.';
  const sides = await readDiffSides(io, root, shown, options);
  if (typeof sides === 'string') {
    io.err(`paved diff: ${sides}\n`);
    return EXIT.ERROR;
  }
  const teams = options.team?.length ? [...new Set(options.team)] : modules.diff().teamsOfTeamTree(sides.head);
  let diffOptions: DiffOptions = { clusterPerTopLevelFolder: isEnvironmentTree(root), ...(teams ? { scope: { teams } } : {}) };
  if (teams && !diffOptions.clusterPerTopLevelFolder) {
    io.err(`paved diff: --team needs a tree with one folder per environment; ${shown} is not one\n`);
    return EXIT.ERROR;
  }
  if (options.team?.length) {
    const has = (tree: TreeFiles, team: string) => [...tree.files.keys(), ...(tree.others?.keys() ?? [])].some((f) => modules.diff().inScope(f, { teams: [team] }));
    const unknown = (teams ?? []).filter((t) => !has(sides.base, t) && !has(sides.head, t));
    if (unknown.length) {
      io.err(`paved diff: --team ${unknown.join(',')}: no file below ${unknown.map((t) => `<env>/teams/${t}/apps/ or catalog/teams/${t}/apps/`).join(', ')} in either tree: check the team's name\n`);
      return EXIT.ERROR;
    }
  }
  // new images the environments' policy refuses go under "needs review"
  const org = diffOrg(io, options, sides.head);
  const imagePolicy = imagePolicyOf(org);
  if (imagePolicy) diffOptions = { ...diffOptions, imagePolicy };
  // and what the claims a change touches cost, priced from their parameters
  const pricing = pricingOf(org);
  if (pricing) diffOptions = { ...diffOptions, pricing };
  // and what each app asks of its namespace at most, as the quotas count it
  diffOptions = { ...diffOptions, footprint: appFootprint };
  // files that are the same on both sides are not parsed, unless every object is rendered
  const diff = options.rendered ? await renderedDiff(sides, diffOptions) : modules.diff().diffTreeFiles(sides.base, sides.head, diffOptions);
  // the builds the change moves, one line per app and environment; a promotion says how long it ran before (Git history)
  const order = org ? org.environments.map((e) => e.name) : [];
  const moves = modules
    .diff()
    .releaseMoves(
      diffOptions.scope ? modules.diff().scopeTree(sides.base, diffOptions.scope) : sides.base,
      diffOptions.scope ? modules.diff().scopeTree(sides.head, diffOptions.scope) : sides.head,
      order,
    );
  const releases = org ? withRanFor(io, org, moves) : moves;
  try {
    printDiff(io, { ...diff, revisions: sides.revisions, ...(releases.length ? { releases } : {}) }, options.format, options.fullDiffUrl);
  } catch (e) {
    // a comment that cannot hold its "needs review" is not written: the check fails closed
    if (!(e instanceof modules.diff().CommentTooLargeError)) throw e;
    io.err(`paved diff: ${e.message}\n`);
    return EXIT.ERROR;
  }
  return modules.diff().hasChanges(diff) ? EXIT.FINDINGS : EXIT.OK;
}

/** The diff of both sides with what KubeVela renders from them, and what Argo CD would not read on the head side. */
async function renderedDiff(sides: { base: TreeFiles; head: TreeFiles }, diffOptions: DiffOptions): Promise<TreeDiff> {
  const d = modules.diff();
  const scoped = (tree: TreeFiles) => (diffOptions.scope ? d.scopeTree(tree, diffOptions.scope) : tree);
  const diff = d.diffTrees(await withRendered(d.parseTree(sides.base)), await withRendered(d.parseTree(sides.head)), diffOptions);
  return { ...diff, needsReview: [...d.unreadable(scoped(sides.base), scoped(sides.head), [], diffOptions), ...diff.needsReview], files: d.diffFiles(sides.base, sides.head, diffOptions) };
}

/**
 * Each promotion with how long its build ran in the environment before, from
 * the project's release records and their Git history (measured as
 * `paved releases --check` measures it); moves stay as they are where the
 * project keeps no records or no history.
 */
function withRanFor(io: Io, org: Org, moves: readonly ReleaseMove[]): ReleaseMove[] {
  const project = releasesRoot(io.cwd, readConfig(io.cwd).definition);
  if (!moves.some((m) => m.promotedFrom !== undefined) || !fs.existsSync(path.join(project, RELEASES_FOLDER))) return [...moves];
  let repo: ReleaseRepository;
  try {
    repo = releaseRepository(project);
  } catch (e) {
    if (e instanceof ReleaseHistoryError) return [...moves];
    throw e;
  }
  const records = readReleaseFolder(project).records;
  return moves.map((m) => {
    const [team, app] = m.app.split('/');
    const record = records.find((r) => r.team === team && r.app === app && r.environment === m.environment && r.image === m.after);
    if (m.promotedFrom === undefined || !record) return m;
    // a record not committed yet has no moment of its own to measure to (the printed diff stays the same on any day)
    const { gate, entering } = recordGate(project, repo, org, record, 0);
    if (!entering) return m;
    if (!gate.ok) return { ...m, note: `refused by the release gates: ${gate.message}` };
    return gate.kind === 'promotion' && gate.ranMs !== undefined ? { ...m, note: `ran in ${m.promotedFrom} for ${formatDuration(gate.ranMs)}` } : m;
  });
}
