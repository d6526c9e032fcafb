// The version `shoumi-collector --version` prints: the package build stamps it (agent/packaging/build-collector.ts),
// source runs and `npm run build` say it is a development build.
declare const SHOUMI_COLLECTOR_VERSION: string | undefined;

export function collectorVersion(): string {
  return typeof SHOUMI_COLLECTOR_VERSION === 'string' ? SHOUMI_COLLECTOR_VERSION : '0.1.0-dev';
}
