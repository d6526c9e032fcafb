// The cluster vault on PostgreSQL (../../cluster/cluster-vault.ts). Opening it claims the database for the
// operator key on first use (its check is stored) and refuses any other key afterwards, before a file is
// read: a collector started with the wrong key says so at once.
import { createHash } from 'node:crypto';
import type { ClusterFile, ClusterFileName, ClusterVault } from '../../cluster/cluster-vault';
import { OperatorKeyError } from '../../cluster/operator-key';
import {
  openClusterFile,
  operatorKeyCheck,
  operatorKeyMatches,
  sealClusterFile,
} from '../../cluster/sealed-box';
import { appendAuditInTransaction, lockAuditChain } from './audit';
import type { PostgresContext } from './pool';

interface FileRow {
  name: ClusterFileName;
  version: number;
  sealed: Buffer;
  updated_at_ms: number;
  updated_by: string;
}

export async function openPostgresClusterVault(
  context: PostgresContext,
  operatorKey: Buffer,
  nowMs = Date.now(),
): Promise<ClusterVault> {
  await context.query(
    'INSERT INTO cluster_key (id, key_check, created_at_ms) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING',
    [operatorKeyCheck(operatorKey), nowMs],
  );
  const stored = await context.query<{ key_check: string; created_at_ms: number }>(
    'SELECT key_check, created_at_ms FROM cluster_key',
  );
  const check = stored.rows[0];
  if (!check || !operatorKeyMatches(operatorKey, check.key_check)) {
    throw new OperatorKeyError(
      `this operator key is not the one this database was first used with (${new Date(check?.created_at_ms ?? 0).toISOString()}): use that key`,
    );
  }
  return {
    store: (name, content, audit, atMs) =>
      context.transaction(async (client) => {
        await lockAuditChain(client);
        const written = await client.query<{ version: number }>(
          `INSERT INTO cluster_files (name, version, sealed, bytes, updated_at_ms, updated_by)
           VALUES ($1, 1, $2, $3, $4, $5)
           ON CONFLICT (name) DO UPDATE SET version = cluster_files.version + 1, sealed = excluded.sealed,
             bytes = excluded.bytes, updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by
           RETURNING version`,
          [name, sealClusterFile(operatorKey, name, content), content.length, atMs, audit.actor],
        );
        const version = written.rows[0]!.version;
        // The record names the file and its version; the digest only for what is not secret.
        const secret = name.endsWith('.key');
        await appendAuditInTransaction(
          client,
          {
            ...audit,
            action: 'cluster.file_stored',
            target: name,
            detail: {
              version,
              bytes: content.length,
              ...(secret ? {} : { sha256: createHash('sha256').update(content).digest('hex') }),
            },
            outcome: 'allowed',
          },
          atMs,
        );
        return version;
      }),
    async read(name) {
      const found = await context.query<FileRow>(
        'SELECT name, version, sealed, updated_at_ms, updated_by FROM cluster_files WHERE name = $1',
        [name],
      );
      const row = found.rows[0];
      if (!row) return undefined;
      const file: ClusterFile = {
        name: row.name,
        content: openClusterFile(operatorKey, row.name, row.sealed),
        version: row.version,
        updatedAtMs: row.updated_at_ms,
        updatedBy: row.updated_by,
      };
      return file;
    },
    async versions() {
      const rows = await context.query<{ name: ClusterFileName; version: number }>(
        'SELECT name, version FROM cluster_files',
      );
      return new Map(rows.rows.map((row) => [row.name, row.version]));
    },
  };
}
