import { Construct } from 'constructs';
import { TraitDefinition } from '../../../imports/kubevela-traitdefinition-core.oam.dev';
import { placeIn } from '../../private/placement';
import { VELA_SYSTEM_NAMESPACE } from '../../import/sources';
import { PLATFORM_DEFINITIONS } from '../../definitions/traits';

/**
 * The platform's own KubeVela definitions (see {@link PLATFORM_DEFINITIONS}),
 * in `vela-system` where KubeVela looks for them, synced with the platform's
 * configuration after the KubeVela add-on installed their CRDs.
 */
export class PlatformDefinitions extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    placeIn(this, 'platform/config/kubevela');
    for (const d of PLATFORM_DEFINITIONS) {
      if (d.kind !== 'TraitDefinition') continue;
      new TraitDefinition(this, d.name, {
        metadata: {
          name: d.name,
          namespace: VELA_SYSTEM_NAMESPACE,
          labels: { 'app.kubernetes.io/managed-by': 'paved' },
          annotations: { 'definition.oam.dev/description': d.description, 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
        },
        spec: {
          appliesToWorkloads: [...(d.appliesToWorkloads ?? [])],
          podDisruptive: d.podDisruptive ?? false,
          schematic: { cue: { template: d.template } },
        },
      });
    }
  }
}
