// An administrator's identity as shoumictl uses it: the directory `shoumi-collector admin add --out DIR`
// wrote, holding the collector's CA (to check the server), the admin's certificate (its name and role) and
// its private key.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_IDENTITY_FILES } from '../pki/identity-names';

export interface AdminTlsIdentity {
  dir: string;
  caPem: string;
  certPem: string;
  keyPem: string;
}

export function loadAdminIdentity(dir: string): AdminTlsIdentity {
  const read = (name: string) => {
    const file = path.join(dir, name);
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new Error(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
          'pass --identity DIR (or set it in a context: shoumictl context set NAME --identity DIR) with the ' +
          'directory shoumi-collector admin add --out DIR wrote',
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
