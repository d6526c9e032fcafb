// What `shoumi-collector pki init` and `token create` print. Kept out of main.ts so main stays an index of
// commands; the work itself is in pki-init.ts and enrolment-tokens.ts.
import { createEnrolmentToken } from './enrolment-tokens';
import { parseTokenTtl } from './parse-ttl';
import { initPki } from './pki-init';

export async function runPkiInit(options: { data: string; hostname: string[]; ip: string[] }) {
  const result = await initPki({ dataDir: options.data, hostnames: options.hostname, ips: options.ip });
  process.stdout.write(
    [
      `CA 和服务器证书已生成 / CA and server certificate written to ${result.paths.dir}`,
      `server names: ${result.serverNames.join(', ')}`,
      `CA SHA-256 (agents pin it with --ca-sha256):`,
      result.caSha256,
      '',
    ].join('\n'),
  );
}

export async function runTokenCreate(options: { data: string; ttl: string }) {
  const ttlMs = parseTokenTtl(options.ttl);
  const { token, expiresAt } = await createEnrolmentToken(options.data, { ttlMs });
  // The token goes to stdout only, once; it is never logged and only its hash is stored.
  process.stderr.write(
    `一次性注册令牌，仅显示一次 / one-time enrolment token, shown once; expires ${expiresAt.toISOString()}\n`,
  );
  process.stdout.write(`${token}\n`);
}
