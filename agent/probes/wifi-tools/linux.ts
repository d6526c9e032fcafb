// Second opinions on Wi‑Fi from tools other than sysfs: systeminformation's wifiInterfaces() (which runs
// `iw dev`, falling back to `nmcli device show`) and node-wifi's getCurrentConnections() (`nmcli device
// wifi`, so only interfaces connected right now). They catch what the sysfs classes may miss — an
// out-of-tree driver that registers no ieee80211 phy — and the wireless check fails an interface they name
// that sysfs did not.
//
// Tools run commands on the machine the agent runs on, so they can only speak for the live machine (root
// "/"); for a recorded root every report says so rather than describing the recording host. Each tool's
// failure is that report's `unavailable` (nmcli missing, a timeout), never the probe's: one opinion lost
// does not silence the other, and neither is needed for the sysfs verdict.

import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import type { WifiToolFacts, WifiToolReport } from '../../facts';
import { observed, type Probe } from '../probe';

const SOURCE = 'systeminformation, node-wifi';
const NOT_LIVE = 'second opinions only read the live machine';

/** One tool's answer: the Wi‑Fi interface names it reports, or why it could not answer. */
export type ToolAnswer = { ok: true; interfaces: string[] } | { ok: false; reason: string };

export interface WifiTools {
  systeminformation(): Promise<ToolAnswer>;
  nodeWifi(): Promise<ToolAnswer>;
}

export function wifiToolsProbe(tools: WifiTools = liveWifiTools, timeoutMs = 3000): Probe<'wifiTools'> {
  return {
    fact: 'wifiTools',
    async read(root) {
      const observedAtMs = Date.now();
      if (path.resolve(root.dir) !== '/') {
        const reports: WifiToolReport[] = (['systeminformation', 'node-wifi'] as const).map((tool) => ({
          tool,
          interfaces: [],
          unavailable: NOT_LIVE,
        }));
        return observed<WifiToolFacts>(SOURCE, { reports }, observedAtMs);
      }
      const [si, nw] = await Promise.all([
        withTimeout(tools.systeminformation(), timeoutMs),
        withTimeout(tools.nodeWifi(), timeoutMs),
      ]);
      return observed<WifiToolFacts>(
        SOURCE,
        { reports: [report('systeminformation', si), report('node-wifi', nw)] },
        observedAtMs,
      );
    },
  };
}

function report(tool: WifiToolReport['tool'], answer: ToolAnswer): WifiToolReport {
  return answer.ok
    ? { tool, interfaces: [...new Set(answer.interfaces)].sort(), unavailable: null }
    : { tool, interfaces: [], unavailable: answer.reason };
}

async function withTimeout(answer: Promise<ToolAnswer>, timeoutMs: number): Promise<ToolAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ToolAnswer>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      answer.catch((error: unknown): ToolAnswer => ({ ok: false, reason: describeToolError(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** "spawn nmcli ENOENT" → "nmcli is not installed (spawn nmcli ENOENT)". */
export function describeToolError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /spawn (\S+) ENOENT/.exec(message);
  return missing ? `${missing[1]} is not installed (${message})` : message;
}

async function onPath(command: string): Promise<boolean> {
  const directories = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  const found = await Promise.all(
    directories.map((dir) =>
      access(path.join(dir, command), constants.X_OK).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.includes(true);
}

const liveWifiTools: WifiTools = {
  async systeminformation() {
    // wifiInterfaces() answers [] when neither command exists: an empty list would look like "no Wi‑Fi".
    const [iw, nmcli] = await Promise.all([onPath('iw'), onPath('nmcli')]);
    if (!iw && !nmcli) {
      return {
        ok: false,
        reason: 'neither iw nor nmcli is installed; systeminformation reads Wi‑Fi through them',
      };
    }
    const { wifiInterfaces } = await import('systeminformation');
    return { ok: true, interfaces: (await wifiInterfaces()).map((face) => face.iface) };
  },
  async nodeWifi() {
    // Look before spawning: a failed spawn still forks the whole agent (~100 MB) only to learn ENOENT, and
    // on a machine without nmcli that was the costliest thing a sweep did.
    if (!(await onPath('nmcli'))) {
      return { ok: false, reason: 'nmcli is not installed; node-wifi reads Wi‑Fi through it' };
    }
    const { default: wifi } = await import('node-wifi');
    wifi.init({ iface: null });
    return {
      ok: true,
      interfaces: (await wifi.getCurrentConnections()).map((connection) => connection.iface),
    };
  },
};

export const linuxWifiToolsProbe = wifiToolsProbe();
