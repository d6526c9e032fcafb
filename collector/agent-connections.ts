// Live agent streams by device id, so that policy changes and sweep commands reach connected agents at once.
// Only the newest stream of a device is kept: an agent that reconnects replaces its half-dead predecessor.
//
// These are the streams THIS collector holds. Several collectors share one stream directory (coordination
// port): a stream added here is claimed there (a stream of the same device on another collector is cut),
// and released when it ends here. Claims and releases of one device are told to the directory in the order
// they happened here, so a quick reconnect never has its claim overtaken by the previous stream's release.
import type { CollectorMessage } from '../proto/generated/shoumi/v1/CollectorMessage';
import type { StreamDirectory } from './coordination/coordination';
import type { Logger } from './logger';

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
  /** Resolves once every claim and release told so far has reached the directory (tests, shutdown). */
  settled(): Promise<void>;
}

export function agentConnections(
  directory?: Pick<StreamDirectory, 'claim' | 'release'>,
  log?: Pick<Logger, 'error'>,
): AgentConnections {
  const streams = new Map<string, AgentStream>();
  /** The last claim or release of each device still on its way to the directory. */
  const telling = new Map<string, Promise<void>>();
  const tell = (deviceId: string, what: 'claim' | 'release') => {
    if (!directory) return;
    const once = () =>
      directory[what](deviceId).catch((error: Error) =>
        log?.error(`cannot ${what} the agent stream in the stream directory`, {
          deviceId,
          error: error.message,
        }),
      );
    // Nothing of this device on its way: told at once (the in-process directory then knows it synchronously).
    const previous = telling.get(deviceId);
    const next = previous ? previous.then(once) : once();
    telling.set(deviceId, next);
    void next.then(() => {
      if (telling.get(deviceId) === next) telling.delete(deviceId);
    });
  };
  return {
    add(stream) {
      const previous = streams.get(stream.deviceId);
      streams.set(stream.deviceId, stream);
      tell(stream.deviceId, 'claim');
      if (previous && previous !== stream) previous.close();
    },
    remove(deviceId, stream) {
      if (streams.get(deviceId) !== stream) return;
      streams.delete(deviceId);
      tell(deviceId, 'release');
    },
    get: (deviceId) => streams.get(deviceId),
    isConnected: (deviceId) => streams.has(deviceId),
    all: () => [...streams.values()],
    get size() {
      return streams.size;
    },
    async settled() {
      while (telling.size > 0) await Promise.all([...telling.values()]);
    },
  };
}
