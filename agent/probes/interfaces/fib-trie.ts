// The machine's own IPv4 addresses from /proc/net/fib_trie, without a netlink socket or a command.
//
// The kernel prints each FIB table as a trie: a leaf is "|-- 10.0.2.15" and each line below it that starts
// with "/" is one prefix of that leaf with its scope and type ("/32 host LOCAL"). An address assigned to an
// interface is exactly a leaf with a "/32 host LOCAL" entry (net/ipv4/fib_trie.c, fib_trie_seq_show). The
// same leaf shows up once per table (Main and Local print the same merged trie on current kernels), so the
// result is deduplicated. fib_trie names no interface: see ipv4-attribution.ts for how one is found.

import { malformed, type Parsed } from '../network/proc-net-line';

const LEAF = /^\s*\|--\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/;
const NODE = /^\s*\+--\s+\d{1,3}(?:\.\d{1,3}){3}\/\d{1,2}\s/;
const PREFIX = /^\s*\/(\d{1,2})\s+(\S+)\s+(\S+)/;
const TABLE = /^\S.*:\s*$/;

/** Addresses with a "/32 host LOCAL" entry, in the order first met. */
export function parseLocalAddresses(text: string, file: string): Parsed<string[]> {
  const found = new Set<string>();
  let leaf: string | null = null;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '') continue;
    const leafMatch = LEAF.exec(line);
    if (leafMatch) {
      leaf = leafMatch[1]!;
      continue;
    }
    const prefix = PREFIX.exec(line);
    if (prefix) {
      if (leaf === null) return { ok: false, reason: malformed(file, index, line) };
      if (prefix[1] === '32' && prefix[2] === 'host' && prefix[3] === 'LOCAL') found.add(leaf);
      continue;
    }
    if (NODE.test(line) || TABLE.test(line)) {
      leaf = null;
      continue;
    }
    return { ok: false, reason: malformed(file, index, line) };
  }
  return { ok: true, value: [...found] };
}
