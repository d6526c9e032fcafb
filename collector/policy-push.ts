// Pushes the current policy bundle (policy + each device's ledger slice) to live agent streams: after a policy
// reload, a ledger edit or a media registration, so that connected agents judge by the current list within
// seconds. Agents that are not connected get the bundle in their next hello.
import type { AgentConnections } from './agent-connections';
import { policyBundleFor } from './agent-service';
import type { Logger } from './logger';
import type { PolicySource } from './policy-source';
import type { Store } from './store/store';

export interface PolicyPushDeps {
  store: Store;
  policy: PolicySource;
  connections: AgentConnections;
  log: Logger;
}

/** Sends each connected device among `deviceIds` (every connected device when omitted) its bundle. */
export async function pushPolicyBundles(deps: PolicyPushDeps, deviceIds?: readonly string[]): Promise<void> {
  const streams =
    deviceIds === undefined
      ? deps.connections.all()
      : deviceIds.flatMap((deviceId) => deps.connections.get(deviceId) ?? []);
  await Promise.all(
    streams.map((stream) =>
      policyBundleFor(deps, stream.deviceId).then(stream.send, (error: Error) =>
        deps.log.error('cannot build policy bundle', { deviceId: stream.deviceId, error: error.message }),
      ),
    ),
  );
}
