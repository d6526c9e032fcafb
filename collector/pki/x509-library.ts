// The one door to @peculiar/x509 in the collector: import x509 from here, never from the package, so that
// the Reflect metadata polyfill (which tsyringe, under @peculiar/x509, requires) is evaluated first (ES modules run their imports in order) and the crypto provider is set.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

// Node's own WebCrypto (OpenSSL underneath): no second crypto implementation in the process.
x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
