// grpc-js passes the target host as the TLS ServerName even when it is an IP address (127.0.0.1, or a
// collector addressed by IP as many classified networks do). RFC 6066 forbids that, so Node ignores it and
// prints deprecation DEP0123 on every such connection: noise for an operator reading shoumictl's or the
// agent's output, with nothing to act on (the certificate is still checked against the IP in its SAN).
// This drops that one warning and lets every other warning through.
let installed = false;

export function silenceIpServerNameWarning(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const code =
      (typeof options === 'object' && options !== null && (options as { code?: string }).code) ||
      (typeof rest[1] === 'string' ? rest[1] : undefined);
    if (code === 'DEP0123') return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
