export const VERSION = '0.5.0'; // x-release-please-version
