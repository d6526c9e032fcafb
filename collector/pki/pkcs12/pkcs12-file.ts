// An administrator's identity as one PKCS#12 file (RFC 7292, "PFX"), the form browsers, the operating
// systems' certificate stores and UKey tools import. Written with node:crypto alone, in the shape OpenSSL 3
// writes by default, with stronger iteration counts:
//
//   PFX { version 3,
//         authSafe: data → AuthenticatedSafe [
//           data → SafeContents [ certBag(admin.crt, localKeyId, friendlyName), certBag(ca.crt) ],
//           data → SafeContents [ pkcs8ShroudedKeyBag(admin.key under PBES2, localKeyId, friendlyName) ] ],
//         macData: HMAC-SHA256 over the AuthenticatedSafe, key from the PKCS#12 KDF (SHA-256) }
//
//   PBES2 = PBKDF2-HMAC-SHA256 (random 16-byte salt, ITERATIONS) + AES-256-CBC (random IV).
//
// The certificates are left unencrypted: they are public (the collector shows them to anyone who connects),
// and a tool can list what the file holds before asking for the password. The key is never unencrypted in
// the file. localKeyId (the certificate's SHA-1, as OpenSSL and Windows write it) pairs the key with its
// certificate.
import {
  createCipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  pbkdf2Sync,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import { bmpString, explicit, integer, nullValue, octetString, oid, sequence, setOf } from './der';
import { bmpPassword, PKCS12_KDF_ID, pkcs12Kdf } from './pkcs12-kdf';

/**
 * PBKDF2 and MAC iterations. The MAC is as much a password oracle as the key's encryption, so both get the
 * same count; 100,000 keeps an import under a second and stays far below the 600,000 that .NET and Windows
 * refuse beyond.
 */
export const PKCS12_ITERATIONS = 100_000;

const OID = {
  data: '1.2.840.113549.1.7.1',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface Pkcs12Input {
  /** The administrator's certificate, PEM. */
  certPem: string;
  /** Its private key, PKCS#8 PEM (what admin add writes). */
  keyPem: string;
  /** Certificates to carry beside it (the collector's CA), PEM; not paired with the key. */
  chainPem?: string[];
  /** The name a certificate store shows: "张三 (security_admin)". */
  friendlyName: string;
  password: string;
  iterations?: number;
  /** For known-answer tests only: the salts and IV, else random. */
  randomBytes?: (size: number) => Buffer;
}

const algorithm = (id: string, parameters: Buffer) => sequence(oid(id), parameters);
/** ContentInfo of type data: the contents are DER, carried in an OCTET STRING. */
const dataContent = (contents: Buffer) => sequence(oid(OID.data), explicit(0, octetString(contents)));
const attribute = (id: string, value: Buffer) => sequence(oid(id), setOf(value));

function safeBag(bagId: string, value: Buffer, attributes: Buffer[]): Buffer {
  return sequence(oid(bagId), explicit(0, value), ...(attributes.length > 0 ? [setOf(...attributes)] : []));
}

function certBag(der: Buffer, attributes: Buffer[]): Buffer {
  return safeBag(OID.certBag, sequence(oid(OID.x509Certificate), explicit(0, octetString(der))), attributes);
}

/** EncryptedPrivateKeyInfo under PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC). Passwords are UTF-8 here (RFC 8018;
 *  OpenSSL and NSS agree), unlike the MAC's BMPString. */
function shroudedKey(
  pkcs8: Buffer,
  password: string,
  iterations: number,
  random: (size: number) => Buffer,
): Buffer {
  const salt = random(16);
  const iv = random(16);
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const parameters = sequence(
    algorithm(
      OID.pbkdf2,
      sequence(octetString(salt), integer(iterations), algorithm(OID.hmacWithSha256, nullValue())),
    ),
    algorithm(OID.aes256Cbc, octetString(iv)),
  );
  return sequence(algorithm(OID.pbes2, parameters), octetString(encrypted));
}

function derOfPem(pem: string): Buffer {
  return Buffer.from(new X509Certificate(pem).raw);
}

/** The PKCS#12 file's bytes. */
export function pkcs12File(input: Pkcs12Input): Buffer {
  const iterations = input.iterations ?? PKCS12_ITERATIONS;
  const random = input.randomBytes ?? randomBytes;
  if (input.password.length === 0) throw new Error('a PKCS#12 file needs a password');
  const certDer = derOfPem(input.certPem);
  const pkcs8 = createPrivateKey(input.keyPem).export({ type: 'pkcs8', format: 'der' });
  const certificate = new X509Certificate(input.certPem);
  if (!certificate.checkPrivateKey(createPrivateKey(input.keyPem)))
    throw new Error('the private key does not belong to the certificate');

  const keyId = createHash('sha1').update(certDer).digest();
  const paired = [
    attribute(OID.localKeyId, octetString(keyId)),
    attribute(OID.friendlyName, bmpString(input.friendlyName)),
  ];
  const certificates = sequence(
    certBag(certDer, paired),
    ...(input.chainPem ?? []).map((pem) => certBag(derOfPem(pem), [])),
  );
  const keys = sequence(
    safeBag(OID.pkcs8ShroudedKeyBag, shroudedKey(pkcs8, input.password, iterations, random), paired),
  );
  const authenticatedSafe = sequence(dataContent(certificates), dataContent(keys));

  const macSalt = random(16);
  const macKey = pkcs12Kdf({
    hash: 'sha256',
    password: bmpPassword(input.password),
    salt: macSalt,
    iterations,
    id: PKCS12_KDF_ID.macKey,
    length: 32,
  });
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  const macData = sequence(
    sequence(algorithm(OID.sha256, nullValue()), octetString(mac)),
    octetString(macSalt),
    integer(iterations),
  );
  return sequence(integer(3), dataContent(authenticatedSafe), macData);
}
