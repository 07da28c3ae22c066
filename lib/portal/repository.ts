/**
 * Web addresses of folders and files in a Git repository, from its clone URL.
 * @internal
 */

/** A repository on a Git host, read from its https clone URL. */
export interface RepositoryLocation {
  /** The host, e.g. `github.com`. */
  readonly host: string;
  /** The owner (user, organisation or GitLab group path). */
  readonly owner: string;
  /** The repository's name, without `.git`. */
  readonly name: string;
  /** The repository's web address, e.g. `https://github.com/acme/platform`. */
  readonly web: string;
}

/** Reads an https clone URL (`https://github.com/acme/platform.git`); undefined when it is not one. */
export function parseRepository(url: string): RepositoryLocation | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const parts = u.pathname
    .replace(/\.git$/, '')
    .split('/')
    .filter(Boolean);
  if (parts.length < 2) return undefined;
  const name = parts[parts.length - 1];
  const owner = parts.slice(0, -1).join('/');
  return { host: u.host, owner, name, web: `${u.protocol}//${u.host}/${owner}/${name}` };
}

/** The web address of a folder (`kind` tree) or file (`blob`) at a revision; GitLab puts `/-/` before it. */
function webPath(repo: RepositoryLocation, kind: 'tree' | 'blob', revision: string, file: string): string {
  const sep = repo.host.includes('gitlab') ? '/-/' : '/';
  return `${repo.web}${sep}${kind}/${revision}/${file.replace(/^\/+/, '')}`;
}

/** The web address of a folder of a repository, ending in `/` (as Backstage's `url:` locations expect). */
export function folderUrl(repoUrl: string, revision: string, folder: string): string {
  const repo = parseRepository(repoUrl);
  if (!repo) return repoUrl;
  return `${webPath(repo, 'tree', revision, folder).replace(/\/+$/, '')}/`;
}

/** The web address of a file of a repository. */
export function fileUrl(repoUrl: string, revision: string, file: string): string {
  const repo = parseRepository(repoUrl);
  if (!repo) return repoUrl;
  return webPath(repo, 'blob', revision, file);
}
