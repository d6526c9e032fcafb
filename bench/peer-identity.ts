// What the collector spends reading one client certificate it has not seen (readPeerIdentity: parse, check
// against the CA, read the names): one CA, N distinct agent certificates, each read once after the code has
// warmed up on others. Run: npx tsx bench/peer-identity.ts (N=300 by default).
import { createAgentKeyAndCsr } from '../agent/enrolment/csr';
import { createCertificateAuthority, signAgentCsr } from '../collector/pki/issue-certificate';
import { readPeerIdentity } from '../collector/pki/peer-identity';

const count = Number(process.env.N ?? 300);
if (!Number.isInteger(count) || count < 1) throw new Error(`N=${process.env.N}: a whole number ≥ 1, please`);
const made = await createCertificateAuthority();
const ca = { cert: made.cert, key: made.keys.privateKey };

async function issue(deviceId: string): Promise<Buffer<ArrayBuffer>> {
  const { csrPem } = await createAgentKeyAndCsr(deviceId);
  const issued = await signAgentCsr(ca, { csrPem, deviceId });
  if (!issued.ok) throw new Error(issued.reason);
  return Buffer.from(issued.cert.rawData);
}

const warmUp = await Promise.all(Array.from({ length: 20 }, (_, index) => issue(`dev-warm-${index}`)));
const measured = await Promise.all(Array.from({ length: count }, (_, index) => issue(`dev-${index}`)));
for (const raw of warmUp) await readPeerIdentity({ raw }, ca.cert);

const cpuBefore = process.cpuUsage();
const started = performance.now();
for (const raw of measured) {
  const read = await readPeerIdentity({ raw }, ca.cert);
  if (read.status !== 'ok') throw new Error(`a certificate we issued was refused: ${read.reason}`);
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `readPeerIdentity, ${count} certificates: ${(wallMs / count).toFixed(3)} ms wall, ` +
    `${(cpuMs / count).toFixed(3)} ms CPU per certificate (node ${process.version})`,
);
