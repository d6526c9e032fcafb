// How an identity is written into a client certificate, and read back (peer-identity.ts).
//
//   agent:  CN=<deviceId>,  URI SAN urn:shoumi:device:<deviceId>   EKU clientAuth
//   admin:  CN=<admin name>, URI SAN urn:shoumi:role:<role>        EKU clientAuth
//
// The URI SAN is what the collector trusts; the CN repeats it for people reading the certificate.
import { DEVICE_ID_PATTERN } from '../../policies/model';

export const DEVICE_URN_PREFIX = 'urn:shoumi:device:';
export const ROLE_URN_PREFIX = 'urn:shoumi:role:';

/** The three separated administrator roles (三员分立). */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'auditor'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(value: string): value is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(value);
}

export function isDeviceId(value: string): boolean {
  return DEVICE_ID_PATTERN.test(value);
}

/** Admin names go into a distinguished name: letters (any script), digits, space and ._@- only, so that no
 *  name can smuggle a second RDN (",", "+", "=") into the subject. */
const ADMIN_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,63}$/u;

export function isAdminName(value: string): boolean {
  return ADMIN_NAME_PATTERN.test(value);
}

/** What an administrator identity directory holds (admin add writes it, shoumictl --identity reads it). */
export const ADMIN_IDENTITY_FILES = { ca: 'ca.crt', cert: 'admin.crt', key: 'admin.key' } as const;
