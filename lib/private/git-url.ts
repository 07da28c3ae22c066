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
