import type { Facet } from './facet';

/** The paths an app may write to when it does not say. */
const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp'];

/** The paths the app's processes may write to (its root file system is read-only). @internal */
export function writablePathsOf(paths: readonly string[] | undefined): readonly string[] {
  return paths ?? DEFAULT_WRITABLE_PATHS;
}

/** The volumes of the paths a process may write to: one empty, pod-local directory each. @internal */
export function writableVolumes(paths: readonly string[]): { readonly volumeMounts?: { readonly emptyDir: readonly { readonly name: string; readonly mountPath: string }[] } } {
  return paths.length > 0 ? { volumeMounts: { emptyDir: paths.map((mountPath, i) => ({ name: `writable-${i}`, mountPath })) } } : {};
}

/**
 * The paths the app may write to: each an empty, pod-local volume of its web component (and of its workers' and
 * jobs', see the processes facet).
 * @internal
 */
export const writablePathsFacet: Facet = (props, { check }) => {
  const writablePaths = writablePathsOf(props.writablePaths);
  writablePaths.forEach((p, i) => {
    check.check(/^\/[^\0]*$/.test(p) && p !== '/' && !p.split('/').includes('..'), `writablePaths[${i}]`, p, 'an absolute path other than "/", without ".."');
    check.check(writablePaths.indexOf(p) === i, `writablePaths[${i}]`, p, 'a path not listed twice');
  });
  return { properties: writableVolumes(writablePaths) };
};
