// The PKCS#12 file read back by an independent implementation (OpenSSL 3's `openssl pkcs12`): its MAC
// checks with the right password and fails with a wrong one, the key and certificates it yields are the
// ones put in, and the algorithms are the ones this file promises.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkcs12File } from './pkcs12-file';

let dir: string;
let keyPem: string;
let certPem: string;
let caPem: string;
const PASSWORD = '守密 口令 test-1';

function openssl(args: string[]) {
  return spawnSync('openssl', args, { encoding: 'utf8' });
}

beforeAll(() => {
  // Fails (and says so) where openssl is missing: the file must be read by something that is not us.
  execFileSync('openssl', ['version']);
  dir = mkdtempSync(path.join(os.tmpdir(), 'shoumi-p12-'));
  const make = (name: string, subject: string, extra: string[]) =>
    execFileSync('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      subject,
      '-keyout',
      path.join(dir, `${name}.key`),
      '-out',
      path.join(dir, `${name}.crt`),
      '-utf8',
      ...extra,
    ]);
  make('ca', '/CN=test CA', []);
  make('admin', '/CN=张三', ['-addext', 'subjectAltName=URI:urn:shoumi:role:security_admin']);
  keyPem = readFileSync(path.join(dir, 'admin.key'), 'utf8');
  certPem = readFileSync(path.join(dir, 'admin.crt'), 'utf8');
  caPem = readFileSync(path.join(dir, 'ca.crt'), 'utf8');
  writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`);
  writeFileSync(path.join(dir, 'wrong'), 'not the password\n');
  const file = pkcs12File({
    certPem,
    keyPem,
    chainPem: [caPem],
    friendlyName: '张三 (security_admin)',
    password: PASSWORD,
    iterations: 4096,
  });
  writeFileSync(path.join(dir, 'admin.p12'), file);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the PKCS#12 export', () => {
  it('is read by openssl with the password, naming PBES2/AES-256-CBC and an HMAC-SHA256 MAC', () => {
    const info = openssl([
      'pkcs12',
      '-info',
      '-noout',
      '-in',
      path.join(dir, 'admin.p12'),
      '-passin',
      `file:${path.join(dir, 'password')}`,
    ]);
    expect(info.status, info.stderr).toBe(0);
    expect(info.stderr).toContain('MAC: sha256, Iteration 4096');
    expect(info.stderr).toContain(
      'Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 4096, PRF hmacWithSHA256',
    );
    // The certificates are public and stored as plain data: two of them.
    expect(info.stderr).toContain('PKCS7 Data');
    expect(info.stderr.match(/Certificate bag/g)).toHaveLength(2);
  });

  it('gives back the very key and certificates put in, paired by localKeyId and named', () => {
    const out = openssl([
      'pkcs12',
      '-in',
      path.join(dir, 'admin.p12'),
      '-passin',
      `file:${path.join(dir, 'password')}`,
      '-nodes',
    ]);
    expect(out.status, out.stderr).toBe(0);
    const pems = [...out.stdout.matchAll(/-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g)];
    const keys = pems.filter((m) => m[1] === 'PRIVATE KEY').map((m) => m[0]);
    const certs = pems.filter((m) => m[1] === 'CERTIFICATE').map((m) => m[0]);
    expect(keys).toHaveLength(1);
    const der = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
    expect(der(keys[0]!).equals(der(keyPem))).toBe(true);
    const fingerprints = certs.map((pem) => new X509Certificate(pem).fingerprint256).sort();
    expect(fingerprints).toEqual(
      [new X509Certificate(certPem).fingerprint256, new X509Certificate(caPem).fingerprint256].sort(),
    );
    // The key's bag attributes: its friendly name as written, and the certificate's SHA-1 as localKeyId.
    // (OpenSSL 3.0 prints a BMPString's non-Latin characters as their low bytes, so the name's bytes are
    // looked for in the file itself.)
    expect(out.stdout).toMatch(/friendlyName: .* \(security_admin\)/);
    const file = readFileSync(path.join(dir, 'admin.p12'));
    expect(file.includes(Buffer.from('1e26', 'hex'))).toBe(true);
    expect(file.includes(Buffer.from('张三 (security_admin)', 'utf16le').swap16())).toBe(true);
    const sha1 = new X509Certificate(certPem).fingerprint.replace(/:/g, ' ');
    expect(out.stdout).toContain(`localKeyID: ${sha1}`);
  });

  it('fails the MAC check with a wrong password', () => {
    const out = openssl([
      'pkcs12',
      '-info',
      '-noout',
      '-in',
      path.join(dir, 'admin.p12'),
      '-passin',
      `file:${path.join(dir, 'wrong')}`,
    ]);
    expect(out.status).not.toBe(0);
    expect(out.stderr).toMatch(/Mac verify error/i);
  });

  it('refuses a key that is not the certificate’s, and an empty password', () => {
    expect(() =>
      pkcs12File({ certPem: caPem, keyPem, friendlyName: 'x', password: PASSWORD, iterations: 1 }),
    ).toThrow('the private key does not belong to the certificate');
    expect(() => pkcs12File({ certPem, keyPem, friendlyName: 'x', password: '', iterations: 1 })).toThrow(
      'a PKCS#12 file needs a password',
    );
  });
});
