// What several collectors share besides the store: the files a collector alone keeps in its data directory
// (the CA certificate and key, the policy, the unit's configuration), kept in the database sealed under the
// operator key (sealed-box.ts). Every change is a new version with its audit record; a collector reads a
// file at start and re-reads it when its version moved (a change notice says when; the version is the truth).
import type { AuditContext } from '../store/store';

/** The names of the files a cluster shares. */
export const CLUSTER_FILES = {
  caCertificate: 'pki/ca.crt',
  caKey: 'pki/ca.key',
  /** One server certificate for every collector: agents reach them behind one address (its name is in it). */
  serverCertificate: 'pki/server.crt',
  serverKey: 'pki/server.key',
  /** The policy YAML in force. */
  policy: 'policy.yaml',
  /** The unit's serve settings (collector.yaml's keys) every collector shares. */
  configuration: 'collector.yaml',
} as const;

export type ClusterFileName = (typeof CLUSTER_FILES)[keyof typeof CLUSTER_FILES];

export interface ClusterFile {
  name: ClusterFileName;
  content: Buffer;
  version: number;
  updatedAtMs: number;
  updatedBy: string;
}

export interface ClusterVault {
  /** Stores a new version (sealed) with a "cluster.file_stored" audit record in one transaction; resolves with its version. */
  store(name: ClusterFileName, content: Buffer, audit: AuditContext, atMs: number): Promise<number>;
  /** The newest version, opened; undefined when the cluster has none. */
  read(name: ClusterFileName): Promise<ClusterFile | undefined>;
  /** Every file's newest version number (cheap: no file is opened): what a periodic re-read compares. */
  versions(): Promise<Map<ClusterFileName, number>>;
}
