import { isPreviewAppsSet } from '../org/preview-names';
/**
 * `paved publish`: what the platform's CI runs on the branch pull requests
 * merge into, after every check passed. It synthesizes the source commit,
 * checks that the committed tree is exactly what synth writes, validates the
 * tree as `.ci/run`'s gates do (the synth's checks, `paved validate --render`:
 * schemas, references, policies, budgets and quotas, the admission proof), adds
 * the index files only the published tree holds (CATALOG.md,
 * catalog/last-changed.json, dated from Git history), and commits the tree to
 * the branch Argo CD follows: one commit per source commit, named by it, dated
 * by it, pushed as a fast-forward. Any problem: exit 1, the branch does not move.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type Io, EXIT } from './command';
import { defaultTree } from './tree';
import { validateCommand } from './validate-command';
import { synthIntoScratch } from './scratch-synth';
import {
  PublishGitError,
  SOURCE_TRAILER,
  type SourceCommit,
  changedFiles,
  commitTree,
  fetchPublished,
  isAncestor,
  publishedSource,
  pushPublished,
  scratchRepository,
  sourceCommit,
  writeTree,
} from './publish-git';
import { Org, type OrgProps } from '../org/org';
import { isBranchName, sameGitRepository } from '../private/git-url';
import { compareStrings } from '../private/compare';
import { LAST_CHANGED_FILE, SERVICE_INDEX_FILE, appsOfTree, lastChangedFile, serviceIndex } from '../portal/service-index';
import { ChangeHistoryError, lastChangedFromHistory } from '../synth/change-day';
import { recordDays } from '../release/history';
import { listFiles } from '../private/files';
import type { ManifestObject } from '../validate/findings';

/** The options of `paved publish`. */
export interface PublishCliOptions {
  /** The repository to publish to: a Git URL or a local path (default: the org's `gitops.publish.repoURL`). */
  readonly repo?: string;
  /** The branch (default: the org's `gitops.publish.branch`). */
  readonly branch?: string;
  /** Check everything and write the tree it would publish into this folder; nothing is committed or pushed. */
  readonly into?: string;
  /** The committed tree (default: package.json "paved.out", or gitops). */
  readonly out?: string;
  readonly definition?: string;
  readonly org?: string;
}

/** Where the tree goes: a repository (URL or path) and a branch. */
interface Target {
  readonly remote: string;
  readonly shown: string;
  readonly branch: string;
}

/** A Git URL (`https://`, `ssh://`, `git@host:`, `file://`), as opposed to a local path. */
function isUrl(repo: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(repo) || /^[\w.-]+@[\w.-]+:/.test(repo);
}

/** The repository and branch to publish to: the options, else the org's `gitops.publish`; checked. */
function targetOf(io: Io, org: Org, options: PublishCliOptions): Target | string {
  const branch = options.branch ?? org.gitops.publish.branch;
  if (!isBranchName(branch)) return `--branch ${JSON.stringify(branch)} is not allowed: a branch name (letters, digits and "._/-", no ".." or empty segment)`;
  const repo = options.repo ?? org.gitops.publish.repoURL;
  if (repo.startsWith('-')) return `--repo ${JSON.stringify(repo)} is not allowed: a Git URL or a path`;
  const remote = isUrl(repo) ? repo : path.resolve(io.cwd, repo);
  // the branch pull requests merge into is the source: publishing onto it would make Argo CD follow unchecked merges
  if (branch === org.gitops.revision && (!isUrl(repo) || sameGitRepository(repo, org.gitops.repoURL))) {
    return `--branch ${branch} is not allowed: the branch pull requests merge into (gitops.revision); publish to gitops.publish.branch (${org.gitops.publish.branch})`;
  }
  return { remote, shown: repo, branch };
}

/** The org the committed tree publishes (org.json), if it holds a readable one: the defaults before anything is synthesized. */
function committedOrg(tree: string): Org | undefined {
  try {
    return Org.deferProblems(() => new Org(JSON.parse(fs.readFileSync(path.join(tree, 'org.json'), 'utf8')) as OrgProps));
  } catch {
    return undefined;
  }
}

/** A commit's subject as paved prints it: control characters (a terminal's escape sequences) replaced by spaces, at most `max` characters. */
function plainSubject(subject: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return subject.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, max);
}

