// A real process appending in a loop, killed with SIGKILL at a random moment, several rounds on one
// directory: whatever append reported durable must be there, seqs stay contiguous from 1, nothing twice.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openOutbox } from './outbox';

const CHILD_SCRIPT = resolve(import.meta.dirname, '../../test/fixtures/outbox/append-until-killed.ts');
const ROUNDS = 8;

let dir: string;
let childBundle: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-outbox-sigkill-'));
  // Bundled once so each round starts in ~50 ms; `node --import tsx` works too but takes over a second.
  childBundle = join(dir, 'append-until-killed.mjs');
  await build({
    entryPoints: [CHILD_SCRIPT],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: childBundle,
    logLevel: 'warning',
  });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts the child, waits until it has appended at least once, then kills it after a random delay. */
async function runAndKill(round: number): Promise<string[]> {
  const child: ChildProcess = spawn(process.execPath, [childBundle, join(dir, 'outbox'), String(round)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.on('exit', (_code, signal) => done(signal)),
  );
  const started = Date.now();
  while (!stdout.includes('appended') && Date.now() - started < 15_000) {
    if (child.exitCode !== null) throw new Error(`child exited early: ${stderr}`);
    await new Promise((done) => setTimeout(done, 5));
  }
  await new Promise((done) => setTimeout(done, 20 + Math.random() * 250));
  child.kill('SIGKILL');
  expect(await exited, stderr).toBe('SIGKILL');
  return stdout.split('\n').filter((line) => line.length > 0);
}

it(`keeps every append that resolved across ${ROUNDS} SIGKILLs`, async () => {
  let expectedNextSeq = 1;
  let tornTails = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const lines = await runAndKill(round);
    const opened = lines[0]!.split(' ').map(Number);
    expect(opened[2], 'the child continued where the last reopen ended').toBe(expectedNextSeq - 1);

    let printedLast = 0;
    let printedAcked = 0;
    for (const line of lines.slice(1)) {
      const [kind, first, last] = line.split(' ');
      if (kind === 'acked') printedAcked = Number(first);
      if (kind === 'appended') {
        expect(Number(first), line).toBe(Math.max(printedLast, opened[2]!) + 1);
        printedLast = Number(last);
      }
    }

    const outbox = await openOutbox(join(dir, 'outbox'));
    try {
      if (outbox.recovery.tornTail !== null) tornTails++;
      expect(outbox.recovery.corruptRegions).toEqual([]);
      expect(outbox.recovery.lostSeqs).toEqual([]);
      expect(outbox.lastAckedSeq).toBeGreaterThanOrEqual(printedAcked);
      expect(outbox.lastAssignedSeq).toBeGreaterThanOrEqual(printedLast);
      const pending = outbox.pending(0, Number.MAX_SAFE_INTEGER);
      expect(pending.map((finding) => finding.seq)).toEqual(
        Array.from(
          { length: outbox.lastAssignedSeq - outbox.lastAckedSeq },
          (_, index) => outbox.lastAckedSeq + 1 + index,
        ),
      );
      const subjects = pending.map((finding) => finding.subject);
      expect(new Set(subjects).size, 'no finding stored twice').toBe(subjects.length);
      expectedNextSeq = outbox.lastAssignedSeq + 1;
    } finally {
      await outbox.close();
    }
  }
  // Not asserted: whether SIGKILL lands inside a write is luck; the truncation test covers every torn shape.
  console.info(`sigkill: ${ROUNDS} rounds, ${expectedNextSeq - 1} seqs, ${tornTails} torn tails repaired`);
});
