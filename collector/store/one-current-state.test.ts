import { describe, expect, it } from 'vitest';
import { type CurrentStateChange, currentStateChange, type RuleFinding } from './one-current-state';

type F = RuleFinding & { status: string };

/**
 * The oracle: the rule exactly as the brief words it, applied one finding at a time in seq order, with
 * nothing of the closed form the code uses. Returns subject → seq of the current row.
 */
function replay(findings: readonly F[]): Map<string, number> {
  const current = new Map<string, number>();
  for (const finding of [...findings].sort((a, b) => a.seq - b.seq)) {
    if (finding.gone === true) {
      current.delete(finding.subject);
      continue;
    }
    if (finding.subject === '') {
      for (const subject of [...current.keys()]) if (subject !== '') current.delete(subject);
    } else {
      current.delete('');
    }
    current.set(finding.subject, finding.seq);
  }
  return current;
}

/** Carries out a change on current rows as a backend must: bounded closes first, then guarded upserts. */
function apply(rows: Map<string, number>, change: CurrentStateChange<F>): Map<string, number> {
  const next = new Map(rows);
  for (const [subject, seq] of rows) {
    if (change.closeSubjectsBelow !== null && subject !== '' && seq < change.closeSubjectsBelow)
      next.delete(subject);
  }
  for (const { subject, belowSeq } of change.closeKeys) {
    const seq = next.get(subject);
    if (seq !== undefined && seq < belowSeq) next.delete(subject);
  }
  for (const finding of change.current) {
    const seq = next.get(finding.subject);
    if (seq === undefined || seq < finding.seq) next.set(finding.subject, finding.seq);
  }
  return next;
}

const f = (seq: number, subject: string, status = 'pass', gone = false): F => ({
  seq,
  subject,
  status,
  ...(gone ? { gone: true } : {}),
});

describe('one current state per (device, rule)', () => {
  it('closes the whole-rule PASS when subjects fail, and the subjects when the rule passes whole again', () => {
    // The tester's case: wifi-radio-absent passes as a whole, then fails for phy0 and phy1.
    const before = apply(new Map(), currentStateChange([f(1, '', 'pass')]));
    expect([...before]).toEqual([['', 1]]);
    const failing = apply(before, currentStateChange([f(2, 'phy0', 'fail'), f(3, 'phy1', 'fail')]));
    expect([...failing].sort()).toEqual([
      ['phy0', 2],
      ['phy1', 3],
    ]);
    // The radios are removed: the agent reports the rule whole again and each subject gone.
    const removed = apply(
      failing,
      currentStateChange([f(4, '', 'pass'), f(5, 'phy0', 'pass', true), f(6, 'phy1', 'pass', true)]),
    );
    expect([...removed]).toEqual([['', 4]]);
  });

  it('lets a gone finding close only its own subject and never become current', () => {
    const rows = new Map([
      ['stick-1', 3],
      ['stick-2', 4],
    ]);
    const change = currentStateChange([f(5, 'stick-1', 'pass', true)]);
    expect(change.current).toEqual([]);
    expect([...apply(rows, change)]).toEqual([['stick-2', 4]]);
  });

  it('lets only a newer seq close or replace: a late finding below the current rows changes nothing', () => {
    const rows = new Map([['', 10]]);
    // Seq 7 about a subject arrives after the whole-rule finding 10: in seq order 10 closed it.
    expect([...apply(rows, currentStateChange([f(7, 'phy0', 'fail'), f(10, '', 'pass')]))]).toEqual([
      ['', 10],
    ]);
  });

  it('ends where replaying every finding in seq order ends, for any history and any late group', () => {
    // mulberry32: the same cases every run.
    let state = 12;
    const next = (n: number) => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n) >>> 0;
    };
    const subjects = ['', '', 'a', 'b', 'c'];
    let late = 0;
    let closedSomething = 0;
    for (let round = 0; round < 3000; round++) {
      const history: F[] = Array.from({ length: 1 + next(12) }, (_, index) => {
        const subject = subjects[next(subjects.length)]!;
        return f(index + 1, subject, next(2) === 0 ? 'pass' : 'fail', subject !== '' && next(4) === 0);
      });
      // Some findings are stored already (the current rows reflect them); the rest arrive now, in any
      // order: usually the newest ones, sometimes a random pick (late findings among them).
      const arriving = new Set<number>();
      if (next(3) === 0) {
        for (const finding of history) if (next(2) === 0) arriving.add(finding.seq);
      } else {
        const from = 1 + next(history.length);
        for (const finding of history) if (finding.seq >= from) arriving.add(finding.seq);
      }
      if (arriving.size === 0) continue;
      const stored = history.filter((finding) => !arriving.has(finding.seq));
      const lowest = Math.min(...arriving);
      if (stored.some((finding) => finding.seq > lowest)) late += 1;
      // R: every finding from the lowest arriving seq on, stored or arriving, shuffled.
      const r = history.filter((finding) => finding.seq >= lowest).sort(() => next(3) - 1);
      const before = replay(stored);
      const after = apply(before, currentStateChange(r));
      if ([...before.keys()].some((subject) => !after.has(subject))) closedSomething += 1;
      expect([...after].sort(), JSON.stringify({ history, arriving: [...arriving] })).toEqual(
        [...replay(history)].sort(),
      );
    }
    // The cases are varied: many late groups, many closes.
    expect(late).toBeGreaterThan(300);
    expect(closedSomething).toBeGreaterThan(300);
  });
});
