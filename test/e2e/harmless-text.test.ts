// Strings from outside made harmless at the exit, end to end: a real collector on loopback, agents speaking
// the real protocol over mTLS with hostile hostnames, and shoumictl as a real process. The hostname an agent
// reports reaches the ledger CSV as text, never as a live formula; a bidi override in a stored hostname is shown
// as <U+202E> in `shoumictl devices`, `shoumictl device ID` and the CSV; honest ledger values that begin with
// - + = are imported and come back out unchanged. Agents' hellos with such characters are refused at the door
// now (collector/hello-from-wire.ts), so the bidi hostname is written into the stopped collector's store, as
// a release before that check could have stored it.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { parse } from 'csv-parse/sync';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, type Running, run } from '../support/processes';

const FORMULA_DEVICE = 'e2e-text-formula';
const FORMULA_HOSTNAME = '=HYPERLINK("http://x","y")';
const BIDI_DEVICE = 'e2e-text-bidi';
const BIDI_HOSTNAME = 'ws-01\u202egpj.exe';

let world: Deployment;
let collector: Running;
const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));
const file = (name: string) => path.join(world.dir, name);

/** Says hello as the device's agent with this hostname and stays connected until the collector has it. */
async function helloAs(deviceId: string, hostname: string): Promise<void> {
  const { credentials } = await world.trust.deviceCredentials(deviceId);
  const contract = loadContract();
  const client = new contract.shoumi.v1.AgentService(
    world.agentAddress,
    credentials as grpc.ChannelCredentials,
  );
  const call = client.Connect();
  call.on('data', () => {});
  call.on('error', () => {});
  const hello: AgentMessage = { hello: { deviceId, agentVersion: 'test', hardware: { hostname } } };
  call.write(hello);
  try {
    await eventually(async () => {
      const page = await world.admin.listDevices({ limit: 100 });
      return page.devices.find((device) => device.deviceId === deviceId && device.hostname === hostname);
    }, `the collector to store ${deviceId}'s hostname`);
  } finally {
    call.end();
    client.close();
  }
}

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
  await helloAs(FORMULA_DEVICE, FORMULA_HOSTNAME);
  await helloAs(BIDI_DEVICE, 'ws-01-plain');
  await collector.kill('SIGTERM');
  await storeHostnameDirectly(BIDI_DEVICE, BIDI_HOSTNAME);
  collector = await world.startCollector();
}, 60_000);

/** What a store written before the door check could hold: the hostname set in the stopped collector's file. */
async function storeHostnameDirectly(deviceId: string, hostname: string): Promise<void> {
  const db = new sqlite3.Database(path.join(world.dir, 'collector', 'collector.sqlite'));
  try {
    await new Promise<void>((resolve, reject) =>
      db.run('UPDATE devices SET hostname = ? WHERE device_id = ?', [hostname, deviceId], function (error) {
        if (error) reject(error);
        else if (this.changes !== 1) reject(new Error(`no device ${deviceId} in the store`));
        else resolve();
      }),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

afterAll(async () => {
  await collector?.kill();
  world?.admin.close();
  if (world) await rm(world.dir, { recursive: true, force: true });
});

async function exportedRows(name: string): Promise<Record<string, string>[]> {
  const exported = await ctl('ledger', 'export', '--lang', 'en', '--out', file(name));
  expect(exported.code, exported.stderr).toBe(0);
  return parse(await readFile(file(name), 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
}

describe('hostile hostnames at the exits', () => {
  it("writes an agent's formula hostname into the ledger CSV as text: the cell starts with an apostrophe", async () => {
    const rows = await exportedRows('formula.csv');
    const row = rows.find((entry) => entry.device_id === FORMULA_DEVICE)!;
    expect(row.hostname).toBe(`'${FORMULA_HOSTNAME}`);
    // No cell of the file would run in a spreadsheet.
    for (const entry of rows)
      for (const cell of Object.values(entry)) expect(cell, cell).not.toMatch(/^\s*[=+\-@\t\r]/);
  });

  it('shows the bidi override as <U+202E> in the ledger CSV', async () => {
    const rows = await exportedRows('bidi.csv');
    expect(rows.find((entry) => entry.device_id === BIDI_DEVICE)!.hostname).toBe('ws-01<U+202E>gpj.exe');
    expect(await readFile(file('bidi.csv'), 'utf8')).not.toContain('\u202e');
  });

  it('shows the bidi override as <U+202E> in shoumictl devices and device ID, and keeps it exact in --json', async () => {
    const devices = await ctl('devices');
    expect(devices.code, devices.stderr).toBe(0);
    expect(devices.stdout).toContain('ws-01<U+202E>gpj.exe');
    expect(devices.stdout).not.toContain('\u202e');

    const detail = await ctl('device', BIDI_DEVICE);
    expect(detail.code, detail.stderr).toBe(0);
    expect(detail.stdout).toContain('ws-01<U+202E>gpj.exe');
    expect(detail.stdout).not.toContain('\u202e');

    const json = await ctl('--json', 'devices');
    const listed = JSON.parse(json.stdout) as { devices: Array<{ deviceId: string; hostname: string }> };
    expect(listed.devices.find((device) => device.deviceId === BIDI_DEVICE)!.hostname).toBe(BIDI_HOSTNAME);
  });
});

describe('honest ledger values that begin like a formula', () => {
  it('imports -1层机房, +86… and =实验室, and an export imported again changes nothing', async () => {
    const header =
      'asset_number,device_id,hostname,classification,responsible_person,department,location,status,allowed_networks';
    await writeFile(
      file('honest.csv'),
      `${header}\r\n-7,${FORMULA_DEVICE},,confidential,+86 10 1234 5678,=实验室,-1层机房,in_service,\r\n`,
    );
    const imported = await ctl('ledger', 'import', file('honest.csv'));
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);

    const rows = await exportedRows('honest-out.csv');
    const row = rows.find((entry) => entry.device_id === FORMULA_DEVICE)!;
    expect(row).toMatchObject({
      asset_number: "'-7",
      responsible_person: "'+86 10 1234 5678",
      department: "'=实验室",
      location: "'-1层机房",
    });

    const again = await ctl('ledger', 'import', file('honest-out.csv'));
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('更改 changed 0');
    const detail = await ctl('--json', 'device', FORMULA_DEVICE);
    expect(JSON.parse(detail.stdout)).toMatchObject({
      summary: { location: '-1层机房', department: '=实验室', responsiblePerson: '+86 10 1234 5678' },
    });
  });
});
