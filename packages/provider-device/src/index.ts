/**
 * `@pesan/provider-device` is not implemented yet: this package reserves the
 * name and its place in the workspace. See README.md for what is coming.
 */
export const PACKAGE_STATUS = 'planned' as const;
