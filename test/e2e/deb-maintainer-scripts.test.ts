// The agent's .deb installed, refused removal, removed with a code and purged by the real dpkg, against the
// real "/" in a private mount namespace (test/support/private-root.ts: dpkg's database and every file land
// on a tmpfs). The package is built around a stand-in executable that records its command line, so what is
// tested is the maintainer scripts' part: reading /etc/shoumi/agent-install.conf, passing the token through
// a file, dropping the token line, refusing a removal without an uninstall code. The real executable
// installed under a real systemd is the systemd guest suite's.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDeb } from '../../agent/packaging/build-deb';
import { inPrivateRoot, privateRootUnavailable } from '../support/private-root';

const STAND_IN = `#!/bin/sh
log=/var/tmp/shoumi-stand-in
mkdir -p "$log"
echo "$*" >> "$log/calls"
command=$1
while [ $# -gt 0 ]; do
  if [ "$1" = --token-file ]; then cp "$2" "$log/token"; fi
  shift
done
case "$command" in
  install) mkdir -p /etc/shoumi && echo '{}' > /etc/shoumi/agent.json ;;
  uninstall) rm -f /etc/shoumi/agent.json ;;
esac
exit 0
`;

const unavailable =
  privateRootUnavailable() ?? (spawnSync('dpkg', ['--version']).error ? 'dpkg is not installed' : undefined);
let work: string;
let deb: string;

beforeAll(async () => {
  if (unavailable) return;
  work = await mkdtemp(path.join(os.tmpdir(), 'shoumi-deb-scripts-'));
  await writeFile(path.join(work, 'stand-in'), STAND_IN);
  deb = buildDeb({
    executable: path.join(work, 'stand-in'),
    architecture: 'amd64',
    version: '0.1.0',
    outDir: work,
  });
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe.skipIf(unavailable)(
  `the .deb's maintainer scripts under dpkg${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('installs from agent-install.conf, drops the token line, refuses removal without a code, removes with one', async () => {
      const run = await inPrivateRoot(
        `S=/var/tmp/shoumi-stand-in
mkdir -p /etc/shoumi
install -m 0600 /dev/null /etc/shoumi/agent-install.conf
printf 'collector=collector.example:7700\\ntoken = tok-123456789\\nca_sha256="AB:CD"\\ndevice_id=dev-deb-1\\n' > /etc/shoumi/agent-install.conf
dpkg --force-depends -i "$DEB" > "$RESULTS/install.out" 2>&1; echo $? > "$RESULTS/install.code"
cp "$S/calls" "$RESULTS/install.calls"; cp "$S/token" "$RESULTS/token"
cp /etc/shoumi/agent-install.conf "$RESULTS/conf.after-install"
stat -c %a /usr/lib/shoumi-agent/shoumi-agent > "$RESULTS/mode"
dpkg -r shoumi-agent > "$RESULTS/refused.out" 2>&1; echo $? > "$RESULTS/refused.code"
dpkg-query -W -f '\${Status}\\n' shoumi-agent > "$RESULTS/refused.status"
echo uninstall_code=code-42 >> /etc/shoumi/agent-install.conf
dpkg -r shoumi-agent > "$RESULTS/remove.out" 2>&1; echo $? > "$RESULTS/remove.code"
tail -n 1 "$S/calls" > "$RESULTS/remove.calls"
cp /etc/shoumi/agent-install.conf "$RESULTS/conf.after-remove"
dpkg -P shoumi-agent > "$RESULTS/purge.out" 2>&1; echo $? > "$RESULTS/purge.code"
ls -a /etc/shoumi > "$RESULTS/etc-shoumi" 2>&1 || true`,
        { DEB: deb },
      );
      try {
        expect(run.code, run.stderr).toBe(0);
        expect(await run.lines('install.code'), (await run.lines('install.out')).join('\n')).toEqual(['0']);
        const [call] = await run.lines('install.calls');
        expect(call).toMatch(
          /^install --collector collector\.example:7700 --quiet --ca-sha256 AB:CD --device-id dev-deb-1 --token-file \/tmp\/tmp\.\w+$/,
        );
        expect(await run.lines('token')).toEqual(['tok-123456789']);
        expect(await run.lines('conf.after-install')).toEqual([
          'collector=collector.example:7700',
          'ca_sha256="AB:CD"',
          'device_id=dev-deb-1',
        ]);
        expect(await run.lines('mode')).toEqual(['755']);
        // Refused without a code: the package stays installed.
        expect(await run.lines('refused.code')).not.toEqual(['0']);
        expect((await run.lines('refused.out')).join('\n')).toContain(
          'refusing to remove the package: the agent is installed as a service',
        );
        // dpkg records the wish (deinstall) but the package stays installed and configured.
        expect(await run.lines('refused.status')).toEqual(['deinstall ok installed']);
        // With one: uninstall runs with it, then the package goes; the code is not kept.
        expect(await run.lines('remove.code')).toEqual(['0']);
        expect(await run.lines('remove.calls')).toEqual(['uninstall --code code-42 --quiet']);
        expect(await run.lines('conf.after-remove')).not.toContain('uninstall_code=code-42');
        expect(await run.lines('purge.code')).toEqual(['0']);
        expect((await run.lines('etc-shoumi')).join('\n')).toContain('No such file or directory');
      } finally {
        await run.dispose();
      }
    }, 120_000);
  },
);
