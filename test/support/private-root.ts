// A real install against the real "/" without touching this shared machine: the script runs in a private
// mount namespace (unshare --mount) where /etc, /opt, /usr/local, /usr/lib, /var and /run are overlays of themselves.
// Everything reads as the machine is, every write lands in an upper directory on a tmpfs that vanishes with
// the namespace. The script gets:
//   $UPPER/<etc|opt|usr-local|usr-lib|var|run>   what was written, per overlay
//   written NAME                          writes the list of files and links written so far to $RESULTS/NAME
//                                         (paths as the machine sees them, e.g. /etc/shoumi/agent.json; an
//                                         overlay whiteout, a file deleted from the real root, shows as "c")
//   $RESULTS                              a host directory the test reads afterwards
// The network namespace is the host's, so a collector in the test process is reachable on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const OVERLAID = ['/etc', '/opt', '/usr/local', '/usr/lib', '/var', '/run'];

/** Why this machine cannot run the script (not root, no unshare, no overlayfs), or undefined. */
export function privateRootUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (unshare --mount and overlay mounts)';
  const probe = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-ec',
      'd=$(mktemp -d) && mount -t tmpfs none "$d" && mkdir "$d/u" "$d/w" && mount -t overlay overlay -o "lowerdir=/opt,upperdir=$d/u,workdir=$d/w" /opt',
    ],
    { encoding: 'utf8' },
  );
  if (probe.error) return `unshare: ${probe.error.message}`;
  if (probe.status !== 0) return `cannot mount an overlay in a private namespace: ${probe.stderr.trim()}`;
  return undefined;
}

const PRELUDE = `set -u
mount -t tmpfs none "$WORK"
UPPER="$WORK/upper"
for dir in ${OVERLAID.join(' ')}; do
  name=$(echo "\${dir#/}" | tr / -)
  mkdir -p "$UPPER/$name" "$WORK/work/$name"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$UPPER/$name,workdir=$WORK/work/$name" "$dir"
done
written() {
  : > "$RESULTS/$1"
  for dir in ${OVERLAID.join(' ')}; do
    name=$(echo "\${dir#/}" | tr / -)
    (cd "$UPPER/$name" && find . \\( -type f -o -type l -o -type c \\) -printf "%y $dir/%P\\n") >> "$RESULTS/$1"
  done
  sort -o "$RESULTS/$1" "$RESULTS/$1"
}
`;

export interface PrivateRootRun {
  code: number | null;
  stdout: string;
  stderr: string;
  results: string;
  /** The lines of $RESULTS/NAME. */
  lines(name: string): Promise<string[]>;
  /** Removes the results and the (empty) mount point. */
  dispose(): Promise<void>;
}

/** Runs `script` (sh) in the namespace; resolves when it exits (asynchronously: a collector may be in this process). */
export async function inPrivateRoot(
  script: string,
  env: Record<string, string> = {},
): Promise<PrivateRootRun> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'shoumi-private-root-'));
  const results = path.join(parent, 'results');
  const work = path.join(parent, 'work');
  await mkdir(results);
  await mkdir(work);
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', PRELUDE + script], {
    env: { ...process.env, ...env, RESULTS: results, WORK: work },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    code,
    stdout,
    stderr,
    results,
    async lines(name) {
      return (await readFile(path.join(results, name), 'utf8')).split('\n').filter(Boolean);
    },
    async dispose() {
      await rm(parent, { recursive: true, force: true });
    },
  };
}
