import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { machineRoot } from '../probes/machine-root';
import { describeRadioChange, pollRadios, radioFingerprint } from './radio-watch-poll';
import type { RawEvent, Watcher } from './watch-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A machine root with /sys/class and, for each switch given, an rfkill entry with its three attributes. */
async function machineWith(switches: Record<string, { soft: 0 | 1; hard: 0 | 1 }>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-radiopoll-'));
  await mkdir(path.join(dir, 'sys', 'class', 'net', 'lo'), { recursive: true });
  await mkdir(path.join(dir, 'sys', 'class', 'rfkill'), { recursive: true });
  for (const [name, state] of Object.entries(switches)) await setSwitch(dir, name, state);
  return dir;
}

let version = 0;
/**
 * Points /sys/class/rfkill/NAME at a new device directory holding the switch's attributes, as sysfs links
 * class entries to devices. The link is replaced by a rename, so a poll never sees half a change (the
 * kernel changes soft and state together). rfkill's `state`: 0 soft blocked, 1 unblocked, 2 hard blocked
 * (Documentation/ABI/stable/sysfs-class-rfkill).
 */
async function setSwitch(dir: string, name: string, { soft, hard }: { soft: 0 | 1; hard: 0 | 1 }) {
  version += 1;
  const device = path.join(dir, 'sys', 'devices', 'virtual', `${name}-${version}`);
  await mkdir(device, { recursive: true });
  await writeFile(path.join(device, 'soft'), `${soft}\n`);
  await writeFile(path.join(device, 'hard'), `${hard}\n`);
  await writeFile(path.join(device, 'state'), `${hard ? 2 : soft ? 0 : 1}\n`);
  // The new link is made outside the watched class directory and renamed into it: made beside the old one,
  // a poll under load could catch the half-made `NAME.new` entry as a switch of its own.
  const staging = path.join(dir, 'staging');
  await mkdir(staging, { recursive: true });
  await symlink(device, path.join(staging, name));
  await rename(path.join(staging, name), path.join(dir, 'sys', 'class', 'rfkill', name));
}

describe('radioFingerprint', () => {
  it('lists radio class entries and each rfkill switch with its soft, hard and state attributes', async () => {
    const dir = await machineWith({ rfkill0: { soft: 1, hard: 0 } });
    await mkdir(path.join(dir, 'sys', 'class', 'ieee80211', 'phy0'), { recursive: true });
    await mkdir(path.join(dir, 'sys', 'class', 'bluetooth', 'hci0'), { recursive: true });
    expect(await radioFingerprint(machineRoot(dir))).toEqual([
      'ieee80211/phy0',
      'bluetooth/hci0',
      'rfkill/rfkill0 soft=1 hard=0 state=0',
    ]);
  });

  it('is empty on a machine without any radio class', async () => {
    expect(await radioFingerprint(machineRoot(await machineWith({})))).toEqual([]);
  });
});

describe('describeRadioChange', () => {
  it('names what came, what went and which switch changed state', () => {
    expect(describeRadioChange([], ['ieee80211/phy0'])).toBe('+ieee80211/phy0');
    expect(describeRadioChange(['bluetooth/hci0'], [])).toBe('-bluetooth/hci0');
    expect(
      describeRadioChange(
        ['rfkill/rfkill0 soft=0 hard=0 state=1'],
        ['rfkill/rfkill0 soft=1 hard=0 state=0', 'wwan/wwan0'],
      ),
    ).toBe('rfkill/rfkill0 soft=0 hard=0 state=1 → soft=1 hard=0 state=0, +wwan/wwan0');
  });
});

