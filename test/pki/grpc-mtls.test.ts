// The same PKI under grpc-js, the transport the link will use: ServerCredentials.createSsl with client
// certificates required, and the identity read from call.getAuthContext().sslPeerCertificate.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAgentKeyAndCsr } from '../../agent/enrolment/csr';
import { signAgentCsr } from '../../collector/pki/issue-certificate';
import { readPeerIdentity } from '../../collector/pki/peer-identity';
import { type CertificateAuthority, loadCertificateAuthority } from '../../collector/pki/pki-files';
import { initPki } from '../../collector/pki/pki-init';

// One unary method carrying raw bytes: enough to see who the server thinks is calling.
const whoAmI = {
  path: '/test.Pki/WhoAmI',
  requestStream: false,
  responseStream: false,
  requestSerialize: (value: Buffer) => value,
  requestDeserialize: (value: Buffer) => value,
  responseSerialize: (value: Buffer) => value,
  responseDeserialize: (value: Buffer) => value,
} as const;

let server: grpc.Server;
let address: string;
let ca: CertificateAuthority;
let caPem: Buffer;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'shoumi-grpc-mtls-'));
  const init = await initPki({ dataDir });
  ca = await loadCertificateAuthority(dataDir);
  caPem = await readFile(init.paths.caCert);
  server = new grpc.Server();
  server.register(
    whoAmI.path,
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const peer = call.getAuthContext()?.sslPeerCertificate;
      readPeerIdentity(peer, ca.cert).then((result) => callback(null, Buffer.from(JSON.stringify(result))));
    },
    whoAmI.responseSerialize,
    whoAmI.requestDeserialize,
    'unary',
  );
  const credentials = grpc.ServerCredentials.createSsl(
    caPem,
    [
      {
        cert_chain: await readFile(init.paths.serverCert),
        private_key: await readFile(init.paths.serverKey),
      },
    ],
    true,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  address = `localhost:${port}`;
});

afterAll(() => {
  server.forceShutdown();
});

function call(credentials: grpc.ChannelCredentials): Promise<unknown> {
  const client = new grpc.Client(address, credentials);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      whoAmI.path,
      whoAmI.requestSerialize,
      whoAmI.responseDeserialize,
      Buffer.alloc(0),
      { deadline: Date.now() + 5_000 },
      (error, answer) => {
        client.close();
        resolve(error ? { code: error.code } : JSON.parse(answer?.toString() ?? 'null'));
      },
    );
  });
}

it('grpc-js: a collector-signed agent certificate is let in and named; no certificate is refused', async () => {
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr('dev-grpc-1');
  const issued = await signAgentCsr(ca, { csrPem, deviceId: 'dev-grpc-1' });
  if (!issued.ok) throw new Error(issued.reason);
  const withCert = grpc.credentials.createSsl(caPem, Buffer.from(privateKeyPem), Buffer.from(issued.pem));
  expect(await call(withCert)).toMatchObject({
    status: 'ok',
    identity: { kind: 'device', deviceId: 'dev-grpc-1' },
  });
  expect(await call(grpc.credentials.createSsl(caPem))).toEqual({ code: grpc.status.UNAVAILABLE });
});
