import { ObjectBucket } from '../../crossplane/object-bucket';
import { isDns1123Label } from '../../private/names';
import type { WebserviceEnvVar } from '../../private/kubevela';
import type { AppInfrastructure } from '../app-catalog';
import { type Facet, createClaim } from './facet';

/**
 * Object buckets of the platform's (priced in the team's budget); the app reads each bucket's name from
 * `BUCKET_<NAME>` (upper case, '-' as '_').
 * @internal
 */
export const bucketsFacet: Facet = (props, ctx) => {
  const { app, check, envNames, namespace, teamScope } = ctx;
  const env: WebserviceEnvVar[] = [];
  const infrastructure: AppInfrastructure[] = [];
  const names = new Set<string>();
  (props.buckets ?? []).forEach((b, i) => {
    if (!check.check(isDns1123Label(b.name, 20) && !names.has(b.name), `buckets[${i}].name`, b.name, 'an RFC 1123 label of at most 20 characters, unique within the app')) return;
    names.add(b.name);
    const envVar = `BUCKET_${b.name.toUpperCase().replace(/-/g, '_')}`;
    check.check(envNames.claim(envVar), `buckets[${i}].name`, b.name, `a bucket whose variable ${envVar} is not already set`);
    createClaim(ctx, () => {
      const bucket = new ObjectBucket(ctx.scope, `${app}-${b.name}`, { namespace, team: props.team, expectedSizeGB: b.expectedSizeGB });
      teamScope?._addCost(`${namespace}/${app}-${b.name} (ObjectBucket)`, bucket.monthlyUsd);
      env.push({ name: envVar, value: bucket.bucketName });
      infrastructure.push({ name: `${app}-${b.name}`, type: 'bucket', kind: `${bucket.apiVersion}/${bucket.kind}`, summary: `S3 bucket, about ${b.expectedSizeGB ?? 10} GB` });
    });
  });
  return { env, infrastructure };
};
