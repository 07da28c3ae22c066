import type { PlatformEnvironment } from '../../k8s/platform-environment';
import { allowedImages, imageAllowed } from '../../org/image-policy';
import { releaseRecordFile } from '../../org/release-records';
import type { Team } from '../../org/team';
import { parseImage } from '../../private/names';
import type { PropChecker } from '../../private/problems';
import type { Facet } from './facet';

/**
 * The image an app runs in its environment: its release record's, when it has one (`paved release`), else its
 * `image` prop, checked against the environment's image policy.
 * @internal
 */
export const imageFacet: Facet = (props, { app, check, platform }) => {
  const image = appImage(check, platform, props.team, app, props.image);
  return { properties: { image }, catalog: { image } };
};

function appImage(check: PropChecker, platform: PlatformEnvironment, team: Team, app: string, prop: string | undefined): string {
  const env = platform.environment;
  const record = platform.releaseOf(team.name, app);
  if (!record && env.promotion.requireRecords) {
    check.fail(
      'image',
      prop,
      `a release record ${releaseRecordFile(team.name, app, env.name)} (paved release or promote): environment ${env.name} takes builds from release records only (promotion.requireRecords), so none reaches it around the release gates; or the app left out of ${env.name} until it has one (if (!scope.releaseOf('${app}')) return;)`,
    );
    return '';
  }
  const image = record?.image ?? prop;
  const at = record ? `image (from ${record.file})` : 'image';
  if (image === undefined) {
    check.fail(
      'image',
      prop,
      `an image, or a release record ${releaseRecordFile(team.name, app, env.name)} (paved release or promote), or the app left out of ${env.name} until it has one (if (!scope.releaseOf('${app}')) return;)`,
    );
    return '';
  }
  const ref = typeof image === 'string' ? parseImage(image) : undefined;
  if (!ref) {
    check.fail(at, image, 'an image reference such as "registry.example.com/team/app:1.2.3" or "app@sha256:<64 lower-case hex digits>"');
  } else {
    check.check(ref.digest !== undefined || (ref.tag !== undefined && ref.tag !== 'latest'), at, image, 'an image pinned by a tag other than "latest" or by a digest');
    // (a record's image is checked against the policy with the records, once)
    if (!record) check.check(imageAllowed(image, env.images), at, image, `${allowedImages(env.images)} (environment ${env.name}'s image policy)`);
  }
  return image;
}
