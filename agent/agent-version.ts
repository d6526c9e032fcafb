// The version the agent reports in its hello; the build stamps it, source runs read package.json.
declare const SHOUMI_AGENT_VERSION: string | undefined;

export function agentVersion(): string {
  return typeof SHOUMI_AGENT_VERSION === 'string' ? SHOUMI_AGENT_VERSION : '0.1.0-dev';
}
