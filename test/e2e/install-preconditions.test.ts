// `shoumi-agent install` as root against the real "/" — the built agent (dist/shoumi-agent.cjs, npm run
// build) and a real collector — in a private mount namespace whose writes land on a tmpfs
// (test/support/private-root.ts), so this shared machine is not touched. This machine has no running
// systemd (PID 1 is not systemd, /run/systemd/system is absent): exactly the host an install must refuse.
//
//   1. no service manager → refused before enrolling (exit 8); nothing written but the install log; the
//      token still enrols afterwards
//   2. a read-only /usr/local/bin and an unreachable collector → exit 6, both named, nothing written
//   3. with a stand-in systemctl (a script on PATH, the only fake: it answers as a running systemd would and
//      fails one named command once) and /run/systemd/system made in the namespace:
//      a first install whose daemon-reload fails is rolled back — no binary, config, unit or link; the
//      enrolment is kept — and the retry without a token installs; an upgrade whose enable fails puts back
//      the previous files and starts the previous service again
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';
import { inPrivateRoot, privateRootUnavailable } from '../support/private-root';
import { dist, REPO } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');
const unavailable = privateRootUnavailable();

let world: InProcessCollector;
let work: string;

beforeAll(async () => {
  if (unavailable) return;
  world = await inProcessCollector('install-preconditions');
  work = await mkdtemp(path.join(os.tmpdir(), 'shoumi-install-preconditions-'));
});

