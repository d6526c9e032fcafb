import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCdromInfo } from './cdrom-info';

const RECORDED = readFileSync(
  path.resolve(__dirname, '../../../test/fixtures/roots/optical-drive/proc/sys/dev/cdrom/info'),
  'utf8',
);

describe('/proc/sys/dev/cdrom/info', () => {
  it("reads QEMU's read-only drive as the Linux 6.1 kernel reported it", () => {
    expect(parseCdromInfo(RECORDED)).toEqual(new Map([['sr0', { writes: [] }]]));
  });

  it('reads one column per drive, in the order of the drive name row', () => {
    // Two drives, as cdrom_sysctl_info lays them out (it prints the newest drive first): the recorded file's
    // rows with a second column added, sr1 answering 1 to the CD-R, CD-RW and DVD-R write rows.
    const twoDrives = RECORDED.split('\n')
      .map((line) => {
        if (line.startsWith('drive name:')) return line.replace('sr0', 'sr1\tsr0');
        if (!/^[A-Z].*:\t/.test(line) || line.startsWith('CD-ROM information')) return line;
        const writes = /^Can write (CD-R|CD-RW|DVD-R):/.test(line);
        return line.replace(/\t(\d+)$/, (_, value: string) => `\t${writes ? 1 : value}\t${value}`);
      })
      .join('\n');
    expect(parseCdromInfo(twoDrives)).toEqual(
      new Map([
        ['sr1', { writes: ['CD-R', 'CD-RW', 'DVD-R'] }],
        ['sr0', { writes: [] }],
      ]),
    );
  });
});
