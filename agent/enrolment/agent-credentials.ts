// The agent's TLS identity on disk: what enrolment gave it and what renewal replaces.
//
//   DATA/tls/            mode 0700
//     ca.crt             the collector's CA, pinned at enrolment by its SHA-256 (trust anchor for the server)
//     agent.key          this workstation's private key, PKCS#8 PEM, mode 0600; never leaves the machine
//     agent.crt          the certificate the collector issued for that key; its URI SAN names the device
//     *.new              only while a save is in progress (see below)
//
// Saving must never leave agent.key and agent.crt from different generations, whatever moment the machine
// dies at. A save writes and fsyncs all three *.new files first, then renames agent.key.new, ca.crt.new and
// agent.crt.new in that order. Loading finishes or undoes an interrupted save:
//   agent.key.new still there  → the renames had not started: the old files are a matching set; drop *.new
//   agent.key.new gone, agent.crt.new there → the key is already the new one: finish the renames
// agent.crt's modification time is when this agent received the certificate; renewal measures the lifetime
// from it, because the collector back-dates notBefore (clock skew) and that would make a short-lived
// certificate look a third gone the moment it arrives.
import { createPrivateKey, X509Certificate as NodeCertificate } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { applyTlsPolicy } from '../../proto/tls-policy';
import { DEVICE_URN_PREFIX, deviceIdOf, serialOf, validityOf } from './certificate-fields';

export { DEVICE_URN_PREFIX } from './certificate-fields';

export const CREDENTIAL_FILES = { ca: 'ca.crt', key: 'agent.key', cert: 'agent.crt' } as const;
const NEW = '.new';

export interface AgentCredentials {
  /** The device id the collector bound the certificate to (its URI SAN); the only one the agent uses. */
  deviceId: string;
  caPem: string;
  keyPem: string;
  certPem: string;
  notBeforeMs: number;
  notAfterMs: number;
  /** Serial number, lowercase hex. */
  serial: string;
  /** When the agent received the certificate (agent.crt's mtime; see the top of this file). */
  obtainedAtMs: number;
}

export interface CredentialPems {
  caPem: string;
  keyPem: string;
  certPem: string;
}

export function tlsDirectory(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

/** What each PEM is called in an error: file paths when read from disk, descriptions when just received. */
export interface CredentialLabels {
  ca: string;
  key: string;
  cert: string;
}

/**
 * Checks that the three belong together — the certificate is for this key, signed by this CA, and names a
 * device — and reads its fields. Throws an error naming the piece that is wrong.
 */
export function inspectCredentials(
  pems: CredentialPems,
  labels: CredentialLabels,
  obtainedAtMs: number,
): AgentCredentials {
  const ca = parseCertificate(pems.caPem, labels.ca);
  const cert = parseCertificate(pems.certPem, labels.cert);
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(pems.keyPem);
  } catch (error) {
    throw new Error(`${labels.key} is not a readable private key: ${(error as Error).message}`);
  }
  if (!cert.checkPrivateKey(key)) {
    throw new Error(`${labels.cert} is not the certificate for the key in ${labels.key}`);
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) {
    throw new Error(`${labels.cert} is not signed by the CA in ${labels.ca}`);
  }
  let deviceId: string | undefined;
  let validity: ReturnType<typeof validityOf>;
  try {
    deviceId = deviceIdOf(cert);
    validity = validityOf(cert);
  } catch (error) {
    throw new Error(`${labels.cert}: ${(error as Error).message}`);
  }
  if (!deviceId) {
    throw new Error(`${labels.cert} names no device (no URI SAN ${DEVICE_URN_PREFIX}<id> with a valid id)`);
  }
  return {
    deviceId,
    caPem: pems.caPem,
    keyPem: pems.keyPem,
    certPem: pems.certPem,
    ...validity,
    serial: serialOf(cert),
    obtainedAtMs,
  };
}

function parseCertificate(pem: string, label: string): NodeCertificate {
  try {
    return new NodeCertificate(pem);
  } catch (error) {
    throw new Error(`${label} is not a readable PEM certificate: ${(error as Error).message}`);
  }
}

