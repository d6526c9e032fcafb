// The PKI a test collector needs, made the way an operator makes it: `pki init` (initPki), one administrator
// per role (addAdmin, as `shoumi-collector admin add` does) and enrolment tokens (as `token create` does).
// Agents then enrol over the real enrolment port with a token and the CA fingerprint.
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createAgentKeyAndCsr } from '../../agent/enrolment/csr';
import { type AdminMethod, METHOD_ROLES } from '../../collector/admin/authorization';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { type AdminTlsIdentity, loadAdminIdentity } from '../../collector/ctl/admin-identity';
import { setCtlLang } from '../../collector/ctl/ctl-language';
import { addAdmin } from '../../collector/pki/admin-add';
import { certificateRecordOf } from '../../collector/pki/certificate-record';
import { ADMIN_ROLES, type AdminRole } from '../../collector/pki/identity-names';
import { signAgentCsr } from '../../collector/pki/issue-certificate';
import { createTokensLocally } from '../../collector/pki/local-tokens';
import { loadCertificateAuthority } from '../../collector/pki/pki-files';
import { initPki } from '../../collector/pki/pki-init';
import { openStoreAt } from '../../collector/store/open-store';

// The in-process admin client words its errors in the reader's language; tests read them in English.
setCtlLang('en');

/** Tokens made up front: every agent start takes one (ignored once the agent holds a certificate). */
const TOKEN_POOL = 300;

export interface DeviceTls {
  credentials: grpc.ChannelCredentials;
  serial: string;
  certPem: string;
  keyPem: string;
  caPem: string;
}

export interface TrustWorld {
  caSha256: string;
  identityDir(role: AdminRole): string;
  identity(role: AdminRole): AdminTlsIdentity;
  /** A fresh one-time enrolment token, not bound to a device (from a pool made before the collector runs). */
  token(): string;
  /**
   * mTLS credentials of a device certificate issued and recorded as enrolment would, for hand-made agent
   * streams (bad input, identity claims). Opens the store beside a running collector, as the CLIs do.
   */
  deviceCredentials(deviceId: string, options?: { validityMs?: number; now?: Date }): Promise<DeviceTls>;
}

/** Makes the CA, the server certificate and the three administrators for a collector data directory. */
export async function prepareTrust(
  collectorDataDir: string,
  adminsDir: string,
  /** storeUrl: the administrators and tokens go into this PostgreSQL store (several collectors) instead. */
  options: { serverIps?: string[]; storeUrl?: string } = {},
): Promise<TrustWorld> {
  const { caSha256 } = await initPki({ dataDir: collectorDataDir, ips: options.serverIps });
  const identityDir = (role: AdminRole) => path.join(adminsDir, role);
  const where = options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl };
  for (const role of ADMIN_ROLES) {
    await addAdmin({
      dataDir: collectorDataDir,
      name: `test-${role}`,
      role,
      outDir: identityDir(role),
      ...where,
    });
  }
  const identities = new Map(ADMIN_ROLES.map((role) => [role, loadAdminIdentity(identityDir(role))]));
  const pool = (
    await createTokensLocally({ dataDir: collectorDataDir, ttlMs: 3_600_000, count: TOKEN_POOL, ...where })
  ).map((issued) => issued.token);
  return {
    caSha256,
    identityDir,
    identity: (role) => identities.get(role)!,
    async deviceCredentials(deviceId, options = {}) {
      const authority = await loadCertificateAuthority(collectorDataDir);
      const { privateKeyPem, csrPem } = await createAgentKeyAndCsr(deviceId);
      const issued = await signAgentCsr(authority, {
        csrPem,
        deviceId,
        now: options.now,
        validityMs: options.validityMs,
      });
      if (!issued.ok) throw new Error(issued.reason);
      const store = await openStoreAt({ dataDir: collectorDataDir, ...where });
      try {
        await store.recordCertificate(
          certificateRecordOf(issued.cert, {
            kind: 'device',
            subject: deviceId,
            issuedAtMs: Date.now(),
            issuedBy: 'test-fixture',
          }),
          {
            actor: 'test-fixture',
            source: 'local',
            action: 'certificate.issued',
            target: deviceId,
            detail: { serial: issued.cert.serialNumber },
            outcome: 'allowed',
          },
          Date.now(),
        );
      } finally {
        await store.close();
      }
      const caPem = authority.cert.toString('pem');
      return {
        credentials: grpc.credentials.createSsl(
          Buffer.from(caPem),
          Buffer.from(privateKeyPem),
          Buffer.from(issued.pem),
        ),
        serial: issued.cert.serialNumber,
        certPem: issued.pem,
        keyPem: privateKeyPem,
        caPem,
      };
    },
    token() {
      const token = pool.pop();
      if (!token) throw new Error(`the test used more than ${TOKEN_POOL} enrolment tokens`);
      return token;
    },
  };
}

/** The admin RPC an AdminClient method calls: its name capitalised, or with "Get" before it. */
function rpcOf(method: string): AdminMethod {
  const capitalised = method.charAt(0).toUpperCase() + method.slice(1);
  if (capitalised in METHOD_ROLES) return capitalised as AdminMethod;
  if (`Get${capitalised}` in METHOD_ROLES) return `Get${capitalised}` as AdminMethod;
  throw new Error(`no admin RPC for client method ${method}`);
}

/**
 * For tests about something other than roles: each call goes out under the first role allowed to make it,
 * so a test reads like one administrator's session. Role enforcement itself has its own matrix test.
 */
export function roleRoutedAdmin(address: string, trust: TrustWorld, timeoutMs = 5000): AdminClient {
  const clients = new Map(
    ADMIN_ROLES.map((role) => [role, adminClient(address, trust.identity(role), timeoutMs)]),
  );
  return new Proxy({} as AdminClient, {
    get(_target, property: string) {
      if (property === 'close') {
        return () => {
          for (const client of clients.values()) client.close();
        };
      }
      const role = METHOD_ROLES[rpcOf(property)][0]!;
      const client = clients.get(role)!;
      return (client[property as keyof AdminClient] as (...args: unknown[]) => unknown).bind(client);
    },
  });
}

/** Which administrator a shoumictl command line needs, by its command words (the role matrix's view). */
export function roleForCommand(args: readonly string[]): AdminRole {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const [command, sub] = words;
  if (command === 'audit') return 'auditor';
  if (command === 'sweep' || command === 'token' || command === 'certificates' || command === 'admin')
    return 'system_admin';
  if (command === 'device' && (sub === 'revoke' || sub === 'uninstall-code')) return 'system_admin';
  return 'security_admin';
}

/**
 * shoumictl's global options for a command line: the collector and the identity its command needs, or the
 * given role's (to show another role refused).
 */
export function ctlArgs(
  adminAddress: string,
  trust: TrustWorld,
  args: readonly string[],
  role: AdminRole = roleForCommand(args),
): string[] {
  return ['--collector', adminAddress, '--identity', trust.identityDir(role), ...args];
}
