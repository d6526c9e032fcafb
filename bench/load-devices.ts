// Device certificates for the load bench: many devices, one key pair. Issuing 10,000 certificates each with
// its own freshly made key would spend most of the bench making keys; the collector does not care whose key a
// certificate carries, only that the certificate chains to its CA, names a device and is recorded. So one CSR
// is signed once per device id (each certificate its own serial and device id, through the collector's own
// signAgentCsr), and all of them are recorded with one direct INSERT transaction into the `certificates`
// table (schema version 5) before the collector starts. That skips the per-certificate audit record the
// store's recordCertificate writes: ten thousand "certificate.issued" records are not what is measured here.
//
// Signing 10,000 certificates took ~150 s of the bench. They are kept between runs under .cache/bench/
// (cachedLoadDevices) together with the CA that signed them, since they are worth nothing without it.
import { createHash, X509Certificate } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createAgentKeyAndCsr } from '../agent/enrolment/csr';
import { signAgentCsr } from '../collector/pki/issue-certificate';
import { certificateSha256, loadCertificateAuthority, pkiPaths } from '../collector/pki/pki-files';
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

const CACHE_ROOT = path.resolve(import.meta.dirname, '..', '.cache', 'bench');
/** A cached set is used only while its certificates have at least this long to run. */
const CACHE_MIN_REMAINING_MS = 24 * 3600 * 1000;

const sha256Of = (pem: string) => createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

/**
 * `count` load devices for the deployment whose collector data directory and admins directory are given:
 * from the cache when a previous run left a usable set, else issued (issueLoadDevices) and then cached.
 *
 * A cache entry, .cache/bench/load-COUNT/CA_SHA256/, holds copies of both directories as they were right
 * after the devices were recorded (PKI files, the SQLite file with the certificates, the administrators'
 * identities) and devices.json. Reusing it replaces the deployment's own directories with those copies, so
 * the collector, the bare server and the administrators all use the cached CA: identities the caller loaded
 * before from the replaced directories must be loaded again. An entry is used only if its CA is the one
 * devices.json names and its certificates have a day left to run; any other entry is removed.
 */
export async function cachedLoadDevices(
  collectorDataDir: string,
  adminsDir: string,
  count: number,
): Promise<{ devices: LoadDevices; cached: boolean; entry: string }> {
  const root = path.join(CACHE_ROOT, `load-${count}`);
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const entry = path.join(root, name);
    const usable = await readCacheEntry(entry, name, count);
    if (!usable) {
      await rm(entry, { recursive: true, force: true });
      continue;
    }
    for (const [from, to] of [
      [path.join(entry, 'collector'), collectorDataDir],
      [path.join(entry, 'admins'), adminsDir],
    ] as const) {
      await rm(to, { recursive: true, force: true });
      await cp(from, to, { recursive: true });
    }
    return { devices: usable, cached: true, entry };
  }
  const devices = await issueLoadDevices(collectorDataDir, count);
  const entry = path.join(root, sha256Of(devices.caPem));
  await mkdir(entry, { recursive: true, mode: 0o700 });
  await cp(collectorDataDir, path.join(entry, 'collector'), { recursive: true });
  await cp(adminsDir, path.join(entry, 'admins'), { recursive: true });
  await writeLoadDevices(path.join(entry, 'devices.json'), devices);
  return { devices, cached: false, entry };
}

/** The entry's devices if it is whole, for its CA, of the right size and not about to expire. */
async function readCacheEntry(entry: string, caSha256: string, count: number): Promise<LoadDevices | null> {
  try {
    const devices = JSON.parse(await readFile(path.join(entry, 'devices.json'), 'utf8')) as LoadDevices;
    const caPem = await readFile(pkiPaths(path.join(entry, 'collector')).caCert, 'utf8');
    if (sha256Of(caPem) !== caSha256 || sha256Of(devices.caPem) !== caSha256) return null;
    if (devices.devices.length !== count) return null;
    // Device certificates (90 days) run out before the server's and the administrators'; all were made at once.
    const first = devices.devices[0];
    if (
      !first ||
      Date.parse(new X509Certificate(first.certPem).validTo) < Date.now() + CACHE_MIN_REMAINING_MS
    )
      return null;
    return devices;
  } catch {
    return null;
  }
}
