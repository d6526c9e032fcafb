// The audit trail (审计): audit list | verify | digest | seal. Reading and verifying change nothing on the
// collector. verify exits 1 when the chain is broken, naming the first broken record, so a cron job or a
// person at the console sees it at once. seal signs the head with the auditor's own key HERE (the key never
// leaves the identity directory), sends the seal, and keeps a copy in IDENTITY/seals/ that every later
// verify checks, pinned to this identity's key (audit/local-seals.ts).
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { Tone } from '../../../policies/text-table';
import type { AuditRecord__Output } from '../../../proto/generated/shoumi/v1/AuditRecord';
import { readDigestFile } from '../../audit/digest-file';
import { readLocalSeals, readSealAt, writeLocalSeal } from '../../audit/local-seals';
import { makeSeal, SEAL_STATEMENT_TYPE } from '../../audit/seal';
import { checkSeal } from '../../audit/seal-check';
import { verdictText } from '../../audit/verdict-text';
import { parseWindowBound } from '../../reports/window-bound';
import { loadAdminIdentity } from '../admin-identity';
import { detailSummary } from '../audit-detail';
import {
  connect,
  type GlobalOptions,
  localTime,
  positiveInteger,
  program,
  showRows,
  withClient,
} from '../cli-context';
import { t } from '../ctl-messages';
import { EXIT } from '../exit-codes';
import { commandWith } from '../next-page-command';
import { type CtlColumn, formatData } from '../output-format';
import { printText } from '../terminal-text';

// Verification reads the whole chain: give it far longer than an ordinary query (millions of records).
const VERIFY_TIMEOUT_MS = 30 * 60_000;

const audit = program.command('audit').description(t('help.audit'));

function nonNegativeInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${option} ${text}: expected 0 or a positive integer`);
  return value;
}

audit
  .command('list')
  .description(t('help.audit.list'))
  .option('--limit <n>', 'at most this many records (up to 1000)', '50')
  .option('--after <position>', 'records after this position', '0')
  .option('--action <action>', 'only this action, e.g. ledger.updated')
  .option('--actor <actor>', 'only this actor, exactly as recorded, e.g. "admin:张三(security_admin)"')
  .option('--from <time>', 'recorded at or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM (this machine’s zone)')
  .option('--to <time>', 'recorded before; a bare date includes that whole day')
  .action(
    async (options: {
      limit: string;
      after: string;
      action?: string;
      actor?: string;
      from?: string;
      to?: string;
    }) => {
      const limit = positiveInteger('--limit', options.limit);
      const afterPosition = nonNegativeInteger('--after', options.after);
      const fromMs = options.from === undefined ? 0 : parseWindowBound('--from', options.from, 'start');
      // The bound is the window's last millisecond; ListAudit's to_ms is the first instant after it.
      const toMs = options.to === undefined ? 0 : parseWindowBound('--to', options.to, 'end') + 1;
      await withClient(async (client, global) => {
        const page = await client.listAudit({
          limit,
          afterPosition,
          action: options.action ?? '',
          actor: options.actor ?? '',
          fromMs,
          toMs,
        });
        showRows(global, auditColumns(), page.records, 'records');
        // The next page is this command line again, every filter kept (--action, --actor, …), after the last.
        if (!global.json && page.nextAfterPosition > 0)
          printText(
            `${t('audit.more', { command: commandWith('--after', String(page.nextAfterPosition)) })}\n`,
          );
        return page;
      });
    },
  );

function auditColumns(): CtlColumn<AuditRecord__Output>[] {
  return [
    { header: t('col.position'), value: (record) => String(record.position) },
    { header: t('col.time'), value: (record) => localTime(record.atMs), priority: 2 },
    { header: t('col.actor'), value: (record) => record.actor, maxWidth: 40, minWidth: 14 },
    { header: t('col.action'), value: (record) => record.action, maxWidth: 28, minWidth: 12 },
    { header: t('col.target'), value: (record) => record.target, maxWidth: 32, minWidth: 10, priority: 1 },
    { header: t('col.outcome'), value: (record) => record.outcome, priority: 3, tone: outcomeTone },
    {
      header: t('col.detail'),
      value: (record) => detailSummary(record.detailJson),
      maxWidth: 60,
      wrap: true,
    },
  ];
}

const outcomeTone = (record: AuditRecord__Output): Tone | undefined =>
  record.outcome === 'refused' ? 'red' : undefined;

audit
  .command('verify')
  .description(t('help.audit.verify'))
  .option(
    '--digest <file>',
    'a digest printed earlier (shoumictl audit digest): its head must still be in the chain',
  )
  .option('--seal <file...>', 'seals kept elsewhere: each must be valid and match the chain')
  .action(async (options: { digest?: string; seal?: string[] }) => {
    const digest = options.digest ? await readDigestFile(options.digest) : undefined;
    const global = program.opts<GlobalOptions>();
    const identity = loadAdminIdentity(global.identity);
    // Your own seals are checked here, against your own key, before the collector is asked anything: someone
    // with the CA key could have minted another "auditor", not this identity's key.
    const local = await readLocalSeals(identity.dir);
    const given = await Promise.all((options.seal ?? []).map((file) => readSealAt(file)));
    const pinned = { caPem: identity.caPem, pinnedCertificatePem: identity.certPem };
    for (const { file, seal } of local) {
      const checked = checkSeal(seal, 'local-copy', pinned);
      if (!checked.ok) throw new Error(`${file}: ${checked.message}`);
    }
    for (const { file, seal } of given) {
      const checked = checkSeal(seal, 'given', { caPem: identity.caPem });
      if (!checked.ok) throw new Error(`${file}: ${checked.message}`);
    }
    const client = connect(global, VERIFY_TIMEOUT_MS);
    try {
      const verdict = await client.verifyAudit({
        digest: digest ?? null,
        seals: [...local, ...given].map(({ seal }) => seal),
      });
      if (global.json) process.stdout.write(formatData(verdict, global.output === 'yaml' ? 'yaml' : 'json'));
      else printText(verdictText(verdict));
      if (!global.json && local.length > 0)
        printText(`your own seals checked / 本人封印已核对: ${local.length} (${identity.dir}/seals)\n`);
      if (!verdict.ok) process.exitCode = EXIT.failed;
    } finally {
      client.close();
    }
  });

audit
  .command('seal')
  .description(t('help.audit.seal'))
  .action(async () => {
    await withClient(async (client, global) => {
      const identity = loadAdminIdentity(global.identity);
      const answer = await client.auditDigest();
      if (answer.digest === null) throw new Error('the audit trail is empty: nothing to seal yet');
      const cert = new X509Certificate(identity.certPem);
      const signerName = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
      const seal = makeSeal(
        {
          type: SEAL_STATEMENT_TYPE,
          position: answer.digest.position,
          hash: answer.digest.hash,
          algorithm: answer.digest.algorithm,
          headAtMs: answer.digest.atMs,
          sealedAtMs: Date.now(),
          signerKind: 'auditor',
          signerName,
        },
        identity.keyPem,
        identity.certPem,
      );
      // The local copy first: a seal the collector lost is still the auditor's, one never kept is nobody's.
      const file = await writeLocalSeal(identity.dir, seal);
      const stored = await client.sealAudit({ seal });
      const result = { position: stored.position, auditPosition: stored.auditPosition, file, seal };
      if (global.json) return result;
      process.stdout.write(
        `已封印 / sealed: position ${stored.position} ${answer.digest.algorithm} ${answer.digest.hash}\n` +
          `  recorded as audit record ${stored.auditPosition}; your copy: ${file}\n`,
      );
      return result;
    });
  });

audit
  .command('digest')
  .description(t('help.audit.digest'))
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
