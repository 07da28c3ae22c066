import { declareAddOn } from './declaration';

/** Crossplane's environment-configs composition function (a package `PlatformServices` installs). */
export const FUNCTION_ENVIRONMENT_CONFIGS = declareAddOn({
  name: 'function-environment-configs',
  release: {
    project: 'function-environment-configs',
    repo: 'crossplane-contrib/function-environment-configs',
    tag: 'v0.7.1',
    commit: '054a6b8d08ae3e0c957a0e75359b14f88340ca39',
    date: '2026-05-22',
    packages: ['xpkg.crossplane.io/crossplane-contrib/function-environment-configs'],
    newestStableTag: 'v0.7.1',
  },
});
