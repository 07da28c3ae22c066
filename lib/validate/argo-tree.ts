import { PREVIEWS_FOLDER } from '../org/preview-names';
import { type DirectorySettings, PAVED_DIRECTORY, PAVED_MANIFEST_GLOB, ROOT_APPLICATION_NAME, ROOT_DIRECTORY } from '../private/argo-directory-settings';
import { KUSTOMIZATION_NAMES, type Source, type SourceContext, applicationSourcesOf, gitopsOfTree, sourceToRead } from './argo-application-source';
import { MAX_COMBINED_MANIFEST_BYTES, SKIP_FILE_RENDERING, isArgoManifestName, readDirectorySource } from './argo-directory';
import type { Finding, ManifestObject } from './findings';
import { showBytes } from './manifest-read';
import { type SourceTree, childrenOf } from './source-tree';

/**
 * A GitOps tree read as Argo CD will read it: each cluster folder from its
 * root Application (the cloud bootstrap's: `<env>/`, its `.yaml` files, not
 * recursive), then every Application found in what is read, each source of
 * the GitOps repository with its own folder and directory settings, until no
 * new source is found. A tree without Applications at a cluster's root (a
 * team repository's proposal) is read as paved's generated Applications read
 * it. What no Application applies is not a manifest of the tree (an error in a
 * team's folder, which holds only what is applied); links, special files and
 * files that change how Argo CD reads a folder are refused.
 */

/** One file an Application applies. */
export interface AppliedFile {
  /** The file (tree path). */
  readonly file: string;
  /** The Application that applies it (`root` for the cloud bootstrap's). */
  readonly application: string;
  /** Applied client-side (Argo CD's default): each object then carries its JSON in an annotation. */
  readonly clientSide: boolean;
  /** The team whose folder holds it (`<env>/teams/<team>/apps/`), if any. */
  readonly team?: string;
}

/** A tree as Argo CD reads it. */
export interface TreeReading {
  /** The files Applications apply, each once, in reading order. */
  readonly applied: readonly AppliedFile[];
  /** The Backstage catalog's YAML files (`catalog/`, read by Backstage, not Argo CD). */
  readonly catalog: readonly string[];
  /** What is wrong with the tree as files. */
  readonly findings: readonly Finding[];
}

/** Options of {@link readGitOpsTree}. */
export interface TreeReadOptions {
  /** The tree holds one folder per environment (cluster), and `catalog/`. */
  readonly environments: boolean;
  /** The objects of an applied file (the caller reads each file once). */
  readonly objectsOf: (file: AppliedFile) => readonly ManifestObject[];
  /**
   * Read each cluster folder as paved's generated Applications read it, even
   * when the tree holds Applications (the synth reads the files it keeps so:
   * the Applications it writes are those).
   * @default false
   */
  readonly generated?: boolean;
  /**
   * What a manifest file no Application applies is, outside a team's apps
   * folder (where it is always an error): an error (a GitOps tree holds only
   * what is applied), or nothing (the synth keeps such files and names them;
   * `paved validate` judges them).
   * @default 'error'
   */
  readonly strayFiles?: 'error' | 'ignore';
  /**
   * The GitOps repository and the tree's path in it (from the org): sources of
   * other repositories are not read from the tree.
   * @default - read from the tree's org.json; else any source whose path names a folder of the tree
   */
  readonly gitops?: { readonly repoURL: string; readonly path: string };
}

/**
 * Whether a tree holds one folder per environment (cluster) at its top level
 * (and `catalog/`): folders, and no YAML file beside them; a folder that holds
 * `teams/` or `platform/` is one environment's folder, not a tree of them.
 */
export function isEnvironmentTreeOf(tree: SourceTree): boolean {
  const top = childrenOf(tree, '');
  const dir = (p: string) => tree.entries.get(p)?.type === 'dir';
  return top.some(dir) && top.every((p) => dir(p) || !/\.ya?ml$/.test(p)) && !top.some((p) => dir(p) && (p === 'teams' || p === 'platform'));
}

