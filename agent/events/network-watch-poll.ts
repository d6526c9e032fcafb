// Network changes without `ip monitor` (busybox, a recorded machine root): a cheap fingerprint of the
// interface list and the routing tables, compared every `intervalMs`. Reading three small files every two
// seconds costs far less than the agent's idle budget, and it is the fallback, not the rule.
import { createHash } from 'node:crypto';
import type { MachineRoot } from '../probes/machine-root';
import { listDirectory, readAttribute } from '../probes/machine-root';
import type { RawEvent, Watcher } from './watch-event';

export async function networkFingerprint(root: MachineRoot): Promise<string> {
  const [interfaces, routes, routes6, addresses6] = await Promise.all([
    listDirectory(root, 'sys', 'class', 'net'),
    readAttribute(root, 'proc', 'net', 'route'),
    readAttribute(root, 'proc', 'net', 'ipv6_route'),
    readAttribute(root, 'proc', 'net', 'if_inet6'),
  ]);
  const hash = createHash('sha256');
  for (const part of [interfaces.join(','), routes, routes6, addresses6]) hash.update(`${part ?? '-'}\u0000`);
  return hash.digest('base64url');
}

export function pollNetwork(options: {
  root: MachineRoot;
  onEvent: (event: RawEvent) => void;
  intervalMs?: number;
}): Watcher {
  const intervalMs = options.intervalMs ?? 2000;
  let previous: string | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    const current = await networkFingerprint(options.root);
    if (stopped) return;
    if (previous !== null && current !== previous)
      options.onEvent({ atMs: Date.now(), detail: 'poll: interfaces or routes changed' });
    previous = current;
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  void tick();
  return {
    description: `poll every ${intervalMs} ms of ${options.root.dir === '/' ? '' : options.root.dir}/sys/class/net and /proc/net routes`,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
