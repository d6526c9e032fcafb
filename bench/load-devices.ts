// Device certificates for the load bench: many devices, one key pair. Issuing 10,000 certificates each with
// its own freshly made key would spend most of the bench making keys; the collector does not care whose key a
// certificate carries, only that the certificate chains to its CA, names a device and is recorded. So one CSR
// is signed once per device id (each certificate its own serial and device id, through the collector's own
// signAgentCsr), and all of them are recorded with one direct INSERT transaction into the `certificates`
// table (schema version 5) before the collector starts. That skips the per-certificate audit record the
// store's recordCertificate writes: ten thousand "certificate.issued" records are not what is measured here.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAgentKeyAndCsr } from '../agent/enrolment/csr';
import { signAgentCsr } from '../collector/pki/issue-certificate';
import { certificateSha256, loadCertificateAuthority } from '../collector/pki/pki-files';
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection } from '../collector/store/sqlite/connection';

/** What the load generator process reads: the CA to trust, the one private key, a certificate per device. */
export interface LoadDevices {
  caPem: string;
  keyPem: string;
  devices: { deviceId: string; certPem: string }[];
}

export const loadDeviceId = (index: number) => `load-${String(index).padStart(6, '0')}`;

/** Signatures run on libuv's thread pool; a few in flight keep both cores busy. */
const SIGNING_CONCURRENCY = 16;

export async function issueLoadDevices(collectorDataDir: string, count: number): Promise<LoadDevices> {
  const authority = await loadCertificateAuthority(collectorDataDir);
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr('load-generator');
  const issued: Awaited<ReturnType<typeof signAgentCsr>>[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: SIGNING_CONCURRENCY }, async () => {
      while (next < count) {
        const index = next++;
        issued[index] = await signAgentCsr(authority, { csrPem, deviceId: loadDeviceId(index) });
      }
    }),
  );
  // The store opens the file first so that the migrations have made the tables.
  const file = path.join(collectorDataDir, 'collector.sqlite');
  await (await openSqliteStore(file)).close();
  const connection = await openConnection(file, 'read-write');
  const now = Date.now();
  const devices: LoadDevices['devices'] = [];
  try {
    await connection.run('BEGIN IMMEDIATE');
    for (const [index, outcome] of issued.entries()) {
      if (!outcome.ok) throw new Error(`cannot issue ${loadDeviceId(index)}: ${outcome.reason}`);
      await connection.run(
        `INSERT INTO certificates (serial, kind, subject, role, sha256, not_before_ms, not_after_ms, issued_at_ms,
           issued_by) VALUES (?, 'device', ?, NULL, ?, ?, ?, ?, 'bench')`,
        [
          outcome.cert.serialNumber.toLowerCase(),
          loadDeviceId(index),
          certificateSha256(outcome.cert),
          outcome.cert.notBefore.getTime(),
          outcome.cert.notAfter.getTime(),
          now,
        ],
      );
      devices.push({ deviceId: loadDeviceId(index), certPem: outcome.pem });
    }
    await connection.run('COMMIT');
  } finally {
    await connection.close();
  }
  return { caPem: authority.cert.toString('pem'), keyPem: privateKeyPem, devices };
}

export async function writeLoadDevices(file: string, devices: LoadDevices): Promise<void> {
  await writeFile(file, JSON.stringify(devices), { mode: 0o600 });
}
