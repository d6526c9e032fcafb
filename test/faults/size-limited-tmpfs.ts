// A size-limited tmpfs mounted over a directory, for the disk-full faults. Needs root (CAP_SYS_ADMIN); when
// mounting is impossible the error says why and the test fails instead of passing without the fault.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, open, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface SizeLimitedTmpfs {
  dir: string;
  /** Writes zeros into a filler file until the file system refuses (ENOSPC); returns the bytes written. */
  fill(): Promise<number>;
  /** Deletes the filler: the space returns. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `sizeBytes` over `dir`, keeping what `dir` held (copied onto the new file system). */
export async function mountSizeLimitedTmpfs(dir: string, sizeBytes: number): Promise<SizeLimitedTmpfs> {
  await mkdir(dir, { recursive: true });
  const keep = await mkdtemp(path.join(os.tmpdir(), 'shoumi-tmpfs-keep-'));
  await cp(dir, keep, { recursive: true });
  try {
    await exec('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=700`, 'tmpfs', dir]);
  } catch (error) {
    throw new Error(
      `cannot mount a size-limited tmpfs over ${dir} (the disk-full faults need root and mount(8)): ${
        (error as { stderr?: string }).stderr?.trim() || (error as Error).message
      }`,
    );
  }
  await cp(keep, dir, { recursive: true });
  await rm(keep, { recursive: true, force: true });
  const filler = path.join(dir, 'filler.bin');
  return {
    dir,
    async fill() {
      await writeFile(filler, '');
      const handle = await open(filler, 'a');
      const chunk = Buffer.alloc(16 * 1024);
      let written = 0;
      try {
        for (;;) {
          const { bytesWritten } = await handle.write(chunk);
          written += bytesWritten;
          if (bytesWritten < chunk.length) break;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await handle.close();
      }
      return written;
    },
    free: () => unlink(filler),
    async unmount() {
      await exec('umount', ['-l', dir]).catch(() => undefined);
    },
  };
}
