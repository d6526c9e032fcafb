// The few DER (X.690) encodings a PKCS#12 file needs, written out rather than taken from a library: the
// project declares no ASN.1 package of its own (the ones under @peculiar/x509 are its private business), and
// the file has a fixed shape that needs nothing but these eight constructors. Each returns the complete
// encoding (tag, length, contents).

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: its tag byte, then the length and the contents. */
export function tagged(tag: number, contents: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(contents.length), contents]);
}

export const sequence = (...items: Buffer[]) => tagged(0x30, Buffer.concat(items));
/** A SET OF: DER wants its members sorted by their encodings. */
export const setOf = (...items: Buffer[]) => tagged(0x31, Buffer.concat([...items].sort(Buffer.compare)));
export const octetString = (bytes: Buffer) => tagged(0x04, bytes);
export const nullValue = () => Buffer.from([0x05, 0x00]);
/** [n] EXPLICIT: a constructed context-specific wrapper around one element. */
export const explicit = (n: number, item: Buffer) => tagged(0xa0 | n, item);

/** A non-negative INTEGER, minimal, with a leading zero when the top bit would read as a sign. */
export function integer(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`DER integer out of range: ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  if (bytes.length === 0 || bytes[0]! & 0x80) bytes.unshift(0);
  return tagged(0x02, Buffer.from(bytes));
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isSafeInteger(arc) || arc < 0))
    throw new Error(`not an object identifier: ${dotted}`);
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      base128.unshift(0x80 | (rest & 0x7f));
    out.push(...base128);
  }
  return tagged(0x06, Buffer.from(out));
}

/** A BMPString: UTF-16 big-endian (friendly names are written this way by every PKCS#12 tool). */
export function bmpString(text: string): Buffer {
  const little = Buffer.from(text, 'utf16le');
  return tagged(0x1e, little.swap16());
}
