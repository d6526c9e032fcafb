// What another collector (or this one) hands to the streams this collector holds (coordination port,
// StreamDirectory.onDelivery): a cut ends the stream with the refusal the agent sees (a revoked
// certificate, or the device's newer stream claimed on another collector), 'sweeps' sends the device its
// pending sweeps, 'policy' its current bundle. A delivery for a stream that has ended here meanwhile is
// dropped: the device's next hello, wherever it lands, reads the store for all three.
import type { AgentConnections } from './agent-connections';
import type { StreamDelivery, StreamDirectory } from './coordination/coordination';
import type { Logger } from './logger';

export function handleStreamDeliveries(deps: {
  streams: Pick<StreamDirectory, 'onDelivery'>;
  connections: AgentConnections;
  dispatchSweeps(deviceId: string): Promise<void>;
  pushPolicy(deviceId: string): Promise<void>;
  log: Logger;
}): void {
  const { connections, log } = deps;
  const failed = (deviceId: string, delivery: StreamDelivery) => (error: Error) =>
    log.error('cannot act on a delivery to an agent stream', {
      deviceId,
      kind: delivery.kind,
      error: error.message,
    });
  deps.streams.onDelivery((deviceId, delivery) => {
    const stream = connections.get(deviceId);
    if (!stream) return;
    switch (delivery.kind) {
      case 'cut':
        stream.close({ code: delivery.code, message: delivery.message });
        return;
      case 'sweeps':
        void deps.dispatchSweeps(deviceId).catch(failed(deviceId, delivery));
        return;
      case 'policy':
        void deps.pushPolicy(deviceId).catch(failed(deviceId, delivery));
        return;
    }
  });
}
