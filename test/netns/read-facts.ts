// Run inside a network namespace (`ip netns exec NS tsx test/netns/read-facts.ts ENDPOINTS_JSON`): reads
// the egress facts with the agent's own probes on the live "/" of that namespace and prints them as JSON.
import { probesFor, readFacts } from '../../agent/probes/index';
import { machineRoot } from '../../agent/probes/machine-root';

const endpoints = JSON.parse(process.argv[2] ?? '[]') as { host: string; port: number }[];
const probes = probesFor('linux', { canary: { endpoints, timeoutMs: 700 } });
const facts = await readFacts(machineRoot('/'), ['network', 'interfaces', 'canary'], probes);
process.stdout.write(JSON.stringify(facts));
