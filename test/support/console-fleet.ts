// A console over a small generated fleet (bench/fleet-generator.ts writes devices, findings, sweeps and
// departments through the real schema before the collector starts), so that the pages have rows, links and
// every state to show: for the whole-console crawl and the screenshots. The PKI and the three
// administrators are made as an operator makes them (trust-fixture.ts).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deviceIdOf, generateFleet } from '../../bench/fleet-generator';
import { type RunningCollector, startCollector } from '../../collector/collector-server';
import { silentLogger } from '../../collector/logger';
import { addAdmin } from '../../collector/pki/admin-add';
import type { AdminRole } from '../../collector/pki/identity-names';
import { baselinePolicyPath } from '../../policies/load-policy';
import type { ConsoleWorld } from './console-browser';
import { prepareTrust } from './trust-fixture';

export interface ConsoleFleetWorld extends ConsoleWorld {
  /** A device that exists in the fleet, for pages about one device. */
  firstDeviceId: string;
  sweepIds: string[];
}

/**
 * `names`: administrators to add under these names (a person's name, as a unit would: 王芳), used instead of
 * the fixture's test-<role> ones.
 */
export async function consoleFleetWorld(
  name: string,
  shape: { devices: number; nowMs?: number; names?: Record<AdminRole, string> },
): Promise<ConsoleFleetWorld> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `shoumi-${name}-`));
  const dataDir = path.join(dir, 'collector');
  await mkdir(dataDir, { recursive: true });
  const trust = await prepareTrust(dataDir, path.join(dir, 'admins'));
  const named = path.join(dir, 'named-admins');
  for (const [role, person] of Object.entries(shape.names ?? {}))
    await addAdmin({ dataDir, name: person, role, outDir: path.join(named, role) });
  const identityDir = (role: AdminRole) => (shape.names ? path.join(named, role) : trust.identityDir(role));
  const fleet = await generateFleet(path.join(dataDir, 'collector.sqlite'), {
    devices: shape.devices,
    nowMs: shape.nowMs ?? Date.now(),
  });
  let collector: RunningCollector;
  try {
    collector = await startCollector({
      dataDir,
      listen: '127.0.0.1:0',
      enrolListen: '127.0.0.1:0',
      adminListen: '127.0.0.1:0',
      consoleListen: '127.0.0.1:0',
      timeZone: 'Asia/Shanghai',
      inspectedUnit: '某研究所',
      policyFile: baselinePolicyPath(),
      log: silentLogger,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const consoleUrl = collector.consoleUrl;
  if (!consoleUrl) throw new Error('the collector started without its console');
  return {
    consoleUrl,
    identityDir,
    firstDeviceId: deviceIdOf(0),
    sweepIds: fleet.sweepIds,
    collector: {
      dir,
      collector,
      trust,
      async stop() {
        await collector.stop();
        await rm(dir, { recursive: true, force: true });
      },
    },
  };
}