/** The published commit's message: names the source commit (subject and trailer) and says what was checked. */
export function publishMessage(source: Pick<SourceCommit, 'hash' | 'subject'>): string {
  const subject = plainSubject(source.subject, 100);
  return [
    `Publish ${source.hash.slice(0, 12)}: ${subject}`,
    '',
    `paved publish synthesized this tree from ${source.hash}, found the tree that`,
    'commit carries to be exactly what synth writes, and found no problem in it',
    "(the synth's checks; paved validate --render: schemas, references, policies,",
    'budgets and quotas, the admission proof).',
    '',
    `${SOURCE_TRAILER}: ${source.hash}`,
    '',
  ].join('\n');
}

/**
 * Refuses a tree in which an Argo CD source of the repositories publishing
 * concerns follows another revision than the published branch: Argo CD would
 * read what no check passed.
 */
function followingOtherRevisions(objects: readonly ManifestObject[], org: Org, target: Target): string[] {
  const problems: string[] = [];
  const repos = [org.gitops.repoURL, org.gitops.publish.repoURL, ...(isUrl(target.shown) ? [target.shown] : [])];
  for (const m of objects) {
    const api = String(m.object.apiVersion ?? '');
    if (!api.startsWith('argoproj.io/') || (m.object.kind !== 'Application' && m.object.kind !== 'ApplicationSet')) continue;
    // a preview's apps follow the pull request's head, in the team's previews project (never platform): what previews are for
    if (isPreviewAppsSet(m.object)) continue;
    const spec = (m.object.spec ?? {}) as Record<string, unknown>;
    const body = (m.object.kind === 'ApplicationSet' ? ((spec.template as Record<string, unknown> | undefined)?.spec ?? {}) : spec) as Record<string, unknown>;
    const sources = [body.source, ...(Array.isArray(body.sources) ? body.sources : [])].filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
    for (const s of sources) {
      const repo = typeof s.repoURL === 'string' ? s.repoURL : undefined;
      if (repo === undefined || s.chart !== undefined || !repos.some((r) => sameGitRepository(r, repo))) continue;
      if (s.targetRevision !== target.branch) {
        const name = String((m.object.metadata as { name?: unknown } | undefined)?.name);
        problems.push(
          `${m.file}: ${String(m.object.kind)} ${name}: targetRevision = ${JSON.stringify(s.targetRevision ?? 'HEAD')} is not allowed: ${target.branch}, the branch paved publish writes (Argo CD follows only what passed every check)`,
        );
      }
    }
  }
  return problems.sort(compareStrings);
}

/** Prints a list of problems under a heading, to standard error. */
function refuse(io: Io, heading: string, problems: readonly string[]): number {
  io.err(`paved publish: ${heading}; nothing published:\n`);
  for (const p of problems.slice(0, 50)) io.err(`  - ${p.replace(/\n/g, '\n    ')}\n`);
  if (problems.length > 50) io.err(`  ... and ${problems.length - 50} more\n`);
  return EXIT.FINDINGS;
}

/** Runs `paved validate <tree> --render` on the synthesized copy, its output indented; whether it passed. */
async function validateCopy(io: Io, tree: string): Promise<boolean> {
  let text = '';
  const capture: Io = { out: (t) => (text += t), err: (t) => (text += t), cwd: path.dirname(tree) };
  const code = await validateCommand(capture, path.basename(tree), { render: true });
  io.out(text.replace(/^(?=.)/gm, '  '));
  return code === EXIT.OK;
}

/** The published tree's index files (CATALOG.md, catalog/last-changed.json), from the tree and the source's history. */
async function indexFiles(org: Org, tree: string, source: SourceCommit, treeInRepo: string, cwd: string): Promise<Map<string, string>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadManifests } = require('../validate/manifests') as typeof import('../validate/manifests');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isCatalogEntity } = require('../validate/backstage-check') as typeof import('../validate/backstage-check');
  const changes = await lastChangedFromHistory({ repository: source.top, commit: source.hash, treePath: treeInRepo, apps: appsOfTree(listFiles(tree)) });
  const entities = loadManifests(tree).objects.filter((m) => isCatalogEntity(m.object));
  return new Map([
    [LAST_CHANGED_FILE, lastChangedFile(changes)],
    [SERVICE_INDEX_FILE, serviceIndex(org, entities, changes, releaseDaysOf(source, cwd))],
  ]);
}