afterAll(async () => {
  await world?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const env = () => ({
  NODE: process.execPath,
  AGENT: dist('shoumi-agent'),
  COLLECTOR: world.collector.agentAddress,
  ENROL: world.collector.enrolAddress,
  CA: world.trust.caSha256,
  FIXTURE_ROOT: ROOT,
});

/** The install command line in the namespace; $TOKEN_ARGS and $DEVICE from the script. */
const INSTALL =
  '"$NODE" "$AGENT" install --collector "$COLLECTOR" --enrol "$ENROL" --root "$FIXTURE_ROOT" --quiet';

/** A stand-in for systemctl: answers like a running systemd; fails `$STATE/fail-VERB` once. */
const FAKE_SYSTEMCTL = `#!/bin/sh
echo "$*" >> "$STATE/calls"
unit=/etc/systemd/system/shoumi-agent.service
case "$1" in
  is-system-running) echo running; exit 0 ;;
  show) if [ -f "$unit" ] && [ -f "$STATE/loaded" ]; then echo loaded; else echo not-found; fi; exit 0 ;;
  is-active) if [ -f "$STATE/active" ]; then echo active; exit 0; else echo inactive; exit 3; fi ;;
esac
if [ -f "$STATE/fail-$1" ]; then rm -f "$STATE/fail-$1"; echo "Failed to $1: injected by the test" >&2; exit 1; fi
case "$1" in
  enable) touch "$STATE/loaded" "$STATE/active" ;;
  disable|stop) rm -f "$STATE/active" ;;
  daemon-reload) [ -f "$unit" ] || rm -f "$STATE/loaded" ;;
esac
exit 0
`;

/** Enrols with `token` into a fresh --prefix root: proves the token was not spent. */
function enrolsWith(token: string, deviceId: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    void mkdtemp(path.join(work, 'prefix-')).then((prefix) => {
      const child = spawn(
        process.execPath,
        [
          dist('shoumi-agent'),
          'install',
          '--collector',
          world.collector.agentAddress,
          '--enrol',
          world.collector.enrolAddress,
          '--token',
          token,
          '--ca-sha256',
          world.trust.caSha256,
          '--prefix',
          prefix,
          '--root',
          ROOT,
          '--device-id',
          deviceId,
          '--quiet',
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
  });
}

describe.skipIf(unavailable)(
  `install on the real root, in a private mount namespace${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    it('without a running systemd: refused before enrolling (exit 8), nothing written but the log, the token unspent', async () => {
      const token = world.trust.token();
      const run = await inPrivateRoot(
        `[ ! -d /run/systemd/system ] || { echo "this machine runs systemd: the case cannot be made here" >&2; exit 99; }
${INSTALL} --token "$TOKEN" --ca-sha256 "$CA" --device-id dev-no-systemd; echo $? > "$RESULTS/code"
cp /var/log/shoumi-agent-install.log "$RESULTS/log"
written after`,
        { ...env(), TOKEN: token },
      );
      try {
        expect(run.code, run.stderr).toBe(0);
        expect(await run.lines('code')).toEqual(['8']);
        expect(run.stderr).toContain(
          'install refused before enrolling: service manager: no running systemd to run the agent as a service: /run/systemd/system does not exist',
        );
        expect(run.stderr).toContain('nothing was written and the token was not used');
        expect(await run.lines('after')).toEqual(['f /var/log/shoumi-agent-install.log']);
        const log = (await run.lines('log')).map((line) => JSON.parse(line));
        expect(log.map((line) => line.message)).toEqual(['install refused']);
        expect(log[0]).toMatchObject({ exitCode: 8, checked: { 'service manager': 'FAILED' } });
        expect(JSON.stringify(log)).not.toContain(token);
      } finally {
        await run.dispose();
      }
      // Unspent: the same token enrols a device now.
      const again = await enrolsWith(token, 'dev-after-refusal');
      expect(again.code, again.stderr).toBe(0);
    });

    it('a read-only /usr/local/bin and an unreachable collector: exit 6, both named, nothing written', async () => {
      const token = world.trust.token();
      const run = await inPrivateRoot(
        `mkdir -p /run/systemd/system /usr/local/bin && mount -t tmpfs -o ro none /usr/local/bin
mkdir "$WORK/bin" "$WORK/state" && printf '%s' "$FAKE" > "$WORK/bin/systemctl" && chmod 755 "$WORK/bin/systemctl"
export STATE="$WORK/state" PATH="$WORK/bin:$PATH"
"$NODE" "$AGENT" install --collector 127.0.0.1:1 --enrol 127.0.0.1:1 --root "$FIXTURE_ROOT" --quiet --token "$TOKEN" --ca-sha256 "$CA" --device-id dev-read-only; echo $? > "$RESULTS/code"
written after`,
        { ...env(), TOKEN: token, FAKE: FAKE_SYSTEMCTL },
      );
      try {
        expect(run.code, run.stderr).toBe(0);
        expect(await run.lines('code')).toEqual(['6']);
        expect(run.stderr).toContain(
          'paths writable: cannot write where install must: /usr/local/bin (tried in /usr/local/bin: EROFS)',
        );
        expect(run.stderr).toContain("collector: cannot reach the collector's enrolment port at 127.0.0.1:1");
        // /run/systemd/system, made by the script itself, aside.
        expect((await run.lines('after')).filter((line) => !line.startsWith('f /run/'))).toEqual([
          'f /var/log/shoumi-agent-install.log',
        ]);
      } finally {
        await run.dispose();
      }
      expect((await enrolsWith(token, 'dev-after-read-only')).code).toBe(0);
    });

    it('a failure after enrolment rolls back what install wrote; the retry needs no token; a failed upgrade restores the previous install', async () => {
      const token = world.trust.token();
      const run = await inPrivateRoot(
        `mkdir -p /run/systemd/system
mkdir "$WORK/bin" "$WORK/state" && printf '%s' "$FAKE" > "$WORK/bin/systemctl" && chmod 755 "$WORK/bin/systemctl"
export STATE="$WORK/state" PATH="$WORK/bin:$PATH"
# 1. first install, daemon-reload fails after enrolment
touch "$STATE/fail-daemon-reload"
${INSTALL} --token "$TOKEN" --ca-sha256 "$CA" --device-id dev-rollback 2> "$RESULTS/first.stderr"; echo $? > "$RESULTS/first.code"
written first
# 2. the retry, without a token
${INSTALL}; echo $? > "$RESULTS/second.code"
written second
sha256sum /etc/shoumi/agent.json /etc/systemd/system/shoumi-agent.service | cut -d' ' -f1 > "$RESULTS/second.sha"
readlink /usr/local/bin/shoumi-agent > "$RESULTS/link"
/usr/local/bin/shoumi-agent --version > "$RESULTS/on-path" 2>&1
: > "$STATE/calls"
# 3. an upgrade whose enable fails
touch "$STATE/fail-enable"
${INSTALL} 2> "$RESULTS/third.stderr"; echo $? > "$RESULTS/third.code"
written third
sha256sum /etc/shoumi/agent.json /etc/systemd/system/shoumi-agent.service | cut -d' ' -f1 > "$RESULTS/third.sha"
cp "$STATE/calls" "$RESULTS/calls"
ls "$STATE" > "$RESULTS/state"
cp /var/log/shoumi-agent-install.log "$RESULTS/log"`,
        { ...env(), TOKEN: token, FAKE: FAKE_SYSTEMCTL },
      );
      try {
        expect(run.code, run.stderr).toBe(0);
        // 1. Rolled back; the enrolment kept, and the message says what to do.
        expect(await run.lines('first.code')).toEqual(['5']);
        const firstStderr = (await run.lines('first.stderr')).join('\n');
        expect(firstStderr).toContain(
          'systemctl daemon-reload failed (exit 1): Failed to daemon-reload: injected by the test',
        );
        expect(firstStderr).toMatch(
          /Rolled back: removed \d+ files and directories; stopped and unregistered the new service; told the service manager the unit is gone \(\/var\/log\/shoumi-agent-install.log names each\)/,
        );
        expect(firstStderr).toContain(
          'The token is spent, but the enrolment is kept in /var/lib/shoumi-agent/tls: once the cause is fixed, run install again with the same arguments; no new token is needed.',
        );
        expect((await run.lines('first')).filter((line) => !line.startsWith('f /run/'))).toEqual([
          'f /var/lib/shoumi-agent/tls/agent.crt',
          'f /var/lib/shoumi-agent/tls/agent.key',
          'f /var/lib/shoumi-agent/tls/ca.crt',
          'f /var/log/shoumi-agent-install.log',
        ]);
        // 2. The retry installs with the kept enrolment, and shoumi-agent is on PATH.
        expect(await run.lines('second.code')).toEqual(['0']);
        const second = await run.lines('second');
        for (const file of [
          'f /etc/shoumi/agent.json',
          'f /etc/systemd/system/shoumi-agent.service',
          'f /opt/shoumi/bin/shoumi-agent',
          'f /opt/shoumi/lib/shoumi-agent.cjs',
          'l /usr/local/bin/shoumi-agent',
        ]) {
          expect(second).toContain(file);
        }
        expect(await run.lines('link')).toEqual(['/opt/shoumi/bin/shoumi-agent']);
        expect(await run.lines('on-path')).toEqual(['0.1.0-dev']);
        // 3. The failed upgrade: the previous config and unit back byte for byte, nothing staged left, the
        //    previous service started again.
        expect(await run.lines('third.code')).toEqual(['5']);
        expect((await run.lines('third.stderr')).join('\n')).toContain(
          'Rolled back: restored 16 files; started the previous service again (/var/log/shoumi-agent-install.log names each)',
        );
        expect(await run.lines('third.sha')).toEqual(await run.lines('second.sha'));
        expect(await run.lines('third')).toEqual(second);
        expect(await run.lines('calls')).toEqual([
          'is-system-running',
          'show --property=LoadState --value shoumi-agent.service',
          'is-active shoumi-agent.service',
          'show --property=LoadState --value shoumi-agent.service',
          'is-active shoumi-agent.service',
          'stop shoumi-agent.service',
          'daemon-reload',
          'enable --now shoumi-agent.service',
          'daemon-reload',
          'enable --now shoumi-agent.service',
        ]);
        expect(await run.lines('state')).toEqual(['active', 'calls', 'loaded']);
        const log = (await run.lines('log')).map((line) => JSON.parse(line));
        const rolledBack = log.filter((line) => line.message === 'install failed; rolled back');
        expect(rolledBack).toHaveLength(2);
        expect(rolledBack[0].rolledBack).toEqual(
          expect.arrayContaining([
            'removed /usr/local/bin/shoumi-agent',
            'removed /etc/shoumi/agent.json',
            'removed /etc/systemd/system/shoumi-agent.service',
            'removed /opt/shoumi/bin/shoumi-agent',
          ]),
        );
        expect(rolledBack[1].rolledBack).toEqual(
          expect.arrayContaining([
            'restored /etc/shoumi/agent.json',
            'restored /opt/shoumi/bin/shoumi-agent',
          ]),
        );
        expect(JSON.stringify(log)).not.toContain(token);
      } finally {
        await run.dispose();
      }
      // Spent: the enrolment happened once, at the first install.
      const reuse = await enrolsWith(token, 'dev-reuse');
      expect(reuse.code).toBe(3);
    }, 120_000);
  },
);