/** The team whose apps folder holds a file, if any (`<env>/teams/<team>/apps/…`, `catalog/teams/<team>/apps/…`). */
export function teamFolderOf(file: string, environments: boolean): string | undefined {
  // the names of the path read in place (the readers ask it of every file): `teams`, the team, `apps`, then anything
  const start = environments ? file.indexOf('/') + 1 : 0;
  if ((environments && start === 0) || !file.startsWith('teams/', start)) return undefined;
  const teamEnd = file.indexOf('/', start + 'teams/'.length);
  return teamEnd >= 0 && file.startsWith('apps/', teamEnd + 1) ? file.slice(start + 'teams/'.length, teamEnd) : undefined;
}

const KUSTOMIZATION = KUSTOMIZATION_NAMES;
/** How a folder that is not a GitOps tree is read: every .yaml and .yml file below it. */
const FOLDER_DIRECTORY: DirectorySettings = { recurse: true, include: '{*.yaml,*.yml}', exclude: '' };
/** The bound on sources followed (Applications that point at Applications), so that no tree reads forever. */
const MAX_SOURCES = 10_000;

/** Reads a tree as Argo CD will read it (see the module's comment). */
export function readGitOpsTree(tree: SourceTree, options: TreeReadOptions): TreeReading {
  return new TreeReader(tree, options).read();
}

/** One reading of a tree: what is applied so far, what is left to read, what was found. */
class TreeReader {
  private readonly env: boolean;
  private readonly findings: Finding[] = [];
  private readonly applied = new Map<string, AppliedFile>();
  /** Folders rendered by Helm, Kustomize or a plugin: their files are not manifests. */
  private readonly rendered: string[] = [];
  private readonly seen = new Set<string>();
  private readonly queue: Source[] = [];
  private readonly context: SourceContext;

  constructor(
    private readonly tree: SourceTree,
    private readonly options: TreeReadOptions,
  ) {
    this.env = options.environments;
    this.context = { tree, gitops: options.gitops ?? gitopsOfTree(tree), inTeamFolder: (f) => teamFolderOf(f, this.env) !== undefined, findings: this.findings };
  }

  read(): TreeReading {
    const { tree, env } = this;
    this.findings.push(...entryFindings(tree, env));
    const catalog: string[] = [];
    const clusters: string[] = [];
    for (const top of env ? childrenOf(tree, '') : []) {
      if (tree.entries.get(top)?.type !== 'dir') continue;
      if (top === 'catalog') catalog.push(...catalogFiles(tree));
      else clusters.push(top);
    }
    if (!env) {
      // a folder that is not a GitOps tree: its .yaml and .yml files, a Helm chart's aside (no Application to follow)
      for (const [p, entry] of tree.entries) if (entry.type === 'dir' && tree.entries.get(`${p}/Chart.yaml`)?.type === 'file') this.rendered.push(p);
      if (tree.entries.get('Chart.yaml')?.type === 'file') this.rendered.push('');
      this.readSource({ folder: '', how: FOLDER_DIRECTORY, application: ROOT_APPLICATION_NAME, definedIn: '', clientSide: false });
    }
    for (const cluster of clusters) {
      this.enqueue({ folder: cluster, how: ROOT_DIRECTORY, application: ROOT_APPLICATION_NAME, definedIn: '', clientSide: true });
      // whether the cluster holds Applications decides how it is read: without any, as paved generates them
      if (this.drain() > 0 && !this.options.generated) continue;
      for (const s of generatedSources(tree, cluster)) this.enqueue(s);
      this.drain();
    }
    this.strayFiles();
    return { applied: [...this.applied.values()], catalog, findings: this.findings };
  }

  private fileFinding(file: string, object: string, message: string): void {
    this.findings.push({ severity: 'error', rule: 'read', file, object, field: '', message });
  }

