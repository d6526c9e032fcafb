// A collector and agents as separate real processes on loopback, with the paths and ports a test needs to
// stop and restart them on the same data directories.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AdminClient } from '../../collector/ctl/admin-client';
import type { AdminRole } from '../../collector/pki/identity-names';
import { freePort, type Running, start } from './processes';
import { ctlArgs, prepareTrust, roleRoutedAdmin, type TrustWorld } from './trust-fixture';

export interface Deployment {
  dir: string;
  agentAddress: string;
  enrolAddress: string;
  adminAddress: string;
  /** Each call made as the first administrator role allowed to make it (trust-fixture.ts). */
  admin: AdminClient;
  trust: TrustWorld;
  /** shoumictl arguments: the collector, the identity the command needs, then `args`. */
  ctl(args: readonly string[]): string[];
  /** The same as another role than the command needs. */
  ctlAs(role: AdminRole, args: readonly string[]): string[];
  startCollector(extraArgs?: string[]): Promise<Running>;
  /**
   * An agent that enrols on its first start with `token`, or with an unbound token of the pool (which enrols
   * only a device id the collector has never seen: one entered in the ledger first needs a bound token).
   */
  startAgent(name: string, args: string[], token?: string): Running;
  agentDataDir(name: string): string;
  /** Every stored finding the device's agent sent, in seq order (history query, all pages). */
  storedSeqs(deviceId: string): Promise<number[]>;
  lastSeq(deviceId: string): Promise<number>;
}

/** `serverIps`: addresses besides 127.0.0.1 that agents reach the collector by (a QEMU guest's forward). */
export async function deployment(options: { serverIps?: string[] } = {}): Promise<Deployment> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-e2e-'));
  const agentAddress = `127.0.0.1:${await freePort()}`;
  const enrolAddress = `127.0.0.1:${await freePort()}`;
  const adminAddress = `127.0.0.1:${await freePort()}`;
  const trust = await prepareTrust(path.join(dir, 'collector'), path.join(dir, 'admins'), options);
  const admin = roleRoutedAdmin(adminAddress, trust);
  return {
    dir,
    agentAddress,
    enrolAddress,
    adminAddress,
    admin,
    trust,
    ctl: (args) => ctlArgs(adminAddress, trust, args),
    ctlAs: (role, args) => ctlArgs(adminAddress, trust, args, role),
    async startCollector(extraArgs = []) {
      const collector = start('shoumi-collector', [
        'serve',
        '--data',
        path.join(dir, 'collector'),
        '--listen',
        agentAddress,
        '--enrol-listen',
        enrolAddress,
        '--admin-listen',
        adminAddress,
        ...extraArgs,
      ]);
      await collector.waitForLog('collector listening');
      return collector;
    },
    startAgent(name, args, token) {
      // The token is used only on the first start, while the agent holds no certificate yet.
      return start('shoumi-agent', [
        'run',
        '--collector',
        agentAddress,
        '--enrol',
        enrolAddress,
        '--token',
        token ?? trust.token(),
        '--ca-sha256',
        trust.caSha256,
        '--data',
        path.join(dir, name),
        ...args,
      ]);
    },
    agentDataDir: (name) => path.join(dir, name),
    storedSeqs: (deviceId) => storedAgentSeqs(admin, deviceId),
    lastSeq: (deviceId) => lastStoredSeq(admin, deviceId),
  };
}

/** Every stored finding the device's agent sent, in seq order (history query, all pages). */
export async function storedAgentSeqs(admin: AdminClient, deviceId: string): Promise<number[]> {
  const seqs: number[] = [];
  let pageToken = '';
  do {
    const page = await admin.listFindings({ deviceId, history: true, limit: 1000, pageToken });
    // The agent's own numbering only; collector-made findings (seq < 0) are not the agent's to count.
    seqs.push(...page.findings.filter((finding) => finding.origin === 'agent').map((finding) => finding.seq));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return seqs;
}

/** The device's highest stored agent seq, 0 when it is unknown. */
export async function lastStoredSeq(admin: AdminClient, deviceId: string): Promise<number> {
  const page = await admin.listDevices({ limit: 1000 });
  return page.devices.find((device) => device.deviceId === deviceId)?.lastSeq ?? 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 1..n exactly once each: no gap, no duplicate. */
export function expectContiguous(seqs: readonly number[]): { ok: boolean; problem: string } {
  for (let index = 0; index < seqs.length; index++) {
    if (seqs[index] !== index + 1) {
      return { ok: false, problem: `position ${index} holds seq ${seqs[index]}, expected ${index + 1}` };
    }
  }
  return { ok: true, problem: '' };
}
