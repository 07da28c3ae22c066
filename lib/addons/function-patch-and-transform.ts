import { declareAddOn } from './declaration';

/** Crossplane's patch-and-transform composition function (a package `PlatformServices` installs). */
export const FUNCTION_PATCH_AND_TRANSFORM = declareAddOn({
  name: 'function-patch-and-transform',
  release: {
    project: 'function-patch-and-transform',
    repo: 'crossplane-contrib/function-patch-and-transform',
    tag: 'v0.10.8',
    commit: '6b35ed851b91bb9d0e59e0bd98cdad06b045d873',
    date: '2026-07-27',
    packages: ['xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform'],
    newestStableTag: 'v0.10.8',
  },
});