  private enqueue(s: Source): void {
    const key = JSON.stringify([s.folder, s.how, s.application]);
    if (this.seen.has(key) || this.seen.size >= MAX_SOURCES) return;
    this.seen.add(key);
    this.queue.push(s);
  }

  /** Reads every source queued (and those they lead to); returns how many Applications they held. */
  private drain(): number {
    let applications = 0;
    while (this.queue.length > 0) applications += this.readSource(this.queue.shift() as Source);
    return applications;
  }

  private isRendered(file: string): boolean {
    return this.rendered.some((r) => r === '' || file.startsWith(`${r}/`));
  }

  /** Reads one source; returns how many Applications its files hold. */
  private readSource(source: Source): number {
    if (typeof source.how === 'string') {
      this.rendered.push(source.folder);
      return 0;
    }
    const reading = readDirectorySource(this.tree, source.folder, source.how);
    if (reading.bytes > MAX_COMBINED_MANIFEST_BYTES) {
      this.fileFinding(
        source.definedIn || source.folder,
        `Application ${source.application}`,
        `reads ${showBytes(reading.bytes)} of manifests from ${source.folder || '.'}: over Argo CD's limit of ${showBytes(MAX_COMBINED_MANIFEST_BYTES)} (the repo server's --max-combined-directory-manifests-size), so Argo CD applies none of them`,
      );
    }
    for (const file of reading.skipped) {
      const team = teamFolderOf(file, this.env);
      if (team !== undefined) this.fileFinding(file, 'file', `holds ${SKIP_FILE_RENDERING}, so Argo CD skips it: team ${team}'s apps folder holds only what is applied; remove the file`);
    }
    let applications = 0;
    for (const file of reading.files) {
      if (this.isRendered(file)) continue;
      const first = this.applied.get(file);
      if (first) {
        this.fileFinding(file, 'file', `is applied by two Argo CD Applications (${first.application} and ${source.application}): each file must have one`);
        continue;
      }
      const team = teamFolderOf(file, this.env);
      const entry: AppliedFile = { file, application: source.application, clientSide: source.clientSide, ...(team !== undefined ? { team } : {}) };
      this.applied.set(file, entry);
      if (team !== undefined && !file.endsWith('.yaml'))
        this.fileFinding(file, 'file', `Argo CD applies it, but a team's apps folder holds only the ${PAVED_MANIFEST_GLOB} files paved writes: write it as a .yaml manifest`);
      for (const m of this.options.objectsOf(entry)) {
        const sources = this.env && !this.options.generated ? applicationSourcesOf(m) : undefined;
        if (sources === undefined) continue;
        applications++;
        for (const s of sources) {
          const next = sourceToRead(this.context, m, s.field, s.source);
          if (next) this.enqueue(next);
        }
      }
    }
    return applications;
  }

  /** What no Application applies: an error in a team's apps folder, and a manifest anywhere in a cluster's folder. */
  private strayFiles(): void {
    for (const [file, entry] of this.tree.entries) {
      if (entry.type !== 'file' || this.applied.has(file)) continue;
      if (this.env && (!file.includes('/') || file.startsWith('catalog/'))) continue;
      if (this.isRendered(file)) continue;
      const team = teamFolderOf(file, this.env);
      if (team !== undefined) {
        this.fileFinding(
          file,
          'file',
          `no Argo CD Application applies it: team ${team}'s apps folder holds only what its Application applies, the ${PAVED_MANIFEST_GLOB} files paved writes (one object each); remove it, or write it as a .yaml manifest`,
        );
      } else if (this.env && this.options.strayFiles !== 'ignore' && isArgoManifestName(file.slice(file.lastIndexOf('/') + 1))) {
        this.fileFinding(
          file,
          'file',
          'no Argo CD Application of the tree applies it: a GitOps tree holds only what its Applications apply (paved writes nothing else); remove it, or move it to a folder an Application reads',
        );
      }
    }
  }
}

