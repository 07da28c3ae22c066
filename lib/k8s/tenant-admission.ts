import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { placeIn } from '../private/placement';
import { admissionPolicy, ruleContext, tenantRules } from '../validate/tenant-rules';
import { PlatformEnvironment } from './platform-environment';

/**
 * The tenant rules of one environment as the cluster enforces them: for each
 * rule (lib/validate/tenant-rules/), a ValidatingAdmissionPolicy that fails
 * closed and a binding that denies. They are synthesized into the platform's
 * configuration (`platform/config/admission/`), which Argo CD syncs before
 * any team's tenancy or apps, and they are made from the same rule
 * definitions as the checks paved runs at synth and in `paved validate`.
 */
export class TenantAdmissionPolicies extends Construct {
  /** The policies' names, in order. */
  public readonly policyNames: readonly string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    placeIn(this, 'platform/config/admission');
    const { org, environment } = PlatformEnvironment.of(this);
    const ctx = ruleContext(org, environment);
    const names: string[] = [];
    for (const rule of tenantRules(ctx)) {
      const { policy, binding } = admissionPolicy(ctx, rule);
      new ApiObject(this, `${rule.name}-policy`, { ...policy, metadata: { ...policy.metadata } });
      new ApiObject(this, `${rule.name}-binding`, { ...binding, metadata: { ...binding.metadata } });
      names.push(rule.name);
    }
    this.policyNames = names;
  }
}
