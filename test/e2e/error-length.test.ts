// An input of 100 KB that an error message quotes comes back shortened to its first 200 characters and its
// length, over real gRPC and mTLS (proto/bounded-error-text.ts, applied in collector/grpc-errors.ts and the
// admin and store input errors). Before, each of these answers carried the whole 100 KB back to the caller.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRole } from '../../collector/pki/identity-names';
import { loadContract } from '../../proto/load';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';

const HUGE = 'A'.repeat(100_000);
const SHORTENED = `${'A'.repeat(200)}… (100000 characters)`;

let world: InProcessCollector;

beforeAll(async () => {
  world = await inProcessCollector('error-length');
});

afterAll(async () => {
  await world?.stop();
});

/** One raw admin call: the status the collector answered with (code and details exactly as sent). */
function call(
  role: AdminRole,
  method: string,
  request: object,
): Promise<{ code: grpc.status; details: string }> {
  const identity = world.trust.identity(role);
  const client = new (loadContract().shoumi.v1.AdminService)(
    world.collector.adminAddress,
    grpc.credentials.createSsl(
      Buffer.from(identity.caPem),
      Buffer.from(identity.keyPem),
      Buffer.from(identity.certPem),
    ),
  ) as unknown as Record<
    string,
    (request: object, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null) => void) => void
  > & {
    close(): void;
  };
  return new Promise((resolve) =>
    client[method]!(request, { deadline: Date.now() + 5000 }, (error) => {
      client.close();
      resolve({ code: error?.code ?? grpc.status.OK, details: error?.details ?? '' });
    }),
  );
}

describe('an error that quotes a 100 KB input', () => {
  // Each of these quoted the whole input before (ListFindings … ScheduleSweep), or cut it to 64 characters
  // in its own way without saying so (the rest); now all go through one shortener.
  it.each([
    ['security_admin', 'ListFindings', { status: HUGE }],
    ['security_admin', 'ListDevices', { status: HUGE }],
    ['auditor', 'ListAudit', { action: HUGE }],
    ['security_admin', 'GetInspectionReport', { sweepId: HUGE }],
    ['system_admin', 'ScheduleSweep', { cron: HUGE }],
    ['system_admin', 'GetSweep', { sweepId: HUGE }],
    ['system_admin', 'DeleteSweepSchedule', { scheduleId: HUGE }],
    ['system_admin', 'CreateEnrolmentTokens', { deviceId: HUGE, count: 1 }],
    ['system_admin', 'IssueUninstallCode', { deviceId: HUGE }],
    ['system_admin', 'RevokeAdmin', { name: HUGE, reason: 'left' }],
    ['system_admin', 'ListCertificates', { kind: HUGE }],
  ] as const)(
    '%s %s answers with the quote shortened to 200 characters and its length',
    async (role, method, request) => {
      const answer = await call(role, method, request);
      expect([grpc.status.INVALID_ARGUMENT, grpc.status.NOT_FOUND]).toContain(answer.code);
      expect(answer.details).toContain(`"${SHORTENED}"`);
      expect(answer.details).not.toContain('A'.repeat(201));
      expect(answer.details.length).toBeLessThan(1000);
    },
  );
});
