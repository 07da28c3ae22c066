import { PLATFORM_COMPONENTS } from './components';
import { PLATFORM_TRAITS, type PlatformDefinitionSource } from './traits';

export * from './components';
export * from './traits';

/** Every platform-owned KubeVela definition: components and traits. */
export const PLATFORM_DEFINITIONS: readonly PlatformDefinitionSource[] = [...PLATFORM_COMPONENTS, ...PLATFORM_TRAITS];
export * from './team-allowlist';
