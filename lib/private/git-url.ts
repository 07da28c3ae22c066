/**
 * The host and owner of a Git clone URL in any of its forms
 * (`https://github.com/acme/orders.git`, `ssh://git@github.com/acme/orders.git`,
 * `git@github.com:acme/orders.git`): what says whose repository it is.
 * @internal
 */
export function gitHostAndOwner(url: string): { readonly host: string; readonly owner: string } | undefined {
  const scp = /^[\w.-]+@([\w.-]+):([\w.-]+)\/[\w./-]+$/.exec(url);
  if (scp) return { host: scp[1].toLowerCase(), owner: scp[2].toLowerCase() };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!['https:', 'ssh:', 'http:'].includes(u.protocol)) return undefined;
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts.length < 2) return undefined;
  return { host: u.hostname.toLowerCase(), owner: parts[0].toLowerCase() };
}

/** Whether two clone URLs are repositories of the same owner on the same host. */
export function sameGitOwner(a: string, b: string): boolean {
  const x = gitHostAndOwner(a);
  const y = gitHostAndOwner(b);
  return x !== undefined && y !== undefined && x.host === y.host && x.owner === y.owner;
}

/** @internal Whether two clone URLs name the same repository, as Argo CD compares them: case, a trailing slash and `.git` aside. */
export function sameGitRepository(a: string, b: string): boolean {
  const normal = (url: string) =>
    url
      .trim()
      .toLowerCase()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
  return normal(a) === normal(b);
}

/**
 * @internal
 * Whether a name is a Git branch name (as `git check-ref-format --branch`
 * takes it, and a little stricter): letters, digits and `._/-`, no empty or
 * dot-led segment, no `..`, no `.lock` ending, not `HEAD`, at most 200 characters.
 */
export function isBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 200 || name === 'HEAD' || name.startsWith('-')) return false;
  if (!/^[A-Za-z0-9._/-]+$/.test(name) || name.includes('..')) return false;
  return name.split('/').every((segment) => segment.length > 0 && !segment.startsWith('.') && !segment.endsWith('.lock'));
}
