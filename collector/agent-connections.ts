// Live agent streams by device id, so that policy changes and sweep commands reach connected agents at once.
// Only the newest stream of a device is kept: an agent that reconnects replaces its half-dead predecessor.
import type { CollectorMessage } from '../proto/generated/shoumi/v1/CollectorMessage';

export interface AgentStream {
  deviceId: string;
  peer: string;
  send(message: CollectorMessage): void;
  /** Ends the stream: cleanly, or with a status the agent sees (revocation). */
  close(refusal?: { code: number; message: string }): void;
}

export interface AgentConnections {
  add(stream: AgentStream): void;
  /** Removes the stream if it is still the device's current one. */
  remove(deviceId: string, stream: AgentStream): void;
  get(deviceId: string): AgentStream | undefined;
  isConnected(deviceId: string): boolean;
  all(): AgentStream[];
  readonly size: number;
}

export function agentConnections(): AgentConnections {
  const streams = new Map<string, AgentStream>();
  return {
    add(stream) {
      const previous = streams.get(stream.deviceId);
      streams.set(stream.deviceId, stream);
      if (previous && previous !== stream) previous.close();
    },
    remove(deviceId, stream) {
      if (streams.get(deviceId) === stream) streams.delete(deviceId);
    },
    get: (deviceId) => streams.get(deviceId),
    isConnected: (deviceId) => streams.has(deviceId),
    all: () => [...streams.values()],
    get size() {
      return streams.size;
    },
  };
}
