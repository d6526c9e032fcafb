// DATA/collectors.json: the agent addresses the collector advertised in its enrolment or renewal answer
// (IssuedCertificate.agent_addresses, which both carry), kept beside the certificate so that `run` knows every collector of the
// deployment even when it was given one, or none (agent/link-addresses.ts decides how the two combine).
//
//   { "agentAddresses": ["a.example:7700", "b.example:7700"], "receivedAt": "2026-…Z" }
//
// Written by each enrolment and each renewal (an answer with no addresses removes the file: the newest
// answer is the truth; a renewal's list is read at the next start, as an enrolment's is),
// to a temporary file that is fsynced and renamed into place, so a crash leaves the old list or the new one.
// Read back through the same parser as --collector (proto/agent-addresses.ts): a damaged file is reported,
// never half-used.
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseAgentAddressList } from '../../proto/agent-addresses';

export const ADVERTISED_COLLECTORS_FILE = 'collectors.json';

export type AdvertisedCollectors = { ok: true; addresses: string[] } | { ok: false; problem: string };

export function advertisedCollectorsFile(dataDir: string): string {
  return path.join(dataDir, ADVERTISED_COLLECTORS_FILE);
}

/** Which answer carried the list: named in the problem when it does not parse. */
export type IssuingAnswer = 'enrolment' | 'renewal';

/** An answer's list, checked; an empty answer is an empty list. */
export function advertisedFromAnswer(
  agentAddresses: readonly string[] | undefined,
  answer: IssuingAnswer = 'enrolment',
): AdvertisedCollectors {
  if (!agentAddresses || agentAddresses.length === 0) return { ok: true, addresses: [] };
  try {
    return {
      ok: true,
      addresses: parseAgentAddressList(agentAddresses, `the ${answer} answer's agent_addresses`),
    };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

/** Keeps the list durably; an empty list removes what an earlier enrolment kept. */
export async function keepAdvertisedCollectors(dataDir: string, addresses: readonly string[]): Promise<void> {
  const file = advertisedCollectorsFile(dataDir);
  if (addresses.length === 0) {
    await rm(file, { force: true });
    return;
  }
  const staged = `${file}.new`;
  const handle = await open(staged, 'w', 0o644);
  try {
    await handle.writeFile(
      `${JSON.stringify({ agentAddresses: addresses, receivedAt: new Date().toISOString() }, null, 2)}\n`,
    );
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(staged, file);
}

/**
 * Keeps the list an answer carried, once the certificate it came with is saved (a list is only ever kept
 * beside the certificate that brought it). A list that does not parse is not kept — the agent goes on with
 * the addresses it was given — and the outcome says why, for the caller to tell.
 */
export async function keepAdvertisedFromAnswer(
  dataDir: string,
  agentAddresses: readonly string[] | undefined,
  answer: IssuingAnswer,
): Promise<AdvertisedCollectors> {
  const advertised = advertisedFromAnswer(agentAddresses, answer);
  await keepAdvertisedCollectors(dataDir, advertised.ok ? advertised.addresses : []);
  return advertised;
}

/** What the last enrolment or renewal advertised: an empty list when nothing was, a problem naming the file if damaged. */
export async function readAdvertisedCollectors(dataDir: string): Promise<AdvertisedCollectors> {
  const file = advertisedCollectorsFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, addresses: [] };
    return { ok: false, problem: `cannot read ${file}: ${(error as Error).message}` };
  }
  try {
    const parsed = JSON.parse(text) as { agentAddresses?: unknown };
    const list = parsed.agentAddresses;
    if (!Array.isArray(list) || list.length === 0 || !list.every((entry) => typeof entry === 'string'))
      throw new Error('expected "agentAddresses": a list of HOST:PORT texts');
    return { ok: true, addresses: parseAgentAddressList(list, 'agentAddresses') };
  } catch (error) {
    return {
      ok: false,
      problem: `${file}: ${(error as Error).message}; enrol again (--force) to rewrite it`,
    };
  }
}
