import type { PodSecurityContextProperties, SecurityContextProperties } from '../../private/kubevela';
import type { Facet } from './facet';

/** The security contexts of an app's containers and pods: Pod Security "restricted". @internal */
export function securityContexts(runAsUser: number | undefined): { readonly container: SecurityContextProperties; readonly pod: PodSecurityContextProperties } {
  const user = runAsUser !== undefined ? { runAsUser } : {};
  return {
    container: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, dropCapabilities: ['ALL'], ...user },
    pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...user },
  };
}

/**
 * The app's pods are Pod-Security-"restricted" (non-root, no privilege escalation, no capabilities, a read-only
 * root file system, the runtime's seccomp profile): the `securitycontext` and `podsecuritycontext` traits.
 * @internal
 */
export const securityFacet: Facet = (props, { check }) => {
  if (props.runAsUser !== undefined) {
    check.check(Number.isInteger(props.runAsUser) && props.runAsUser > 0 && props.runAsUser <= 2147483647, 'runAsUser', props.runAsUser, 'a non-root user id: an integer from 1 to 2147483647');
  }
  const { container, pod } = securityContexts(props.runAsUser);
  return {
    traits: [
      { type: 'securitycontext', properties: container },
      { type: 'podsecuritycontext', properties: pod },
    ],
  };
};
