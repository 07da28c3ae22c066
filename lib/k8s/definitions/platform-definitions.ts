import { Construct } from 'constructs';
import { ComponentDefinition } from '../../../imports/kubevela-componentdefinition-core.oam.dev';
import { TraitDefinition } from '../../../imports/kubevela-traitdefinition-core.oam.dev';
import { PLATFORM_DEFINITIONS, RELEASE_JOB_COMPONENT, RELEASE_JOB_HEALTH } from '../../definitions';
import { VELA_SYSTEM_NAMESPACE } from '../../definitions/namespace';
import { placeIn } from '../../private/placement';

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
      const metadata = {
        name: d.name,
        namespace: VELA_SYSTEM_NAMESPACE,
        labels: { 'app.kubernetes.io/managed-by': 'paved' },
        annotations: { 'definition.oam.dev/description': d.description, 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' },
      };
      const schematic = { cue: { template: d.template } };
      if (d.kind === 'TraitDefinition') {
        new TraitDefinition(this, d.name, { metadata, spec: { appliesToWorkloads: [...(d.appliesToWorkloads ?? [])], podDisruptive: d.podDisruptive ?? false, schematic } });
      } else {
        const workload = d.workload ?? { apiVersion: 'apps/v1', kind: 'Deployment' };
        new ComponentDefinition(this, d.name, {
          metadata,
          spec: {
            workload: { definition: workload, type: `${workload.kind.toLowerCase()}s.${workload.apiVersion.split('/')[0]}` },
            schematic,
            ...(d.name === RELEASE_JOB_COMPONENT ? { status: { healthPolicy: RELEASE_JOB_HEALTH } } : {}),
          },
        });
      }
    }
  }
}
