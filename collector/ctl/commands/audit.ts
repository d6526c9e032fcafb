// The audit trail (审计): audit list | verify | digest. Reading and verifying change nothing on the collector.
// verify exits 1 when the chain is broken, naming the first broken record, so a cron job or a person at the
// console sees it at once.
import { writeFile } from 'node:fs/promises';
import { renderTable } from '../../../policies/text-table';
import type { AuditRecord__Output } from '../../../proto/generated/shoumi/v1/AuditRecord';
import { readDigestFile } from '../../audit/digest-file';
import { verdictText } from '../../audit/verdict-text';
import { connect, type GlobalOptions, localTime, positiveInteger, program, withClient } from '../cli-context';
import { printText } from '../terminal-text';

// Verification reads the whole chain: give it far longer than an ordinary query (millions of records).
const VERIFY_TIMEOUT_MS = 30 * 60_000;

const audit = program.command('audit').description('审计 the hash-chained audit trail: list, verify, digest');

function nonNegativeInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${option} ${text}: expected 0 or a positive integer`);
  return value;
}

audit
  .command('list')
  .description('records in position order')
  .option('--limit <n>', 'at most this many records (up to 1000)', '50')
  .option('--after <position>', 'records after this position', '0')
  .option('--action <action>', 'only this action, e.g. ledger.updated')
  .action(async (options: { limit: string; after: string; action?: string }) => {
    const limit = positiveInteger('--limit', options.limit);
    const afterPosition = nonNegativeInteger('--after', options.after);
    await withClient(async (client, global) => {
      const page = await client.listAudit({ limit, afterPosition, action: options.action ?? '' });
      if (global.json) return page;
      printText(
        `${renderTable(
          [
            { header: 'POS', value: (record: AuditRecord__Output) => String(record.position) },
            { header: 'TIME', value: (record) => localTime(record.atMs) },
            { header: 'ACTOR', value: (record) => record.actor, maxWidth: 48 },
            { header: 'ACTION', value: (record) => record.action },
            { header: 'TARGET', value: (record) => record.target, maxWidth: 32 },
            { header: 'OUTCOME', value: (record) => record.outcome },
            { header: 'DETAIL', value: (record) => record.detailJson, maxWidth: 60 },
          ],
          page.records,
        )}\n`,
      );
      if (page.nextAfterPosition > 0)
        printText(`more: shoumictl audit list --after ${page.nextAfterPosition}\n`);
      return page;
    });
  });

audit
  .command('verify')
  .description('recompute the chain from position 1; exit 1 naming the first broken record')
  .option(
    '--digest <file>',
    'a digest printed earlier (shoumictl audit digest): its head must still be in the chain',
  )
  .action(async (options: { digest?: string }) => {
    const digest = options.digest ? await readDigestFile(options.digest) : undefined;
    const global = program.opts<GlobalOptions>();
    const client = connect(global, VERIFY_TIMEOUT_MS);
    try {
      const verdict = await client.verifyAudit({ digest: digest ?? null });
      if (global.json) process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
      else printText(verdictText(verdict));
      if (!verdict.ok) process.exitCode = 1;
    } finally {
      client.close();
    }
  });

audit
  .command('digest')
  .description('the chain head (position, hash, algorithm, time) as a block to print and keep')
  .option('--out <file>', 'also write it to this file (JSON with --json)')
  .action(async (options: { out?: string }) => {
    await withClient(async (client, global) => {
      const answer = await client.auditDigest();
      if (answer.digest === null) throw new Error('the audit trail is empty: nothing to digest yet');
      if (options.out)
        await writeFile(
          options.out,
          global.json ? `${JSON.stringify(answer.digest, null, 2)}\n` : answer.text,
        );
      if (global.json) return answer.digest;
      printText(answer.text);
      return answer;
    });
  });
