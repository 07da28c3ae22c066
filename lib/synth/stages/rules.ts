import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { checkBudgetsAcrossEnvironments } from '../../k8s/team-budget';
import { TeamScope } from '../../k8s/team-scope';
import type { Problems, SynthInput } from './state';

/**
 * The rules stage: what can only be checked once the tree is complete: the
 * constructs' own rules that depend on calls after construction
 * (`node.addValidation`), and each team's budget across its environments
 * (only a run that builds them all can add them up).
 */
export function checkRules(input: SynthInput, environments: readonly PlatformEnvironment[], { errors }: Problems): void {
  // rules that depend on calls after construction
  for (const platform of environments) {
    for (const c of platform.node.findAll()) {
      for (const message of c.node.validate()) errors.push(`${c.node.path}: ${message}`);
    }
  }
  // a team's budget covers all its environments: only a run that builds them all can add them up
  if (input.everyEnvironment) {
    const scopes = environments.flatMap((p) => p.node.findAll().filter((c): c is TeamScope => c instanceof TeamScope));
    errors.push(...checkBudgetsAcrossEnvironments(input.org, scopes, input.existing));
  }
}
