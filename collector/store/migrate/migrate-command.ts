// shoumi-collector migrate --from DIR --to postgres://…: runs migrate-store.ts and tells the operator, in
// Chinese and English, what was moved, the verified head, and what the PostgreSQL collectors still need.
import { MIGRATED_ACTION, type MigrationReport, migrateStore } from './migrate-store';

export function migrationSummary(report: MigrationReport): string {
  const width = Math.max(...report.tables.map(({ table }) => table.length));
  const lines = [
    `迁移完成 / migrated: ${report.from} → ${report.to} (${(report.elapsedMs / 1000).toFixed(1)} s)`,
    // "表 / table" is one column wider on a terminal than its length: 表 is a wide character.
    `  表 / table${' '.repeat(Math.max(0, width + 2 - 11))}${'行 / rows'.padStart(9)}`,
    ...report.tables.map(({ table, rows }) => `  ${table.padEnd(width + 2)}${String(rows).padStart(10)}`),
    `  重建 / rebuilt: collector_finding_seqs ${report.collectorFindingSeqs}; device counters recounted` +
      (report.devicesRecounted === 0
        ? ' (all as copied)'
        : ` — ${report.devicesRecounted} devices' copied counters were wrong and are now exact`),
    `审计链已在 PostgreSQL 上验证 / audit chain verified on PostgreSQL: ${report.source.recordsChecked} records ` +
      `and ${report.source.sealsChecked} seals as on SQLite, head ${report.source.headPosition} ` +
      `${report.source.headAlgorithm} ${report.source.headHash || '(empty trail)'}`,
    `迁移记录 / migration record: position ${report.migrationRecord.position} ${MIGRATED_ACTION} ` +
      `${report.migrationRecord.hash}`,
    '下一步 / next:',
    `  1. 采集器的 PKI 在 ${report.from}/pki（CA、服务器证书、封印密钥）/ the PostgreSQL collectors need this data ` +
      "directory's pki/ (CA, server certificate, seal key): copy it to each, or seal it into the database with",
    `     shoumi-collector cluster upload --store URL --key-file KEY --data ${report.from} [--policy FILE]`,
    '  2. 启动 / start each collector with: shoumi-collector serve --store URL …',
    `  3. ${report.from} 中的 SQLite 存储保持原样，不要再用它运行采集器 / the SQLite store was left as it was: ` +
      'do not serve from it again, or the two stores part ways',
  ];
  return `${lines.join('\n')}\n`;
}

export async function runMigrate(options: { from: string; to: string }): Promise<void> {
  const report = await migrateStore({
    dataDir: options.from,
    url: options.to,
    onTable: (table, rows) => process.stderr.write(`copied ${table}: ${rows}\n`),
  });
  process.stdout.write(migrationSummary(report));
}
