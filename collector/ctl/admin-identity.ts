// An administrator's identity as shoumictl uses it: the directory `shoumi-collector admin add --out DIR`
// wrote, holding the collector's CA (to check the server), the admin's certificate (its name and role) and
// its private key.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_IDENTITY_FILES } from '../pki/identity-names';

export interface AdminTlsIdentity {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function defaultIdentityDir(): string {
  return process.env.SHOUMI_IDENTITY ?? path.join(os.homedir(), '.shoumi', 'identity');
}

export function loadAdminIdentity(dir: string): AdminTlsIdentity {
  const read = (name: string) => {
    const file = path.join(dir, name);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
          'pass --identity DIR with the directory shoumi-collector admin add --out DIR wrote',
      );
    }
  };
  return {
    dir,
    caPem: read(ADMIN_IDENTITY_FILES.ca),
    certPem: read(ADMIN_IDENTITY_FILES.cert),
    keyPem: read(ADMIN_IDENTITY_FILES.key),
  };
}
