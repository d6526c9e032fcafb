// The agent's check of uninstall codes, against codes made the documented way (uninstall-code.ts) by a
// throwaway CA: the collector's own signer is exercised end to end in test/e2e/install.test.ts.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestAuthority, type TestAuthority } from '../enrolment/test-authority';
import { checkUninstallCode } from './uninstall-code';

let ca: TestAuthority;
let otherCa: TestAuthority;
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

beforeAll(async () => {
  ca = await createTestAuthority('uninstall CA');
  otherCa = await createTestAuthority('someone else');
});

async function code(authority: TestAuthority, statement: Record<string, unknown>): Promise<string> {
  const body = Buffer.from(JSON.stringify(statement)).toString('base64url');
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    authority.keys.privateKey,
    Buffer.from(body, 'ascii'),
  );
  return `${body}.${Buffer.from(signature).toString('base64url')}`;
}

const statement = (deviceId: string, expiresAtMs: number) => ({
  p: 'shoumi-uninstall',
  v: 1,
  d: deviceId,
  e: expiresAtMs,
  n: randomBytes(9).toString('base64url'),
});

describe('uninstall codes', () => {
  it('accepts a code of our CA for this device before it expires', async () => {
    const good = await code(ca, statement('dev-a', NOW + 60_000));
    const check = await checkUninstallCode(`  ${good}\n`, {
      deviceId: 'dev-a',
      caPem: ca.certPem,
      nowMs: NOW,
    });
    expect(check).toMatchObject({ ok: true, statement: { deviceId: 'dev-a', expiresAtMs: NOW + 60_000 } });
  });

  it('refuses another device’s code, an expired one, another CA’s, and one whose statement was edited', async () => {
    const expected = { deviceId: 'dev-a', caPem: ca.certPem, nowMs: NOW };
    const other = await checkUninstallCode(await code(ca, statement('dev-b', NOW + 60_000)), expected);
    expect(other).toMatchObject({ ok: false, reason: 'other-device' });
    expect(other.ok || other.message).toContain('dev-b');
    const expired = await checkUninstallCode(await code(ca, statement('dev-a', NOW - 1)), expected);
    expect(expired).toMatchObject({ ok: false, reason: 'expired' });
    const foreign = await checkUninstallCode(await code(otherCa, statement('dev-a', NOW + 60_000)), expected);
    expect(foreign).toMatchObject({ ok: false, reason: 'bad-signature' });
    // The signature of dev-b's code on a statement rewritten to name dev-a.
    const [, signature] = (await code(ca, statement('dev-b', NOW + 60_000))).split('.');
    const edited = `${Buffer.from(JSON.stringify(statement('dev-a', NOW + 60_000))).toString('base64url')}.${signature}`;
    expect(await checkUninstallCode(edited, expected)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('says a malformed code is malformed, whatever shape it has', async () => {
    const expected = { deviceId: 'dev-a', caPem: ca.certPem, nowMs: NOW };
    const notJson = `${Buffer.from('hello').toString('base64url')}.AAAA`;
    const wrongPurpose = await code(ca, { ...statement('dev-a', NOW + 60_000), p: 'something-else' });
    for (const text of ['', 'no-dot-here', 'a.b.c', notJson, wrongPurpose, 'x'.repeat(3000)]) {
      const check = await checkUninstallCode(text, expected);
      expect(check, text.slice(0, 40)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });
});
