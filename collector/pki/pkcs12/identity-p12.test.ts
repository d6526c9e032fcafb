// Exporting an identity directory: the friendly name from the certificate, a 0600 file, never over an existing
// one; the password file's first line, and short passwords refused.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordFromFile } from './export-password';
import { exportIdentityP12 } from './identity-p12';

let dir: string;
let identity: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shoumi-identity-p12-'));
  identity = path.join(dir, 'identity');
  execFileSync('mkdir', ['-p', identity]);
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
    '-utf8',
    '-subj',
    '/CN=王芳',
    '-addext',
    'subjectAltName=URI:urn:shoumi:role:security_admin',
    '-keyout',
    path.join(identity, 'admin.key'),
    '-out',
    path.join(identity, 'admin.crt'),
  ]);
  // The CA beside it: any certificate will do for carrying.
  writeFileSync(path.join(identity, 'ca.crt'), readFileSync(path.join(identity, 'admin.crt')));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('identity export', () => {
  it('writes a 0600 PKCS#12 file named after the administrator and role, and never overwrites one', async () => {
    const file = path.join(dir, 'wang.p12');
    const written = await exportIdentityP12({
      identityDir: identity,
      file,
      password: 'password-1',
      iterations: 2048,
    });
    expect(written.friendlyName).toBe('王芳 (security_admin)');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(path.join(dir, 'pw'), 'password-1\n');
    const read = spawnSync(
      'openssl',
      ['pkcs12', '-in', file, '-passin', `file:${path.join(dir, 'pw')}`, '-nokeys', '-clcerts'],
      {
        encoding: 'utf8',
      },
    );
    expect(read.status, read.stderr).toBe(0);
    expect(read.stdout).toContain('-----BEGIN CERTIFICATE-----');
    await expect(
      exportIdentityP12({ identityDir: identity, file, password: 'password-2', iterations: 2048 }),
    ).rejects.toThrow(`${file} already exists: refusing to overwrite it; choose another name`);
  });

  it('says which file of the identity is missing', async () => {
    await expect(
      exportIdentityP12({
        identityDir: path.join(dir, 'nowhere'),
        file: path.join(dir, 'x.p12'),
        password: 'password-1',
      }),
    ).rejects.toThrow(/cannot read .*nowhere\/ca\.crt \(ENOENT\)/);
  });

  it('takes the first line of a password file, and refuses one shorter than 8 characters', async () => {
    writeFileSync(path.join(dir, 'good'), '守密口令 1234\r\nsecond line\n');
    expect(await passwordFromFile(path.join(dir, 'good'))).toBe('守密口令 1234');
    writeFileSync(path.join(dir, 'short'), 'abc\n');
    await expect(passwordFromFile(path.join(dir, 'short'))).rejects.toThrow(
      'the password must have at least 8 characters',
    );
  });
});
