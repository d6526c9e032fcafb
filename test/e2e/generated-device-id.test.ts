// A machine with neither /etc/machine-id nor a DMI product uuid (a container, a minimal image): the agent
// starts all the same, with a generated id kept in its data directory, the same id on the next start, and
// the collector stores where the id came from and shows it in `shoumictl device ID`. Real collector, real
// agent and shoumictl processes on loopback; the agent reads a copy of a recorded machine with both
// identity files taken away.
import { cp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

let world: Deployment;
let collector: Running;
let agent: Running | undefined;
let root: string;

const startAgent = () => world.startAgent('agent', ['--root', root, '--interval', '1h']);
const keptId = async () =>
  (await readFile(path.join(world.agentDataDir('agent'), 'device-id'), 'utf8')).trim();

async function connectedDevice(seenAfterMs = 0) {
  return eventually(async () => {
    const page = await world.admin.listDevices({ limit: 10 });
    return page.devices.find((device) => device.connected && device.lastSeenMs > seenAfterMs);
  }, 'the agent to say hello');
}

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
  root = path.join(world.dir, 'root');
  await cp(path.join(REPO, 'test', 'fixtures', 'roots', 'clean'), root, {
    recursive: true,
    verbatimSymlinks: true,
  });
  await rm(path.join(root, 'etc', 'machine-id'));
  await rm(path.join(root, 'sys', 'devices', 'virtual', 'dmi', 'id', 'product_uuid'));
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await collector?.kill();
  world?.admin.close();
});

describe('an agent on a machine without machine-id or DMI uuid', () => {
  it('starts with a generated id, kept 0600, and says so in its log and its hello', async () => {
    agent = startAgent();
    const warning = await agent.waitForLog(/^device id was generated/);
    const id = await keptId();
    expect(id).toMatch(/^gen-[0-9a-f]{24}$/);
    expect(warning).toMatchObject({ level: 'warn', deviceId: id });
    expect((await stat(path.join(world.agentDataDir('agent'), 'device-id'))).mode & 0o777).toBe(0o600);

    const device = await connectedDevice();
    expect(device.deviceId).toBe(id);
    const detail = await world.admin.getDevice({ deviceId: id });
    expect(detail.hardware).toMatchObject({ machineId: '', dmiProductUuid: '', deviceIdSource: 'generated' });

    const shown = await run('shoumictl', world.ctl(['device', id]));
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^ID来源 id source\s+随机生成 generated \(neither machine-id nor DMI uuid/m);
  });

  it('keeps the same id on the next start, still told as generated', async () => {
    const id = await keptId();
    const before = (await world.admin.getDevice({ deviceId: id })).summary!.lastSeenMs;
    await agent!.kill();
    agent = startAgent();
    await agent.waitForLog(/^device id was generated/);
    const device = await connectedDevice(before);
    expect(device.deviceId).toBe(id);
    expect(await keptId()).toBe(id);
    const page = await world.admin.listDevices({ limit: 10 });
    expect(page.devices.map((listed) => listed.deviceId)).toEqual([id]);
    expect((await world.admin.getDevice({ deviceId: id })).hardware?.deviceIdSource).toBe('generated');
  });
});
