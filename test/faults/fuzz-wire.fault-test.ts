// Fuzzed input at a running collector: random and mutated protobuf frames on the agent stream and on every
// admin method (mTLS clients with valid certificates), oversized messages, mutated policy files under the
// watched --policy, and garbage ledger CSV through shoumictl. The collector must answer each with a gRPC
// status or a refusal naming the problem, stay up, and leave what was stored for another device unchanged.
import { copyFileSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLedgerCsv } from '../../collector/ledger/ledger-csv-export';
import { baselinePolicyPath } from '../../policies/load-policy';
import { LOADER_OPTIONS, protoDirectory } from '../../proto/load';
import { type Deployment, deployment, sleep } from '../support/collector-fixture';
import { eventually, type Running, run } from '../support/processes';
import { wireStickFinding } from '../support/wire-findings';
import { mutateMany } from './hostile-text';
import { type Random, suiteRandom } from './seeded-random';

const FRAMES = Number(process.env.FAULT_WIRE_FRAMES ?? 300);
const POLICY_FILES = Number(process.env.FAULT_POLICY_FILES ?? 30);
const KEPT = 'fw-kept';
const FUZZER = 'fw-fuzzer';

const definition = protoLoader.loadSync(['shoumi/v1/agent.proto', 'shoumi/v1/admin.proto'], {
  ...LOADER_OPTIONS,
  includeDirs: [protoDirectory()],
});
type Method = protoLoader.MethodDefinition<object, object>;
const agentConnect = (definition['shoumi.v1.AgentService'] as protoLoader.ServiceDefinition)
  .Connect as Method;
const adminMethods = Object.values(
  definition['shoumi.v1.AdminService'] as protoLoader.ServiceDefinition,
) as Method[];
const identity = (bytes: Buffer) => bytes;

const finding = wireStickFinding;
const helloFrame = (deviceId: string) =>
  agentConnect.requestSerialize({
    hello: { deviceId, agentVersion: 'fuzz', hardware: { hostname: 'fuzz-host' } },
  });
const findingsFrame = (from: number, count: number) =>
  agentConnect.requestSerialize({
    findings: { findings: Array.from({ length: count }, (_, i) => finding(from + i)) },
  });

function mutateBytes(frame: Buffer, random: Random): Buffer {
  const bytes = Buffer.from(frame);
  switch (random.int(0, 3)) {
    case 0:
      for (let flips = random.int(1, 6); flips > 0; flips--)
        bytes[random.int(0, bytes.length - 1)] = random.int(0, 255);
      return bytes;
    case 1:
      return bytes.subarray(0, random.int(0, bytes.length));
    case 2: {
      const at = random.int(0, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), random.bytes(random.int(1, 32)), bytes.subarray(at)]);
    }
    default:
      return random.bytes(random.int(0, 512));
  }
}