describe('pollRadios', () => {
  let watcher: Watcher | undefined;
  afterEach(() => watcher?.stop());

  it('reports a radio appearing, its switch, a soft block, both going, and nothing while the machine stays', async () => {
    const dir = await machineWith({});
    const events: RawEvent[] = [];
    watcher = pollRadios({ root: machineRoot(dir), onEvent: (event) => events.push(event), intervalMs: 20 });
    await sleep(120); // six ticks of an unchanged machine
    expect(events).toEqual([]);

    const last = () => events.at(-1)?.detail;
    await mkdir(path.join(dir, 'sys', 'class', 'ieee80211', 'phy0'), { recursive: true });
    await vi.waitFor(() => expect(last()).toBe('poll: +ieee80211/phy0'));
    await setSwitch(dir, 'rfkill0', { soft: 0, hard: 0 });
    await vi.waitFor(() => expect(last()).toBe('poll: +rfkill/rfkill0'));
    await setSwitch(dir, 'rfkill0', { soft: 1, hard: 0 });
    await vi.waitFor(() =>
      expect(last()).toBe('poll: rfkill/rfkill0 soft=0 hard=0 state=1 → soft=1 hard=0 state=0'),
    );
    await setSwitch(dir, 'rfkill0', { soft: 1, hard: 1 });
    await vi.waitFor(() =>
      expect(last()).toBe('poll: rfkill/rfkill0 soft=1 hard=0 state=0 → soft=1 hard=1 state=2'),
    );
    await rm(path.join(dir, 'sys', 'class', 'rfkill', 'rfkill0'));
    await vi.waitFor(() => expect(last()).toBe('poll: -rfkill/rfkill0'));
    await rm(path.join(dir, 'sys', 'class', 'ieee80211', 'phy0'), { recursive: true });
    await vi.waitFor(() => expect(last()).toBe('poll: -ieee80211/phy0'));
    // One event per change, none repeated while each state stood.
    expect(events).toHaveLength(6);
  });

  /**
   * A poll of one unblocked switch on a faked clock (no tick falls between a test's steps; the sysfs reads
   * stay real), once its first tick has taken the fingerprint. `tick()` runs the next tick and waits for it.
   */
  async function clockedPoll() {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const dir = await machineWith({ rfkill0: { soft: 0, hard: 0 } });
    const events: RawEvent[] = [];
    let ticks = 0;
    const poll = pollRadios({
      root: machineRoot(dir),
      onEvent: (event) => events.push(event),
      intervalMs: 1000,
      onPolled: () => {
        ticks += 1;
      },
    });
    watcher = poll;
    await vi.waitFor(() => expect(ticks).toBe(1));
    const tick = async () => {
      const next = ticks + 1;
      await vi.advanceTimersByTimeAsync(1000);
      await vi.waitFor(() => expect(ticks).toBe(next));
    };
    return { dir, poll, events, tick };
  }

  it('reports the undoing of a change that a sweep read between two ticks (the ticks alone see none)', async () => {
    try {
      const { dir, poll, events, tick } = await clockedPoll();
      // Blocked, and a sweep (a network event's) reads the radios and reports the block.
      await setSwitch(dir, 'rfkill0', { soft: 1, hard: 0 });
      const read = await poll.bracketRead();
      await read();
      expect(events).toEqual([]); // it read one state throughout: nothing to sweep again
      // Unblocked before the next tick: that tick reads soft=0, as the tick before did, while the reported
      // state says blocked. Compared with what the sweep read, it is a change.
      await setSwitch(dir, 'rfkill0', { soft: 0, hard: 0 });
      await tick();
      expect(events.map((event) => event.detail)).toEqual([
        'poll: rfkill/rfkill0 soft=1 hard=0 state=0 → soft=0 hard=0 state=1',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sweeps again when the radios changed while a sweep read them, and compares the next tick with after', async () => {
    try {
      const { dir, poll, events, tick } = await clockedPoll();
      const read = await poll.bracketRead();
      await setSwitch(dir, 'rfkill0', { soft: 1, hard: 0 });
      await read();
      // The sweep may have seen either side of the block: it is swept again.
      expect(events.map((event) => event.detail)).toEqual([
        'poll: while a sweep read the radios: rfkill/rfkill0 soft=0 hard=0 state=1 → soft=1 hard=0 state=0',
      ]);
      // The next ticks compare the blocked switch with the state after the read: nothing more.
      await tick();
      await tick();
      expect(events).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('names the directories it polls, with the recorded root', async () => {
    const dir = await machineWith({});
    watcher = pollRadios({ root: machineRoot(dir), onEvent: () => {}, intervalMs: 1000 });
    expect(watcher.description).toBe(
      `poll every 1000 ms of ${dir}/sys/class/{ieee80211,bluetooth,rfkill,wwan} and rfkill states`,
    );
  });
});
