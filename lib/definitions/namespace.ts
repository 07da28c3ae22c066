/** The namespace vela-core installs its definitions into, and the platform's own definitions with them. */
export const VELA_SYSTEM_NAMESPACE = 'vela-system';
