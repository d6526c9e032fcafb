// What `shoumi-collector pki init`, `token create` and `admin add` print. Kept out of main.ts so main stays an
// index of commands; the work itself is in pki-init.ts, local-tokens.ts and admin-add.ts.
import path from 'node:path';
import { addAdmin } from './admin-add';
import { createTokensLocally } from './local-tokens';
import { parseDurationMs, parseTokenTtl } from './parse-ttl';
import { exportPassword } from './pkcs12/export-password';
import { exportIdentityP12 } from './pkcs12/identity-p12';
import { initPki } from './pki-init';

const DAY_MS = 24 * 3_600_000;

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

export async function runTokenCreate(options: {
  data: string;
  ttl: string;
  device?: string;
  count: string;
  store?: string;
}) {
  const ttlMs = parseTokenTtl(options.ttl);
  const count = Number(options.count);
  if (!/^\d{1,4}$/.test(options.count)) throw new Error(`--count ${options.count}: expected 1..1000`);
  const tokens = await createTokensLocally({
    dataDir: options.data,
    ttlMs,
    deviceId: options.device,
    count,
    ...(options.store === undefined ? {} : { storeUrl: options.store }),
  });
  const expiresAt = new Date(tokens[0]?.expiresAtMs ?? 0).toISOString();
  const binding = options.device ? `, only for device ${options.device}` : '';
  // Tokens go to stdout only, one per line, once; they are never logged and only their hashes are stored.
  process.stderr.write(
    `${tokens.length} 个一次性注册令牌，仅显示一次 / ${tokens.length} one-time enrolment token(s), shown once; ` +
      `expire ${expiresAt}${binding}\n`,
  );
  process.stdout.write(tokens.map((made) => `${made.token}\n`).join(''));
}

export async function runAdminAdd(options: {
  data: string;
  name: string;
  role: string;
  out: string;
  validity: string;
  p12?: string;
  passwordFile?: string;
  store?: string;
}) {
  const validityMs = parseDurationMs(options.validity, '--validity', 825 * DAY_MS);
  if (options.passwordFile !== undefined && options.p12 === undefined)
    throw new Error('--password-file protects the --p12 file: give --p12 FILE too');
  // Asked before anything is recorded, so a mistyped password leaves no identity behind.
  const password = options.p12 !== undefined ? await exportPassword(options.passwordFile) : undefined;
  const added = await addAdmin({
    dataDir: options.data,
    name: options.name,
    role: options.role,
    outDir: options.out,
    validityMs,
    ...(options.store === undefined ? {} : { storeUrl: options.store }),
  });
  const out = path.resolve(added.outDir);
  let p12Line: string[] = [];
  if (options.p12 !== undefined && password !== undefined) {
    const p12 = path.resolve(options.p12);
    await exportIdentityP12({ identityDir: out, file: p12, password }).catch((error: Error) => {
      throw new Error(
        `the identity was written to ${out}, but not the PKCS#12 file: ${error.message} ` +
          `(write it later with: shoumictl identity export --identity ${out} --p12 FILE)`,
      );
    });
    p12Line = [
      `PKCS#12:  ${p12}   (浏览器或 UKey 导入 / import into the browser or a UKey; password as given)`,
    ];
  }
  process.stdout.write(
    [
      `管理员证书已生成 / administrator identity written to ${out}`,
      `name:    ${added.name}`,
      `role:    ${added.role}`,
      `serial:  ${added.serial}`,
      `expires: ${new Date(added.notAfterMs).toISOString()}`,
      ...p12Line,
      '',
      `使用 / use it: shoumictl --identity ${out} ...   (or SHOUMI_IDENTITY=${out})`,
      'admin.key is the private key: keep it with the person it names; it never leaves that directory.',
      '',
    ].join('\n'),
  );
}