/**
 * `paved publish`: check the source commit the checkout is at and publish its
 * tree to the branch Argo CD follows (see the file's comment). With `--into`,
 * the same checks, and the tree it would publish written to a folder.
 */
export async function publishCommand(io: Io, options: PublishCliOptions): Promise<number> {
  const started = Date.now();
  const root = defaultTree(io, options.out);
  let source: SourceCommit;
  try {
    source = sourceCommit(io.cwd);
  } catch (e) {
    if (!(e instanceof PublishGitError)) throw e;
    io.err(`paved publish: ${e.message}\n`);
    return e.badInput ? EXIT.FINDINGS : EXIT.ERROR;
  }
  const treeInRepo = path.relative(source.top, root).split(path.sep).join('/');
  if (treeInRepo === '' || treeInRepo.startsWith('..')) {
    io.err(`paved publish: the tree ${root} is not a folder inside the repository at ${source.top}\n`);
    return EXIT.FINDINGS;
  }
  if (options.into !== undefined) {
    const into = path.resolve(io.cwd, options.into);
    if (fs.existsSync(into) && fs.readdirSync(into).length > 0) {
      io.err(`paved publish: --into ${options.into} is not allowed: a folder that does not exist yet or is empty (nothing is overwritten)\n`);
      return EXIT.FINDINGS;
    }
  }
  io.out(`paved publish: ${source.hash.slice(0, 12)} (${plainSubject(source.subject, 80)})\n`);
  // already published? (read from the committed org: nothing is synthesized for a second run on the same commit)
  const early = committedOrg(root);
  const earlyTarget = early ? targetOf(io, early, options) : undefined;
  // a bad --branch or --repo is refused before anything is synthesized
  if (typeof earlyTarget === 'string') return refuse(io, 'bad target', [earlyTarget]);
  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-publish-'));
  try {
    const repo = scratchRepository(scratchRoot, source);
    if (earlyTarget !== undefined && options.into === undefined) {
      const head = fetchPublished(repo, earlyTarget.remote, earlyTarget.branch);
      if (head !== undefined && publishedSource(repo, head) === source.hash) {
        io.out(`already published: ${earlyTarget.branch} of ${earlyTarget.shown} is at ${head.slice(0, 12)}, made from ${source.hash.slice(0, 12)}; nothing to do\n`);
        return EXIT.OK;
      }
    }
    return await checkAndPublish(io, options, { root, source, treeInRepo, repo, started });
  } catch (e) {
    if (e instanceof PublishGitError || e instanceof ChangeHistoryError) {
      io.err(`paved publish: ${e.message}; nothing published\n`);
      return e instanceof ChangeHistoryError || e.badInput ? EXIT.FINDINGS : EXIT.ERROR;
    }
    throw e;
  } finally {
    fs.rmSync(scratchRoot, { recursive: true, force: true });
  }
}

/** What {@link checkAndPublish} works with. */
interface PublishRun {
  readonly root: string;
  readonly source: SourceCommit;
  readonly treeInRepo: string;
  readonly repo: string;
  readonly started: number;
}

