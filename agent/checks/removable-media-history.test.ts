// usb-storage-history-registered on the kernel log recorded in test/fixtures/roots/usb-stick-in-and-out
// (a Kingston stick 0951:1666 serial 4C530001090321117410 plugged in and pulled out, then a card reader
// 05e3:0751 serial 000000001532 with two slots left in), read by the USB history probe; and the recorded
// card reader as the storage rules see it now: one medium, one subject, both its disks as evidence.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../policies/load-policy';
import { EMPTY_LEDGER_SLICE, type RegisteredMedium } from '../../policies/model';
import { machineRoot } from '../probes/machine-root';
import { linuxUsbProbe } from '../probes/usb/linux';
import { linuxUsbHistoryProbe } from '../probes/usb-history/linux';
import { evaluate } from './engine';
import { contextFor, judgeInEnglish, makeFacts, ruleFor, unreadable } from './facts-for-tests';
import { portableDevicesCheck } from './portable-devices';
import { removableMediaCheck, usbStorageHistoryCheck } from './removable-media';

const ROOT = machineRoot(path.resolve(__dirname, '../../test/fixtures/roots/usb-stick-in-and-out'));
const RULES = [ruleFor('usb-storage-history-registered')];
const STICK = '0951:1666:4C530001090321117410';
const READER = '05e3:0751:000000001532';
const registered = (
  vendorId: string,
  productId: string,
  serial: string,
  extra: Partial<RegisteredMedium> = {},
) => ({
  vendorId,
  productId,
  serial,
  classification: 'top_secret' as const,
  status: 'in_use' as const,
  assetNumber: `U-${serial.slice(-4)}`,
  responsiblePerson: '李四',
  ...extra,
});

async function judgeHistory(ledger: Parameters<typeof contextFor>[1] = {}) {
  const usbHistory = await linuxUsbHistoryProbe.read(ROOT);
  const outcomes = judgeInEnglish(
    usbStorageHistoryCheck,
    makeFacts({ usbHistory }),
    contextFor(RULES, ledger),
  );
  return new Map(outcomes.map((outcome) => [outcome.subject, outcome]));
}

describe('storage attached since boot (3.7.4, kernel log)', () => {
  it('fails the stick that came and went unregistered, with when it was inserted and removed', async () => {
    const bySubject = await judgeHistory();
    expect([...bySubject.keys()]).toEqual([STICK, READER]);
    const stick = bySubject.get(STICK);
    expect(stick).toMatchObject({
      status: 'fail',
      evidence: {
        ids: '0951:1666',
        serial: '4C530001090321117410',
        product: 'DataTraveler 3.0',
        attachments: [
          {
            busPath: '3-1',
            insertedAt: new Date(1795611500415).toISOString(),
            removedAt: new Date(1795611502708).toISOString(),
            drivers: ['usb-storage'],
          },
        ],
      },
    });
    expect(stick?.reason).toMatch(
      /is not a registered medium; the kernel log shows it inserted at .* and removed at/,
    );
    expect(bySubject.get(READER)?.reason).toMatch(/not removed since/);
  });

  it('passes registered media in use, and fails a lost one or one below the host', async () => {
    const ok = await judgeHistory({
      classification: 'confidential',
      media: [registered('0951', '1666', '4C530001090321117410'), registered('05e3', '0751', '000000001532')],
    });
    expect([...ok.values()].map((o) => o.status)).toEqual(['pass', 'pass']);
    const bad = await judgeHistory({
      classification: 'confidential',
      media: [
        registered('0951', '1666', '4C530001090321117410', { status: 'lost' }),
        registered('05e3', '0751', '000000001532', { classification: 'secret' }),
      ],
    });
    expect(bad.get(STICK)?.reason).toMatch(/recorded as lost/);
    expect(bad.get(READER)?.reason).toMatch(/at 秘密 \(secret\), below 机密 \(confidential\)/);
  });

  it('passes a log with no storage in it, saying from when the log is complete', () => {
    const usbHistory = {
      ok: true as const,
      facts: { events: [], coversFromMs: 1795611496000 },
      source: '/dev/kmsg',
      observedAtMs: 0,
    };
    const [outcome] = judgeInEnglish(usbStorageHistoryCheck, makeFacts({ usbHistory }), contextFor(RULES));
    expect(outcome).toMatchObject({
      status: 'pass',
      evidence: { logCoversFrom: '2026-11-25T12:58:16.000Z' },
    });
  });

  it('errors on an unreadable kernel log, for this rule only: the live-media rules are still judged', () => {
    const policy = parsePolicy(
      ['schema: shoumi.policy/v1', 'name: t', 'version: "1"', 'rules:']
        .concat(
          ['usb-storage-history-registered', 'usb-storage-registered', 'usb-phone-camera-absent'].flatMap(
            (id) => [
              `  - id: ${id}`,
              '    clause: "3.7.4"',
              '    title: { zh: x, en: x }',
              '    severity: high',
              '    rationale: { zh: x, en: x }',
              '    remediation: { zh: x, en: x }',
              id === 'usb-phone-camera-absent'
                ? '    params: { phone_vendor_ids: [], modes: [{ mode: ptp, interface: "06/*/*", vendors: any }] }'
                : '    params: {}',
            ],
          ),
        )
        .join('\n'),
      'inline',
    );
    if (!policy.ok) throw new Error(JSON.stringify(policy.errors));
    const facts = makeFacts({ usbHistory: unreadable('/dev/kmsg', 'cannot read /dev/kmsg: EPERM') });
    const findings = evaluate(facts, policy.policy, EMPTY_LEDGER_SLICE, { nowMs: 0, sweepId: 's' });
    expect(Object.fromEntries(findings.map((f) => [f.ruleId, f.status]))).toEqual({
      'usb-storage-history-registered': 'error',
      'usb-storage-registered': 'pass',
      'usb-phone-camera-absent': 'pass',
    });
    expect(findings.find((f) => f.ruleId === 'usb-storage-history-registered')?.reason).toMatch(/EPERM/);
    const unreadableUsb = evaluate(
      makeFacts({ usb: unreadable('/sys/bus/usb/devices', 'EACCES') }),
      policy.policy,
      EMPTY_LEDGER_SLICE,
      { nowMs: 0, sweepId: 's' },
    );
    expect(unreadableUsb.find((f) => f.ruleId === 'usb-phone-camera-absent')?.status).toBe('error');
    expect(portableDevicesCheck.needs).toEqual(['usb']);
  });

  it('sees the recorded card reader with two slots as one medium with both its disks', async () => {
    const usb = await linuxUsbProbe.read(ROOT);
    const outcomes = judgeInEnglish(
      removableMediaCheck,
      makeFacts({ usb }),
      contextFor([ruleFor('usb-storage-registered')]),
    );
    expect(outcomes).toMatchObject([
      {
        subject: READER,
        status: 'fail',
        evidence: { blockDevices: ['sda', 'sdb'], product: 'USB3.0 Card Reader' },
      },
    ]);
  });
});
