// Every time bound in an admin request is range-checked (collector/admin/time-bound.ts) and a far-out one is
// refused INVALID_ARGUMENT naming the field, over real gRPC and mTLS. Before, int64's largest value in
// ListFindings.from_ms, or a window ending after year 275760 in GetInspectionReport, reached
// Date#toISOString and came back INTERNAL "Invalid time value".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';

// int64's largest (2^63 − 1) as a Number rounds to 2^63; protobufjs sends that as int64's largest.
const INT64_MAX = 2 ** 63;
const BEYOND_JS_DATES = 8_640_000_000_000_001; // one past 275760-09-13, the last instant a Date holds
const NOW = Date.now();

let world: InProcessCollector;
let security: AdminClient;
let auditor: AdminClient;

beforeAll(async () => {
  world = await inProcessCollector('time-bounds');
  security = adminClient(world.collector.adminAddress, world.trust.identity('security_admin'));
  auditor = adminClient(world.collector.adminAddress, world.trust.identity('auditor'));
});

afterAll(async () => {
  security?.close();
  auditor?.close();
  await world?.stop();
});

describe('far-out time bounds', () => {
  it.each([
    ['from_ms', { fromMs: INT64_MAX, toMs: NOW }],
    ['from_ms', { fromMs: BEYOND_JS_DATES, toMs: NOW }],
    ['to_ms', { fromMs: NOW, toMs: INT64_MAX }],
    ['from_ms', { fromMs: 1, toMs: NOW }],
  ])('ListFindings refuses %s out of range, naming it', async (field, window) => {
    await expect(security.listFindings({ history: true, ...window })).rejects.toThrow(
      new RegExp(`answered INVALID_ARGUMENT: ${field} \\d+ is outside the times shoumi accepts`),
    );
  });

  it.each([
    ['to_ms', { fromMs: NOW, toMs: INT64_MAX }],
    ['to_ms', { fromMs: NOW, toMs: BEYOND_JS_DATES }],
    ['from_ms', { fromMs: INT64_MAX, toMs: NOW }],
  ])('GetInspectionReport refuses %s out of range, naming it', async (field, window) => {
    await expect(security.inspectionReport(window)).rejects.toThrow(
      new RegExp(`answered INVALID_ARGUMENT: ${field} \\d+ is outside the times shoumi accepts`),
    );
  });

  it('still answers bounds inside the range, and the trail still verifies after the refusals', async () => {
    const before = await auditor.verifyAudit({});
    await expect(
      security.listFindings({ history: true, fromMs: NOW - 60_000, toMs: NOW }),
    ).resolves.toMatchObject({
      findings: [],
    });
    await expect(security.listFindings({ history: true, fromMs: INT64_MAX })).rejects.toThrow(
      /INVALID_ARGUMENT/,
    );
    const after = await auditor.verifyAudit({});
    expect(after.ok).toBe(true);
    expect(before.ok).toBe(true);
  });
});
