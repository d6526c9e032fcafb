// QEMU's guestfwd `cmd:` spawns this once per guest connection with the connection on stdin/stdout; it
// joins it to a TCP service on the host's loopback (the collector). A `tcp:` chardev instead would be one
// connection made when QEMU starts, and a reconnecting agent would find it gone.
//   node tcp-bridge.mjs 127.0.0.1:PORT
import { connect } from 'node:net';

const [host, port] = (process.argv[2] ?? '').split(':');
const socket = connect(Number(port), host);
process.stdin.pipe(socket);
socket.pipe(process.stdout);
socket.setNoDelay(true); // small gRPC frames both ways: never wait for an ACK to send the next one
socket.on('error', () => process.exit(1));
socket.on('close', () => process.exit(0));
process.stdin.on('end', () => socket.end());
