// Creating, renaming or removing a file changes its directory; only fsync on the directory makes that
// change survive power loss (a new segment, or the rename that commits the ack file).

import { open } from 'node:fs/promises';

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
