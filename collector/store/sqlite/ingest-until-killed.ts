// Child process for the durability test: opens the store given on the command line, says hello, then
// ingests small batches forever and prints "acked <seq>" for every seq the store has acknowledged. The test
// kills it with SIGKILL and checks that every printed seq survived.
import { findingOf, helloFor } from '../store-fixtures';
import { openSqliteStore } from './index';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: ingest-until-killed <database file>');

const store = await openSqliteStore(file);
await store.recordHello(helloFor('durable'), Date.now());
let nextSeq = 1;
const sendBatch = async (): Promise<void> => {
  const findings = Array.from({ length: 5 }, () => {
    const seq = nextSeq++;
    return findingOf(seq, { subject: `s-${seq}` });
  });
  await store.recordFindings('durable', findings, Date.now());
  process.stdout.write(findings.map((finding) => `acked ${finding.seq}\n`).join(''));
};
// Several concurrent streams so that the kill can land in the middle of a group commit.
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (;;) await sendBatch();
  }),
);