/** The checks, then the commit and the push (or the folder, with `--into`). */
async function checkAndPublish(io: Io, options: PublishCliOptions, run: PublishRun): Promise<number> {
  const { root, source } = run;
  const shown = path.relative(io.cwd, root) || '.';
  const synth = await synthIntoScratch(io, root, { definition: options.definition, org: options.org }, 'paved-publish-');
  try {
    const { result, org } = synth;
    if (!result.written || org === undefined) return refuse(io, `synth refuses ${source.hash.slice(0, 12)} (${result.errors.length} problem(s))`, result.errors);
    io.out(`  synthesized ${synth.files} files (${Date.now() - run.started} ms)\n`);
    if (synth.differing.length > 0) {
      return refuse(io, `${shown} as committed in ${source.hash.slice(0, 12)} is not what synth writes (${synth.differing.length} file(s)); run paved synth and commit`, synth.differing);
    }
    io.out(`  ${shown} is exactly what synth writes\n`);
    const target = targetOf(io, org, options);
    if (typeof target === 'string') return refuse(io, 'bad target', [target]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadManifests } = require('../validate/manifests') as typeof import('../validate/manifests');
    const following = followingOtherRevisions(loadManifests(synth.tree).objects, org, target);
    if (following.length > 0) return refuse(io, `Argo CD sources of the tree follow another revision than ${target.branch}`, following);
    if (!(await validateCopy(io, synth.tree))) return refuse(io, `paved validate --render finds errors in the tree of ${source.hash.slice(0, 12)}`, ['see the findings above']);
    for (const [file, content] of await indexFiles(org, synth.tree, source, run.treeInRepo, io.cwd)) {
      fs.mkdirSync(path.dirname(path.join(synth.tree, file)), { recursive: true });
      fs.writeFileSync(path.join(synth.tree, file), content);
    }
    if (options.into !== undefined) {
      fs.cpSync(synth.tree, path.resolve(io.cwd, options.into), { recursive: true });
      io.out(
        `wrote the tree paved publish would publish for ${source.hash.slice(0, 12)} to ${options.into} (${listFiles(synth.tree).length} files; nothing committed or pushed) in ${Date.now() - run.started} ms\n`,
      );
      return EXIT.OK;
    }
    return commitAndPush(io, org, target, synth.tree, run);
  } finally {
    fs.rmSync(synth.scratch, { recursive: true, force: true });
  }
}

/** Commits the checked tree on the published head and pushes it; refuses a head that is not an ancestor's publication. */
function commitAndPush(io: Io, org: Org, target: Target, tree: string, run: PublishRun): number {
  const { source, repo } = run;
  const head = fetchPublished(repo, target.remote, target.branch);
  if (head !== undefined) {
    const published = publishedSource(repo, head);
    if (published === source.hash) {
      io.out(`already published: ${target.branch} of ${target.shown} is at ${head.slice(0, 12)}, made from ${source.hash.slice(0, 12)}; nothing to do\n`);
      return EXIT.OK;
    }
    if (published === undefined) {
      return refuse(io, `${target.branch} of ${target.shown} is at ${head.slice(0, 12)}, which paved publish did not make (no ${SOURCE_TRAILER} trailer)`, [
        `only paved publish writes ${target.branch}: let the platform's CI alone push it (docs/ci.md), or publish to a new branch`,
      ]);
    }
    const ancestor = isAncestor(source.top, published, source.hash);
    if (ancestor !== true) {
      return refuse(io, `${target.branch} holds ${published.slice(0, 12)}, ${ancestor === undefined ? 'a commit this clone does not have' : `not an ancestor of ${source.hash.slice(0, 12)}`}`, [
        ancestor === undefined
          ? 'fetch the whole history of the source (git fetch --unshallow, fetch-depth: 0) and run again'
          : `publishing ${source.hash.slice(0, 12)} would take back what ${published.slice(0, 12)} published (an older commit run again, or a rewritten history): publish the newest commit of ${org.gitops.revision}; roll back with a revert there`,
      ]);
    }
  }
  const files = listFiles(tree).sort(compareStrings);
  const treeHash = writeTree(repo, tree, files, org.gitops.path, path.join(path.dirname(repo), 'index'));
  const commit = commitTree(repo, treeHash, head, publishMessage(source), source.date);
  pushPublished(repo, target.remote, commit, target.branch);
  const changed = changedFiles(repo, head, commit);
  io.out(
    `published ${source.hash.slice(0, 12)} as ${commit.slice(0, 12)} on ${target.branch} of ${target.shown}: ${files.length} files below ${org.gitops.path}/, ${changed} changed since ${head ? head.slice(0, 12) : 'nothing (the first publication)'} (${Date.now() - run.started} ms)\n`,
  );
  return EXIT.OK;
}

/** The day each release record of the source commit last changed (the project's releases/ folder), for the index. */
function releaseDaysOf(source: SourceCommit, cwd: string): Map<string, string> {
  const prefix = path.relative(source.top, path.resolve(cwd)).split(path.sep).join('/');
  return recordDays({ top: source.top, prefix }, source.hash);
}
