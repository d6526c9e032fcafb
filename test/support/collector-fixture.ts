// A collector and agents as separate real processes on loopback, with the paths and ports a test needs to
// stop and restart them on the same data directories.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { freePort, type Running, start } from './processes';

export interface Deployment {
  dir: string;
  agentAddress: string;
  adminAddress: string;
  admin: AdminClient;
  startCollector(extraArgs?: string[]): Promise<Running>;
  startAgent(name: string, args: string[]): Running;
  agentDataDir(name: string): string;
  /** Every stored finding the device's agent sent, in seq order (history query, all pages). */
  storedSeqs(deviceId: string): Promise<number[]>;
  lastSeq(deviceId: string): Promise<number>;
}

export async function deployment(): Promise<Deployment> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-e2e-'));
  const agentAddress = `127.0.0.1:${await freePort()}`;
  const adminAddress = `127.0.0.1:${await freePort()}`;
  const admin = adminClient(adminAddress, 5000);
  return {
    dir,
    agentAddress,
    adminAddress,
    admin,
    async startCollector(extraArgs = []) {
      const collector = start('shoumi-collector', [
        'serve',
        '--data',
        path.join(dir, 'collector'),
        '--listen',
        agentAddress,
        '--admin-listen',
        adminAddress,
        ...extraArgs,
      ]);
      await collector.waitForLog('collector listening');
      return collector;
    },
    startAgent(name, args) {
      return start('shoumi-agent', [
        'run',
        '--collector',
        agentAddress,
        '--data',
        path.join(dir, name),
        ...args,
      ]);
    },
    agentDataDir: (name) => path.join(dir, name),
    async storedSeqs(deviceId) {
      const seqs: number[] = [];
      let pageToken = '';
      do {
        const page = await admin.listFindings({ deviceId, history: true, limit: 1000, pageToken });
        // The agent's own numbering only; collector-made findings (seq < 0) are not the agent's to count.
        seqs.push(
          ...page.findings.filter((finding) => finding.origin === 'agent').map((finding) => finding.seq),
        );
        pageToken = page.nextPageToken;
      } while (pageToken);
      return seqs;
    },
    async lastSeq(deviceId) {
      const page = await admin.listDevices({ limit: 1000 });
      return page.devices.find((device) => device.deviceId === deviceId)?.lastSeq ?? 0;
    },
  };
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
