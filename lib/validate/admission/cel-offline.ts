/**
 * What paved cannot know without a cluster (an authorizer's decision) or
 * cannot evaluate as the API server would (a function or syntax of the
 * Kubernetes CEL environment that paved lacks). An evaluation error whose
 * message holds {@link OFFLINE} is a problem to report, never a pass and
 * never a denial.
 *
 * @internal
 */
export const OFFLINE = 'cannot be evaluated offline';

/** Whether an evaluation error is one of paved's limits rather than the object's fault. */
export const isOffline = (message: string): boolean => message.includes(OFFLINE);
