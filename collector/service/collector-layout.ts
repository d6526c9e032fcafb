// Where an installed collector lives. `target` paths are as the installed system sees them (they go into the
// unit and the config); `onDisk(p)` is where install reads and writes them: under --prefix when one is given
// (tests install into a temporary root, and then no user is made and no systemctl runs).
import path from 'node:path';

export const COLLECTOR_SERVICE = 'shoumi-collector';
export const COLLECTOR_USER = 'shoumi-collector';

export interface CollectorLayout {
  /** "/" for a real install; a temporary root for tests. */
  prefix: string;
  real: boolean;
  /** The packaged folder, copied whole. */
  home: string;
  binary: string;
  /** A symbolic link on PATH to the binary, so `shoumi-collector token create` works from a shell. */
  link: string;
  config: string;
  dataDir: string;
  unit: string;
  user: string;
  serviceName: string;
  onDisk(target: string): string;
}

export function collectorLayout(prefix = '/'): CollectorLayout {
  const root = path.resolve(prefix);
  const real = root === path.parse(root).root;
  const home = '/opt/shoumi-collector';
  return {
    prefix: root,
    real,
    home,
    binary: `${home}/shoumi-collector`,
    link: '/usr/local/bin/shoumi-collector',
    config: '/etc/shoumi/collector.yaml',
    dataDir: '/var/lib/shoumi-collector',
    unit: `/etc/systemd/system/${COLLECTOR_SERVICE}.service`,
    user: COLLECTOR_USER,
    serviceName: COLLECTOR_SERVICE,
    onDisk: (target) => (real ? target : path.join(root, target)),
  };
}

/** The files that make the packaged folder: install refuses a folder without them before changing anything. */
export const PACKAGE_FILES = [
  'shoumi-collector',
  'lib/shoumi-collector.cjs',
  'lib/node_modules/sqlite3/build/Release/node_sqlite3.node',
  'policies/baseline.yaml',
] as const;

/** Beside sqlite3's package.json in the folder: the oldest glibc its native module runs on ("2.34"). */
export const GLIBC_REQUIRED_FILE = 'glibc-required';
