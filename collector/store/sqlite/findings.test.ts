// The ingest write on its own, inside one transaction as the group commit runs it: which rows are new is
// decided from last_seq plus a look-up of resent ranges only, so the cases at that boundary are tested here.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../policies/model';
import type { IngestResult } from '../store';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection, type SqliteConnection } from './connection';
import { type FindingsCall, writeFindingsInTransaction } from './findings';
import { openSqliteStore } from './index';

const seqs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);
const findings = (list: number[]): Finding[] =>
  list.map((seq) => findingOf(seq, { subject: `s-${seq % 7}` }));

describe('writeFindingsInTransaction', () => {
  let directory: string;
  let file: string;
  let connection: SqliteConnection;
  /** Statements that read the findings table, as the write issued them. */
  let findingReads: string[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-findings-'));
    file = join(directory, 'collector.db');
    const store = await openSqliteStore(file);
    for (const deviceId of ['a', 'b', 'c']) await store.recordHello(helloFor(deviceId), 1);
    await store.close();
    const opened = await openConnection(file, 'read-write');
    findingReads = [];
    connection = {
      ...opened,
      all: (sql, params) => {
        if (/FROM findings|JOIN findings/.test(sql)) findingReads.push(sql);
        return opened.all(sql, params);
      },
    };
  });
  afterEach(async () => {
    await connection.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function group(calls: FindingsCall[]): Promise<IngestResult[]> {
    await connection.run('BEGIN IMMEDIATE');
    const outcomes = await writeFindingsInTransaction(connection, calls);
    await connection.run('COMMIT');
    return outcomes.map((outcome) => {
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    });
  }

  const storedSeqs = async (deviceId: string) =>
    (
      await connection.all<{ seq: number }>('SELECT seq FROM findings WHERE device_id = ? ORDER BY seq', [
        deviceId,
      ])
    ).map((row) => row.seq);

  it('reads nothing from findings for a group of seqs above every last_seq', async () => {
    await group([{ deviceId: 'a', findings: findings(seqs(1, 20)), receivedAtMs: 5 }]);
    findingReads = [];
    const results = await group([
      { deviceId: 'a', findings: findings(seqs(21, 40)), receivedAtMs: 6 },
      { deviceId: 'b', findings: findings(seqs(1, 20)), receivedAtMs: 6 },
    ]);
    expect(results).toEqual([
      { stored: 20, duplicates: 0, lastSeq: 40 },
      { stored: 20, duplicates: 0, lastSeq: 20 },
    ]);
    expect(findingReads).toEqual([]);
  });

  it('stores the gaps below last_seq and counts only what is really stored as a duplicate', async () => {
    // Seqs 1–5 and 10 are stored, so last_seq is 10 while 6–9 are not: a resend of 1–12 stores 6–9, 11, 12.
    await group([{ deviceId: 'a', findings: findings([...seqs(1, 5), 10]), receivedAtMs: 5 }]);
    const [resent] = await group([{ deviceId: 'a', findings: findings(seqs(1, 12)), receivedAtMs: 6 }]);
    expect(resent).toEqual({ stored: 6, duplicates: 6, lastSeq: 12 });
    // One look-up of the resent range; and since 6–9 are late (below a stored seq), one read of the rule's
    // stored findings from 6 on, to decide which are current.
    expect(findingReads).toHaveLength(2);
    expect(findingReads[1]).toMatch(/f\.seq >= late\.column3/);
    expect(await storedSeqs('a')).toEqual(seqs(1, 12));
    // One rule, subjects s-(seq mod 7): each subject's newest seq is current (12 → s-5, 11 → s-4, 10 → s-3,
    // 9 → s-2, 8 → s-1, 7 → s-0, 6 → s-6).
    const current = await connection.all<{ subject: string; seq: number }>(
      "SELECT subject, seq FROM current_findings WHERE device_id = 'a' ORDER BY subject",
    );
    expect(current).toEqual([
      { subject: 's-0', seq: 7 },
      { subject: 's-1', seq: 8 },
      { subject: 's-2', seq: 9 },
      { subject: 's-3', seq: 10 },
      { subject: 's-4', seq: 11 },
      { subject: 's-5', seq: 12 },
      { subject: 's-6', seq: 6 },
    ]);
  });

  it('decides late findings of several devices from one read, and a late one never undoes a newer close', async () => {
    // Device a: the rule is judged whole at seq 10 after subject findings; device b: a removal at 8.
    await group([
      {
        deviceId: 'a',
        findings: [findingOf(2, { subject: 'stick' }), findingOf(10, { subject: '', status: 'pass' })],
        receivedAtMs: 5,
      },
      {
        deviceId: 'b',
        findings: [
          findingOf(3, { subject: 'stick' }),
          findingOf(8, { subject: 'stick', status: 'pass', gone: true }),
        ],
        receivedAtMs: 5,
      },
    ]);
    findingReads = [];
    // Late: a's seq 7 (a subject, before the whole-rule finding 10) and b's seq 5 (before the removal 8).
    // In seq order 10 closed a's 7 and 8 closed b's 5: neither becomes current.
    await group([
      { deviceId: 'a', findings: [findingOf(7, { subject: 'other' })], receivedAtMs: 6 },
      { deviceId: 'b', findings: [findingOf(5, { subject: 'stick', status: 'fail' })], receivedAtMs: 6 },
    ]);
    expect(findingReads.filter((sql) => /late\.column3/.test(sql))).toHaveLength(1);
    const current = await connection.all<{ device_id: string; subject: string; seq: number }>(
      'SELECT device_id, subject, seq FROM current_findings ORDER BY device_id, subject',
    );
    expect(current).toEqual([{ device_id: 'a', subject: '', seq: 10 }]);
    expect(await storedSeqs('a')).toEqual([2, 7, 10]);
    expect(await storedSeqs('b')).toEqual([3, 5, 8]);
  });

  it('looks up several devices’ resent ranges in one statement and tells each call apart', async () => {
    await group([
      { deviceId: 'a', findings: findings(seqs(1, 10)), receivedAtMs: 5 },
      { deviceId: 'b', findings: findings(seqs(1, 3)), receivedAtMs: 5 },
    ]);
    findingReads = [];
    const results = await group([
      { deviceId: 'a', findings: findings(seqs(8, 14)), receivedAtMs: 6 },
      { deviceId: 'b', findings: findings(seqs(2, 6)), receivedAtMs: 6 },
      { deviceId: 'c', findings: findings(seqs(1, 4)), receivedAtMs: 6 },
      // The same seqs again in the same group (a second stream of one device): duplicates of the first call.
      { deviceId: 'b', findings: findings(seqs(5, 7)), receivedAtMs: 6 },
    ]);
    expect(results).toEqual([
      { stored: 4, duplicates: 3, lastSeq: 14 },
      { stored: 3, duplicates: 2, lastSeq: 7 },
      { stored: 4, duplicates: 0, lastSeq: 4 },
      { stored: 1, duplicates: 2, lastSeq: 7 },
    ]);
    expect(findingReads).toHaveLength(1);
    expect(await storedSeqs('a')).toEqual(seqs(1, 14));
    expect(await storedSeqs('b')).toEqual(seqs(1, 7));
    expect(await storedSeqs('c')).toEqual(seqs(1, 4));
  });
});