/** Writes raw frames on one agent stream; resolves with the status it ended with (or 'open' if it stayed). */
function agentStream(address: string, credentials: grpc.ChannelCredentials, frames: Buffer[]) {
  const Raw = grpc.makeGenericClientConstructor(
    {
      Connect: {
        path: agentConnect.path,
        requestStream: true,
        responseStream: true,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    },
    'RawAgentService',
  );
  const client = new Raw(address, credentials);
  const call = (client as unknown as { Connect(): grpc.ClientDuplexStream<Buffer, Buffer> }).Connect();
  return new Promise<{ code: grpc.status; details: string }>((resolve) => {
    const done = (code: grpc.status, details: string) => {
      clearTimeout(timer);
      client.close();
      resolve({ code, details });
    };
    call.on('data', () => {});
    call.on('error', (error: grpc.ServiceError) => done(error.code, error.details));
    call.on('end', () => done(grpc.status.OK, ''));
    for (const frame of frames) call.write(frame);
    // A frame the collector took as valid leaves the stream open: end it as an agent would.
    const timer = setTimeout(() => call.end(), 400);
  });
}

function adminUnary(client: grpc.Client, method: Method, frame: Buffer) {
  return new Promise<{ code: grpc.status; details: string }>((resolve) => {
    client.makeUnaryRequest(
      method.path,
      identity,
      identity,
      frame,
      new grpc.Metadata(),
      { deadline: Date.now() + 5000 },
      (error) =>
        resolve(error ? { code: error.code, details: error.details } : { code: grpc.status.OK, details: '' }),
    );
  });
}

describe('fuzzed input at a running collector', () => {
  let world: Deployment;
  let collector: Running;
  let policyFile: string;
  let keptBefore: string;
  const tally: Record<string, Record<string, number>> = {};
  const count = (target: string, outcome: string) => {
    tally[target] ??= {};
    tally[target][outcome] = (tally[target][outcome] ?? 0) + 1;
  };
  /** What is stored about the kept device: its findings (history), its ledger row, its summary. */
  const keptSnapshot = async () => {
    const findings = await world.admin.listFindings({
      deviceId: KEPT,
      history: true,
      limit: 1000,
      pageToken: '',
    });
    const device = await world.admin.getDevice({ deviceId: KEPT });
    const ledger = await world.admin.exportLedger({ lang: 'en' });
    const row = ledger.csvText.split('\r\n').filter((line) => line.includes(KEPT));
    return JSON.stringify({ findings: findings.findings, device: { ...device, lastSeenMs: 0 }, row });
  };

  beforeAll(async () => {
    world = await deployment();
    policyFile = path.join(world.dir, 'policy.yaml');
    copyFileSync(baselinePolicyPath(), policyFile);
    collector = await world.startCollector(['--policy', policyFile]);
    const kept = await world.trust.deviceCredentials(KEPT);
    const seeded = await agentStream(world.agentAddress, kept.credentials, [
      helloFrame(KEPT),
      findingsFrame(1, 5),
    ]);
    expect(seeded.code).toBe(grpc.status.OK);
    await eventually(async () => ((await world.lastSeq(KEPT)) === 5 ? true : undefined), 'the kept findings');
    keptBefore = await keptSnapshot();
  });

  afterAll(async () => {
    console.log(`[faults] wire fuzz outcomes: ${JSON.stringify(tally)}`);
    await collector?.kill('SIGKILL');
    world?.admin.close();
  });

  it(`agent stream: ${FRAMES} random and mutated frames, and an oversized one`, async () => {
    const random = suiteRandom('agent stream frames');
    const fuzzer = await world.trust.deviceCredentials(FUZZER);
    const valid = [helloFrame(FUZZER), findingsFrame(1, 3)];
    for (let index = 0; index < FRAMES; index++) {
      // Mutate the hello, or send a good hello then a mutated findings batch (reaches ingest validation).
      const frames =
        random.next() < 0.4 ? [mutateBytes(valid[0]!, random)] : [valid[0]!, mutateBytes(valid[1]!, random)];
      const result = await agentStream(world.agentAddress, fuzzer.credentials, frames);
      count('agent stream', grpc.status[result.code]);
      if (result.code !== grpc.status.OK)
        expect(result.details.length, grpc.status[result.code]).toBeGreaterThan(0);
      expect(collector.child.exitCode).toBeNull();
    }
    const oversized = await agentStream(world.agentAddress, fuzzer.credentials, [
      Buffer.alloc(17 * 1024 * 1024, 0x0a),
    ]);
    count('agent stream', `oversized ${grpc.status[oversized.code]}`);
    expect(oversized.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  }, 180_000);

  it(`admin service: ${FRAMES} random and mutated requests across every method, and an oversized one`, async () => {
    const random = suiteRandom('admin frames');
    const { caPem, keyPem, certPem } = world.trust.identity('security_admin');
    const credentials = grpc.credentials.createSsl(
      Buffer.from(caPem),
      Buffer.from(keyPem),
      Buffer.from(certPem),
    );
    const client = new grpc.Client(world.adminAddress, credentials);
    // Valid read requests to mutate; random bytes go to every method, state-changing ones included.
    const reads: Array<[string, object]> = [
      ['ListFindings', { deviceId: KEPT, history: true, limit: 10 }],
      ['GetDevice', { deviceId: KEPT }],
      ['ListDevices', { limit: 10 }],
      ['ListAudit', { limit: 5 }],
    ];
    const byName = new Map(
      adminMethods.map((method) => [method.originalName ?? method.path.split('/').pop()!, method]),
    );
    for (let index = 0; index < FRAMES; index++) {
      let method: Method;
      let frame: Buffer;
      if (random.next() < 0.5) {
        const [name, request] = random.pick(reads);
        method = byName.get(name) ?? adminMethods.find((entry) => entry.path.endsWith(`/${name}`))!;
        frame = mutateBytes(method.requestSerialize(request), random);
      } else {
        method = random.pick(adminMethods);
        frame = random.bytes(random.int(0, 256));
      }
      const result = await adminUnary(client, method, frame);
      count('admin service', grpc.status[result.code]);
      if (result.code !== grpc.status.OK) expect(result.details.length, method.path).toBeGreaterThan(0);
    }
    const oversized = await adminUnary(client, adminMethods[0]!, Buffer.alloc(17 * 1024 * 1024, 0x0a));
    count('admin service', `oversized ${grpc.status[oversized.code]}`);
    expect(oversized.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    client.close();
    expect(collector.child.exitCode).toBeNull();
  }, 180_000);

  it(`policy file: ${POLICY_FILES} mutations of baseline.yaml and an unresolved alias under --policy`, async () => {
    const random = suiteRandom('policy file reloads');
    const baseline = readFileSync(baselinePolicyPath(), 'utf8');
    const answers = () => (collector.output().match(/"message":"policy (refused|reloaded)/g) ?? []).length;
    const attempt = async (text: string) => {
      const before = answers();
      await writeFile(policyFile, text);
      const answered = await eventually(
        async () => (answers() > before ? true : undefined),
        'policy answer',
        3000,
        50,
      )
        .then(() => true)
        .catch(() => false);
      if (!answered) return 'unchanged';
      const last = collector
        .output()
        .split('\n')
        .filter((line) => /"message":"policy (refused|reloaded)/.test(line))
        .at(-1)!;
      if (last.includes('policy refused')) {
        // The refusal names the file, and the policy kept is the last good one.
        expect(last).toContain(policyFile);
        expect(last).toMatch(/"keptVersion":"[0-9a-f]{16}"/);
        return 'refused';
      }
      return 'accepted';
    };
    for (let index = 0; index < POLICY_FILES; index++)
      count('policy file', await attempt(mutateMany(baseline, random)));
    // An unresolved alias once made the loader throw (and the watcher reject unhandled): refused now.
    expect(await attempt(`${baseline}\nextra: *nowhere\n`)).toBe('refused');
    count('policy file', 'refused');
    await sleep(200);
    expect(collector.child.exitCode, 'the collector survives every policy file').toBeNull();
    expect(await attempt(baseline)).not.toBe('refused');
  }, 180_000);

  it('ledger CSV through shoumictl: garbage is refused whole, naming the problem', async () => {
    const random = suiteRandom('shoumictl ledger import');
    const valid = writeLedgerCsv(
      [
        {
          deviceId: KEPT,
          hostname: 'h',
          assetNumber: 'BM-1',
          classification: 'secret',
          responsiblePerson: '张三',
          department: '保密办',
          location: '301',
          status: 'in_service',
          allowedNetworks: [],
        },
      ],
      'en',
    );
    const files: Array<[string, Buffer]> = [
      ['random bytes', random.bytes(4096)],
      ['empty', Buffer.alloc(0)],
      ['a bad classification for a known device', Buffer.from(valid.replace('secret', 'ultra-secret'))],
      ['an unclosed quote', Buffer.from(`${valid}"${KEPT},x`)],
      ['over 8 MiB', Buffer.alloc(9 * 1024 * 1024, 0x41)],
      ['NUL bytes', Buffer.from(valid.replace('张三', '张\u0000三'))],
    ];
    for (const [what, bytes] of files) {
      const file = path.join(world.dir, `ledger-${files.findIndex(([name]) => name === what)}.csv`);
      await writeFile(file, bytes);
      const result = await run('shoumictl', world.ctl(['ledger', 'import', file]));
      count('shoumictl ledger import', result.code === 0 ? 'accepted' : 'refused');
      expect(result.code, `${what}: ${result.stdout}${result.stderr}`).not.toBe(0);
      expect((result.stdout + result.stderr).trim().length, what).toBeGreaterThan(0);
    }
  }, 120_000);

  it('left everything stored about the other device exactly as it was', async () => {
    expect(collector.child.exitCode).toBeNull();
    expect(await keptSnapshot()).toBe(keptBefore);
  });
});
