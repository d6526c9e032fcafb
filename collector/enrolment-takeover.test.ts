// Who an enrolment token may enrol, over real gRPC on loopback: the agent's own enrol() (CA pinned by
// fingerprint, TLS, a CSR) against a collector on a real SQLite file. A device id the collector has seen in
// any form (a certificate, even revoked; a ledger entry made before the workstation enrolled) is taken only
// with a token bound to it; the refusal is recorded as "unauthenticated:<address>", never as the device.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol } from '../agent/enrolment/enrol';
import { type InProcessCollector, inProcessCollector } from '../test/support/in-process-collector';
import { makeEnrolmentTokens } from './pki/enrolment-token';

let world: InProcessCollector;
let agentDirs: string;
const ADMIN = { actor: 'admin:test-system_admin(system_admin)', source: 'local' };

beforeAll(async () => {
  world = await inProcessCollector('enrol-takeover');
  agentDirs = await mkdtemp(path.join(os.tmpdir(), 'shoumi-enrol-takeover-agents-'));
});

afterAll(async () => {
  await world?.stop();
  await rm(agentDirs, { recursive: true, force: true });
});

let workstations = 0;
/** One enrolment as a workstation makes it: a fresh data directory, the CA pinned by fingerprint. */
function enrolAs(deviceId: string, token: string) {
  workstations += 1;
  return enrol({
    enrolAddress: world.collector.enrolAddress,
    token,
    caSha256: world.trust.caSha256,
    deviceId,
    dataDir: path.join(agentDirs, `ws-${workstations}`),
  });
}

async function boundToken(deviceId: string): Promise<string> {
  const { made, stored } = makeEnrolmentTokens({ count: 1, ttlMs: 3_600_000, deviceId }, Date.now());
  await world.collector.store.createEnrolmentTokens(stored, ADMIN, Date.now());
  return made[0]!.token;
}

const lastAudit = async () => {
  const entries = await world.collector.store.listAudit({ limit: 10_000 });
  return entries.at(-1);
};

describe('enrolment of a device id the collector already knows', () => {
  it('a revoked device: an unbound token is refused (audited as unauthenticated:IP), a bound one enrols', async () => {
    expect((await enrolAs('ws-revoked', world.trust.token())).ok).toBe(true);
    await world.collector.store.revokeDevice('ws-revoked', 'disk stolen', ADMIN, Date.now());

    const unbound = world.trust.token();
    const refused = await enrolAs('ws-revoked', unbound);
    expect(refused).toMatchObject({ ok: false, reason: 'refused' });
    expect(!refused.ok && refused.message).toMatch(
      /needs a token bound to this device id: device ws-revoked is known to this collector \(its certificate was revoked or replaced\).*shoumictl token create --device ws-revoked/,
    );
    const audited = await lastAudit();
    expect(audited).toMatchObject({
      action: 'device.enrol_refused',
      actor: 'unauthenticated:127.0.0.1',
      target: 'device:ws-revoked',
      outcome: 'refused',
      detail: { reason: 'bound-token-required', claimedDeviceId: 'ws-revoked', tokenBound: false },
    });
    expect(audited?.detail.tokenSha256Prefix).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(audited)).not.toContain(unbound);
    // Still the revoked certificate only: nothing was issued.
    expect(
      (await world.collector.store.listCertificates({ subject: 'ws-revoked' })).map((c) => c.revokeReason),
    ).toEqual(['disk stolen']);

    const again = await enrolAs('ws-revoked', await boundToken('ws-revoked'));
    expect(again.ok).toBe(true);
    expect(await lastAudit()).toMatchObject({ action: 'device.enrolled', actor: 'device:ws-revoked' });
  });

  it('a device entered in the ledger before it enrolled: unbound refused, bound enrolled', async () => {
    await world.collector.store.updateLedger('ws-ledger', { assetNumber: 'ZC-2026-0007' }, ADMIN);
    const refused = await enrolAs('ws-ledger', world.trust.token());
    expect(refused).toMatchObject({ ok: false, reason: 'refused' });
    expect(!refused.ok && refused.message).toMatch(/has an entry in the ledger/);
    expect(await lastAudit()).toMatchObject({
      actor: 'unauthenticated:127.0.0.1',
      detail: { reason: 'bound-token-required', claimedDeviceId: 'ws-ledger' },
    });
    expect(await world.collector.store.listCertificates({ subject: 'ws-ledger' })).toEqual([]);

    expect((await enrolAs('ws-ledger', await boundToken('ws-ledger'))).ok).toBe(true);
    expect((await world.collector.store.getDevice('ws-ledger'))?.assetNumber).toBe('ZC-2026-0007');
  });

  it('an unknown token is recorded as unauthenticated:IP too, with the claim in the detail', async () => {
    const refused = await enrolAs('ws-claimed', 'Z'.repeat(43));
    expect(refused).toMatchObject({ ok: false, reason: 'refused' });
    expect(await lastAudit()).toMatchObject({
      action: 'device.enrol_refused',
      actor: 'unauthenticated:127.0.0.1',
      detail: { reason: 'token-unknown', claimedDeviceId: 'ws-claimed' },
    });
  });

  it('a device id never seen in any form still enrols with an unbound token', async () => {
    expect((await enrolAs('ws-brand-new', world.trust.token())).ok).toBe(true);
  });
});
