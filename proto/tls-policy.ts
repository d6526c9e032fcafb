// The TLS every shoumi connection speaks, on both ends (the collector's three listeners, the agent, shoumictl):
// TLS 1.3 as OpenSSL offers it, and TLS 1.2 only with forward-secret AEAD suites. CBC suites (with SHA-1 or
// SHA-2 MACs) are refused: they are what padding-oracle and Lucky13-style attacks need, and nothing shoumi talks
// to lacks GCM or ChaCha20-Poly1305.
//
// Why through Node's defaults: grpc-js's ServerCredentials.createSsl and credentials.createSsl take no cipher
// list. They pass `ciphers: process.env.GRPC_SSL_CIPHER_SUITES` (read once, when grpc-js is first loaded, which
// a bundle does before any of our code runs), and when that is unset Node's tls falls back to
// tls.DEFAULT_CIPHERS at the moment a secure context or server is made. Setting tls.DEFAULT_CIPHERS (documented
// as assignable since Node 18.16) before any server binds or channel connects therefore reaches every context
// grpc-js makes. An operator's GRPC_SSL_CIPHER_SUITES would override it: applyTlsPolicy refuses that rather
// than run with a list it did not check.
import tls from 'node:tls';

/** TLS 1.3 suites (OpenSSL's names; all AEAD), then the TLS 1.2 ECDHE + AEAD suites for ECDSA and RSA keys. */
export const AEAD_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** Sets the process's TLS defaults; call before making any gRPC server or channel. Idempotent. */
export function applyTlsPolicy(): void {
  const override = process.env.GRPC_SSL_CIPHER_SUITES;
  if (override !== undefined && override !== '') {
    throw new Error(
      'GRPC_SSL_CIPHER_SUITES is set; shoumi chooses its own TLS suites (TLS 1.3, and TLS 1.2 with AEAD only): ' +
        'unset it / 已设置 GRPC_SSL_CIPHER_SUITES，守密自行选择 TLS 套件，请删除该环境变量',
    );
  }
  // TLS 1.2 or later whatever flags Node was started with (--tls-min-v1.0 would lower the default).
  tls.DEFAULT_MIN_VERSION = 'TLSv1.2';
  tls.DEFAULT_CIPHERS = AEAD_CIPHERS;
}
