// Which collectors the link tries, in what order: the addresses given on the command line (--collector, as
// install wrote them into the service) first and in their order, then those the enrolment answer advertised
// that the command line did not name. The command line wins on order — the link always starts at its first
// address — and never loses an address; the advertised list only adds fallbacks, so an agent installed with
// one address still fails over to every collector the deployment advertises. With no --collector at all, the
// advertised list alone.
export function linkAddresses(given: readonly string[], advertised: readonly string[]): string[] {
  return [...new Set([...given, ...advertised])];
}
