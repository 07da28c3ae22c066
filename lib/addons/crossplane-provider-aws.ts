import { CROSSPLANE_AWS_SERVICES } from '../org/identities';
import { declareAddOn } from './declaration';

/**
 * Crossplane's AWS providers, one family member per service the platform
 * manages (lib/org/identities.ts): packages `PlatformServices` installs, the
 * namespaced `.m.` kinds of v2.
 */
export const CROSSPLANE_PROVIDER_AWS = declareAddOn({
  name: 'provider-aws',
  release: {
    // the community build of the provider's source (the xpkg.upbound.io/upbound build keeps only its newest version pullable without a subscription)
    project: 'crossplane-provider-aws',
    repo: 'crossplane-contrib/provider-upjet-aws',
    tag: 'v2.6.0',
    commit: '857b535dd0eb9b8242ad9d7c4e54aaa3e4616d60',
    date: '2026-06-11',
    packages: CROSSPLANE_AWS_SERVICES.map((s) => `xpkg.crossplane.io/crossplane-contrib/provider-aws-${s}`),
    newestStableTag: 'v2.6.0',
  },
});
