import type { PlatformEnvironment } from '../../k8s/platform-environment';
import type { CatalogEntityFile } from '../../portal/catalog';
import { fileOrigins, secretsInBuild } from '../secret-origins';
import type { TreeOutput } from './render';
import type { Problems, SynthInput } from './state';

/** The secrets stage: no secret value, plain or encoded, in any file written: named by the construct and the field that hold it. */
export function findSecrets(input: SynthInput, environments: readonly PlatformEnvironment[], out: TreeOutput, entityFiles: readonly CatalogEntityFile[], { errors }: Problems): void {
  const leaks = secretsInBuild(out.files, fileOrigins(input.org, environments, out.written, entityFiles));
  errors.push(...leaks.errors);
  for (const file of leaks.files) out.flaggedFiles.add(file);
}
