/**
 * Named points where a run can be stopped on purpose, to prove that stopping
 * it there loses nothing: with `PAVED_FAULT=<point>` in the environment, the
 * process kills itself (SIGKILL, as an out-of-memory kill or a cancelled CI
 * job would) when it reaches that point. Used by the fault tests; a no-op
 * otherwise.
 * @internal
 */
export function faultPoint(point: string): void {
  const wanted = process.env.PAVED_FAULT;
  if (wanted !== undefined && wanted === point) process.kill(process.pid, 'SIGKILL');
}

/** The points, in the order `paved synth` and then `synthInfra` reach them (npm run synth reaches `cdktf:built` while the GitOps tree builds, and the others after it is written). */
export const FAULT_POINTS = [
  'gitops:read',
  'gitops:built',
  'gitops:partly-staged',
  'gitops:staged',
  'gitops:between-renames',
  'gitops:swapped',
  'cdktf:built',
  'cdktf:partly-staged',
  'cdktf:staged',
  'cdktf:between-renames',
  'cdktf:swapped',
] as const;