/** The folders paved's generated Applications read in a cluster folder (a tree without Applications: a team's proposal). */
function generatedSources(tree: SourceTree, cluster: string): Source[] {
  const out: Source[] = [];
  const dir = (f: string) => tree.entries.get(f)?.type === 'dir';
  const add = (folder: string, application: string, clientSide = true) => {
    if (dir(folder)) out.push({ folder, how: PAVED_DIRECTORY, application, definedIn: '', clientSide });
  };
  add(`${cluster}/platform/namespaces`, 'platform-namespaces');
  add(`${cluster}/platform/config`, 'platform-config', false);
  for (const teamDir of childrenOf(tree, `${cluster}/teams`)) {
    const team = teamDir.slice(teamDir.lastIndexOf('/') + 1);
    add(`${teamDir}/tenant`, `team-${team}-tenant`);
    add(`${teamDir}/apps`, `team-${team}-apps`);
  }
  // the previews' folders, which the preview ApplicationSets read per pull request
  for (const teamDir of childrenOf(tree, `${cluster}/${PREVIEWS_FOLDER}`)) {
    const team = teamDir.slice(teamDir.lastIndexOf('/') + 1);
    add(`${teamDir}/tenant`, `${team}-pr-<number>-tenancy`);
    add(`${teamDir}/apps`, `${team}-pr-<number>-apps`);
  }
  return out;
}

/** The catalog's YAML files (Backstage entities), as read before: every .yaml/.yml file but a Helm chart's. */
function catalogFiles(tree: SourceTree): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    const children = childrenOf(tree, dir);
    if (children.some((p) => p.endsWith('/Chart.yaml'))) return;
    for (const p of children) {
      const entry = tree.entries.get(p);
      if (entry?.type === 'dir') walk(p);
      else if (entry?.type === 'file' && /\.ya?ml$/.test(p)) out.push(p);
    }
  };
  walk('catalog');
  return out;
}

/**
 * What is refused wherever it is in the tree: links (never followed),
 * special files (never opened), `.argocd-source*.yaml` files (Argo CD merges
 * them into the Application that reads the folder), and in a team's folder
 * the files that make Argo CD render a folder with Helm or Kustomize.
 */
export function entryFindings(tree: SourceTree, env: boolean): Finding[] {
  const findings: Finding[] = [];
  const fail = (file: string, object: string, message: string) => findings.push({ severity: 'error', rule: 'read', file, object, field: '', message });
  for (const [file, entry] of tree.entries) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const team = teamFolderOf(file, env);
    if (entry.type === 'link') {
      fail(
        file,
        `link to ${entry.target ?? '?'}`,
        team !== undefined
          ? `team ${team}'s apps folder holds no links: Argo CD would apply the file it points to, which can be another team's; write the file itself`
          : 'paved follows no link (a tree it writes holds none), and Argo CD would apply the file it points to: write the file itself',
      );
    } else if (entry.type === 'other') {
      fail(file, entry.what ?? 'special file', 'is not a regular file: a GitOps tree holds only files and folders (paved does not open it)');
    } else if (entry.type === 'file' && /^\.argocd-source(-.*)?\.yaml$/.test(name)) {
      fail(
        file,
        'Argo CD source override',
        `Argo CD merges ${name} into the source of the Application that reads this folder (it can change which files are applied, or render them with Helm or Kustomize): paved refuses it; set the source in the Application`,
      );
    } else if (entry.type === 'file' && team !== undefined && (name.endsWith('Chart.yaml') || KUSTOMIZATION.includes(name))) {
      fail(
        file,
        name.endsWith('Chart.yaml') ? 'Helm chart' : 'Kustomization',
        `makes Argo CD render the folder with ${name.endsWith('Chart.yaml') ? 'Helm' : 'Kustomize'} when an Application leaves its type to detection: team ${team}'s apps folder holds only the manifests paved writes`,
      );
    }
  }
  return findings;
}
