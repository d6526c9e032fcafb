// PAM modules that log a user in with a hardware token (smart card, USB key/UKey with a PIN). Only names a
// public source documents are listed; a vendor's own UKey module under another name is not recognised
// (its line is then not counted, so the password rules are judged as for any password login: never a
// pass given by a module we do not know).
//   pam_pkcs11.so  OpenSC pam_pkcs11: PKCS#11 smart cards and tokens (Debian libpam-pkcs11; openSUSE ships
//                  "auth required pam_pkcs11.so" as its smart-card stack, pam_pkcs11-common-auth-smartcard.pam)
//   pam_p11.so     OpenSC pam_p11: the simpler PKCS#11 login module (Debian libpam-p11)
//   pam_skf.so / libpam_skf.so  a PAM module over the GM/T 0016 SKF interface Chinese UKeys expose
//                  (github.com/tan00/pam_skf; one public project, not a vendor's product)
//   pam_sss.so with require_cert_auth  SSSD's smart-card login (pam_sss(8): certificate authentication
//                  with a smart card "or similar devices" required); pam_sss without it is a password login.
// Assumed, not listed: Kylin's biometric framework (pam_biometric.so) and UOS's deepin-authentication
// UKey plugins dispatch to several methods (fingerprint, face, UKey), so the module being required does not
// show that a UKey is.

const TOKEN_MODULES = new Set(['pam_pkcs11.so', 'pam_p11.so', 'pam_skf.so', 'libpam_skf.so']);

/** Whether this module line logs in with a hardware token. */
export function hardwareTokenModuleOf(module: string, args: readonly string[]): boolean {
  if (TOKEN_MODULES.has(module)) return true;
  return module === 'pam_sss.so' && args.includes('require_cert_auth');
}
