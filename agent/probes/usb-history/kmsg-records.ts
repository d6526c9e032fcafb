// The kernel log's record format as /dev/kmsg gives it (Documentation/ABI/testing/dev-kmsg):
//   "<prio>,<seq>,<usec since boot>,<flags>[,...];<message>"
// followed by dictionary lines that start with a space (" SUBSYSTEM=usb", " DEVICE=+usb:3-1"). Bytes the
// kernel considers unprintable come escaped as "\xNN".

export interface KmsgRecord {
  seq: number;
  usec: number;
  message: string;
}

const RECORD = /^\d+,(\d+),(\d+),[^;]*;(.*)$/;

export function parseKmsgRecords(text: string): KmsgRecord[] {
  const records: KmsgRecord[] = [];
  for (const line of text.split('\n')) {
    const match = RECORD.exec(line);
    if (!match) continue;
    records.push({ seq: Number(match[1]), usec: Number(match[2]), message: unescapeKmsg(match[3] ?? '') });
  }
  return records;
}

function unescapeKmsg(message: string): string {
  return message.replace(/\\x([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
