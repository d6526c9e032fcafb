// What the ingest benches send and the floor they are compared with: synthetic findings shaped like a real
// sweep's, and a bare batched SQLite insert of the same rows into the collector's own table and schema.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection } from '../collector/store/sqlite/connection';
import { FINDING_ROW_COLUMNS, findingRow } from '../collector/store/sqlite/findings';
import type { DeviceHello } from '../collector/store/store';
import type { Finding, FindingStatus, UnsequencedFinding } from '../policies/model';

export const BARE_ROWS_PER_TRANSACTION = 1000;

/** Findings shaped like a real sweep's: a few dozen rules, subjects, evidence of a few hundred bytes. */
export function syntheticFinding(index: number): UnsequencedFinding {
  const statuses: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable'];
  return {
    ruleId: `rule-${index % 28}`,
    clause: `3.7.${4 + (index % 5)}`,
    subject: index % 3 === 0 ? '' : `0951:1666:${(index % 97).toString(16).padStart(12, '0')}`,
    status: statuses[index % 11 === 0 ? index % 4 : 0]!,
    severity: 'high',
    evidence: {
      vendorId: '0951',
      productId: '1666',
      busPath: `1-${index % 4}`,
      blockDevices: ['sda'],
      driver: 'usb-storage',
    },
    reason: index % 11 === 0 ? '未登记的移动存储介质 / unregistered removable medium' : '',
    observedAtMs: 1_780_000_000_000 + index,
    sweepId: '',
  };
}

export function helloOf(deviceId: string): DeviceHello {
  const blank = {
    hostname: deviceId,
    machineId: '',
    dmiProductUuid: '',
    dmiBoardSerial: '',
    macAddresses: [],
    disks: [],
  };
  return {
    deviceId,
    agentVersion: 'bench',
    policyVersion: '',
    hardware: { ...blank, osName: '', osVersion: '', kernel: '', arch: '' },
  };
}

export async function storeWithDevices(deviceIds: readonly string[]) {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'shoumi-bench-store-'));
  const file = path.join(directory, 'collector.sqlite');
  const store = await openSqliteStore(file);
  for (const deviceId of deviceIds) await store.recordHello(helloOf(deviceId), Date.now());
  return { directory, file, store };
}

/**
 * The floor: the given (device, finding) rows into the same table and schema with the store's pragmas,
 * 1000 rows per transaction in one multi-row INSERT, whatever device they belong to. Rows per second.
 */
export async function bareInsert(deviceIds: readonly string[], rows: readonly [string, Finding][]) {
  const { directory, file, store } = await storeWithDevices(deviceIds);
  await store.close();
  const perSecond = await bareInsertInto(file, rows);
  await rm(directory, { recursive: true, force: true });
  return perSecond;
}

/** The same floor into an existing collector file (no store open on it): rows per second. */
export async function bareInsertInto(file: string, rows: readonly [string, Finding][]) {
  const connection = await openConnection(file, 'read-write');
  await connection.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
  const placeholders = `(${FINDING_ROW_COLUMNS.split(',')
    .map(() => '?')
    .join(', ')})`;
  const started = performance.now();
  for (let offset = 0; offset < rows.length; offset += BARE_ROWS_PER_TRANSACTION) {
    const chunk = rows.slice(offset, offset + BARE_ROWS_PER_TRANSACTION);
    const values = chunk.flatMap(([deviceId, finding]) => findingRow(deviceId, finding, Date.now()));
    await connection.run('BEGIN IMMEDIATE');
    await connection.run(
      `INSERT INTO findings (${FINDING_ROW_COLUMNS}) VALUES ${Array(chunk.length).fill(placeholders).join(', ')}`,
      values,
    );
    await connection.run('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await connection.close();
  return rows.length / seconds;
}