/**
 * The stored credentials, or undefined when this agent has not enrolled (no tls directory, or none of the
 * three files). A partial or broken set is an error naming the file, never "not enrolled": silently
 * enrolling again would hide a damaged disk and spend a token.
 */
export async function loadAgentCredentials(dataDir: string): Promise<AgentCredentials | undefined> {
  const dir = tlsDirectory(dataDir);
  await finishInterruptedSave(dir);
  const files = {
    ca: path.join(dir, CREDENTIAL_FILES.ca),
    key: path.join(dir, CREDENTIAL_FILES.key),
    cert: path.join(dir, CREDENTIAL_FILES.cert),
  };
  const [caPem, keyPem, certPem] = await Promise.all(
    [files.ca, files.key, files.cert].map((file) => readOptional(file)),
  );
  if (caPem === undefined && keyPem === undefined && certPem === undefined) return undefined;
  const missing = Object.values(files).filter((_, index) => [caPem, keyPem, certPem][index] === undefined);
  if (missing.length > 0) {
    throw new Error(`agent credentials are incomplete: ${missing.join(', ')} missing (enrol again)`);
  }
  const obtainedAtMs = (await stat(files.cert)).mtimeMs;
  return inspectCredentials(
    { caPem: caPem as string, keyPem: keyPem as string, certPem: certPem as string },
    files,
    obtainedAtMs,
  );
}

/**
 * Checks the set, then replaces the stored one so that a crash at any point leaves either the old set or
 * the new one (see the top of this file). Returns the new credentials as loadAgentCredentials would.
 */
export async function saveAgentCredentials(dataDir: string, pems: CredentialPems): Promise<AgentCredentials> {
  inspectCredentials(
    pems,
    { ca: 'the CA certificate', key: 'the new key', cert: 'the new certificate' },
    Date.now(),
  );
  const dir = tlsDirectory(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone, and the umask may have narrowed nothing or too little.
  if (process.platform !== 'win32') await chmod(dir, 0o700);
  await finishInterruptedSave(dir);
  const target = (name: string) => path.join(dir, name);
  await writeDurably(target(CREDENTIAL_FILES.key + NEW), pems.keyPem, 0o600);
  await writeDurably(target(CREDENTIAL_FILES.ca + NEW), pems.caPem, 0o644);
  await writeDurably(target(CREDENTIAL_FILES.cert + NEW), pems.certPem, 0o644);
  await syncDirectory(dir);
  await commitRenames(dir);
  const saved = await loadAgentCredentials(dataDir);
  if (!saved) throw new Error(`${dir}: credentials vanished right after they were saved`);
  return saved;
}

/** The renames of a save, in the order the recovery rules at the top of this file depend on. */
async function commitRenames(dir: string): Promise<void> {
  for (const name of [CREDENTIAL_FILES.key, CREDENTIAL_FILES.ca, CREDENTIAL_FILES.cert]) {
    const pending = path.join(dir, name + NEW);
    if (await exists(pending)) await rename(pending, path.join(dir, name));
  }
  await syncDirectory(dir);
}

async function finishInterruptedSave(dir: string): Promise<void> {
  const pending = (name: string) => path.join(dir, name + NEW);
  if (await exists(pending(CREDENTIAL_FILES.key))) {
    // The renames had not begun: what is in place is the previous, matching set.
    for (const name of Object.values(CREDENTIAL_FILES)) await rm(pending(name), { force: true });
    return;
  }
  if ((await exists(pending(CREDENTIAL_FILES.ca))) || (await exists(pending(CREDENTIAL_FILES.cert)))) {
    await commitRenames(dir);
  }
}

async function writeDurably(file: string, content: string, mode: number): Promise<void> {
  await rm(file, { force: true });
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the renames themselves durable. Windows cannot open a directory for this; NTFS journals renames.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** mTLS to the collector's agent port: its server certificate checked against the pinned CA, ours presented. */
export function channelCredentials(credentials: AgentCredentials): grpc.ChannelCredentials {
  applyTlsPolicy();
  return grpc.credentials.createSsl(
    Buffer.from(credentials.caPem),
    Buffer.from(credentials.keyPem),
    Buffer.from(credentials.certPem),
  );
}
