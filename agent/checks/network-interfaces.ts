// 3.7.4: no road off the classified network through a network interface. Four rules read the interfaces:
//   tunnel-interfaces-absent — tun, tap and ppp interfaces fail (VPN clients, dial-up, WireGuard, which the
//     probe reports as tun), and so does any interface whose name is a known VPN client's (wg0, tailscale0,
//     ...), whatever kind the platform reports for it. One finding per interface.
//   usb-network-adapter-absent — any interface on the USB bus fails: phone tethering (rndis_host,
//     cdc_ether, cdc_ncm), USB Ethernet dongles, USB Wi‑Fi. One finding per interface.
//   single-network-attachment — "attached" means: not loopback, operstate up or unknown (tun, virtio and
//     loopback say unknown while carrying traffic), holding a global address (anything but loopback and
//     link-local). Two attached interfaces are on the SAME network when one of their address prefixes
//     overlaps one of the other's (10.99.1.0/24 inside 10.99.0.0/16 counts as the same); interfaces linked
//     that way form one network. Two or more networks fail, naming each interface and its prefixes. One
//     interface with several prefixes is one attachment (one cable) and passes.
//   interface-addresses-allowed — every global address of every interface (and every address the probe
//     could not tie to an interface) lies inside the allowed networks (ledger's list, else the rule's).
//     One finding per address outside.

import {
  formatIpAddress,
  type IpNetwork,
  LOCAL_ONLY_NETWORKS,
  networkContains,
  parseIpAddress,
} from '../../policies/ip-network';
import { reasonOf } from '../../policies/messages/reason-catalogue';
import type { NetInterfaceFact } from '../facts';
import { allowedNetworksFor } from './allowed-networks';
import type { Check, CheckOutcome } from './check';

const TUNNELS = 'tunnel-interfaces-absent';
const USB_ADAPTERS = 'usb-network-adapter-absent';
const SINGLE = 'single-network-attachment';
const ADDRESSES = 'interface-addresses-allowed';

const TUNNEL_KINDS = new Set(['tun', 'tap', 'ppp']);
/** Interface names VPN clients create, for platforms or drivers that report them as plain Ethernet. */
const VPN_NAMES = /^(tun|tap|ppp|wg|vpn|ipsec|tailscale|zt|nordlynx|cscotun|gpd|utun)/i;
const ATTACHED_STATES = new Set(['up', 'unknown']);
/** The holder of addresses the probe could not tie to an interface (the subject says so). */
const UNATTRIBUTED = '(no interface known)';

interface GlobalAddress {
  cidr: string;
  /** The on-link network: the address with its host bits cleared. */
  network: IpNetwork;
}

/** Global (not loopback, not link-local) addresses of a list of CIDR texts; unparsable ones apart. */
function globalAddresses(cidrs: readonly string[]): { global: GlobalAddress[]; unparsable: string[] } {
  const global: GlobalAddress[] = [];
  const unparsable: string[] = [];
  for (const cidr of cidrs) {
    const [addressText, prefixText] = cidr.split('/');
    const address = parseIpAddress(addressText ?? '');
    const prefix = Number(prefixText);
    if (!address.ok || !Number.isInteger(prefix)) {
      unparsable.push(cidr);
      continue;
    }
    if (LOCAL_ONLY_NETWORKS.some((network) => networkContains(network, address.value))) continue;
    const bits = address.value.family === 4 ? 32 : 128;
    const hostMask = (1n << BigInt(bits - Math.min(prefix, bits))) - 1n;
    global.push({
      cidr,
      network: { family: address.value.family, base: address.value.value & ~hostMask, prefixLength: prefix },
    });
  }
  return { global, unparsable };
}

function overlaps(a: IpNetwork, b: IpNetwork): boolean {
  if (a.family !== b.family) return false;
  const wider = a.prefixLength <= b.prefixLength ? a : b;
  const narrower = wider === a ? b : a;
  return networkContains(wider, { family: narrower.family, value: narrower.base });
}

/** Evidence text of a network; IPv6 uncompressed, as formatIpAddress writes it. */
function networkText(network: IpNetwork): string {
  return `${formatIpAddress({ family: network.family, value: network.base })}/${network.prefixLength}`;
}

function judgeTunnels(interfaces: readonly NetInterfaceFact[]): CheckOutcome[] {
  const tunnels = interfaces.filter((nic) => TUNNEL_KINDS.has(nic.kind) || VPN_NAMES.test(nic.name));
  if (tunnels.length === 0) {
    return [
      {
        ruleId: TUNNELS,
        subject: '',
        status: 'pass',
        evidence: { interfaces: interfaces.map((nic) => ({ name: nic.name, kind: nic.kind })) },
        reason: reasonOf('network-interfaces.no-tunnel', { interfaces: String(interfaces.length) }),
      },
    ];
  }
  return tunnels.map(
    (nic): CheckOutcome => ({
      ruleId: TUNNELS,
      subject: nic.name,
      status: 'fail',
      evidence: { interface: nic },
      reason: !TUNNEL_KINDS.has(nic.kind)
        ? reasonOf('network-interfaces.vpn-name', { name: nic.name, kind: nic.kind })
        : nic.addresses.length > 0
          ? reasonOf('network-interfaces.tunnel-kind-addresses', {
              name: nic.name,
              kind: nic.kind,
              addresses: nic.addresses.join(', '),
            })
          : reasonOf('network-interfaces.tunnel-kind', { name: nic.name, kind: nic.kind }),
    }),
  );
}

function judgeUsbAdapters(interfaces: readonly NetInterfaceFact[]): CheckOutcome[] {
  const onUsb = interfaces.filter((nic) => nic.bus === 'usb' || nic.usbDevice !== null);
  if (onUsb.length === 0) {
    return [
      {
        ruleId: USB_ADAPTERS,
        subject: '',
        status: 'pass',
        evidence: { interfaces: interfaces.map((nic) => ({ name: nic.name, bus: nic.bus })) },
        reason: reasonOf('network-interfaces.no-usb-adapter', { interfaces: String(interfaces.length) }),
      },
    ];
  }
  return onUsb.map((nic): CheckOutcome => {
    const usb = nic.usbDevice;
    const driver = nic.driver ?? 'unknown';
    return {
      ruleId: USB_ADAPTERS,
      subject: nic.name,
      status: 'fail',
      evidence: { interface: nic },
      reason: usb
        ? reasonOf('network-interfaces.usb-adapter', {
            name: nic.name,
            device: `${usb.vendorId}:${usb.productId}${usb.product ? ` "${usb.product}"` : ''}`,
            busPath: usb.busPath,
            driver,
          })
        : reasonOf('network-interfaces.usb-adapter-no-device', { name: nic.name, driver }),
    };
  });
}

function judgeSingleAttachment(interfaces: readonly NetInterfaceFact[]): CheckOutcome[] {
  const attached = interfaces.flatMap((nic) => {
    if (nic.kind === 'loopback' || !ATTACHED_STATES.has(nic.operState ?? '')) return [];
    const { global } = globalAddresses(nic.addresses);
    return global.length > 0 ? [{ name: nic.name, global }] : [];
  });
  // Union of interfaces whose prefixes overlap: each group is one network.
  const groups: { names: string[]; networks: IpNetwork[] }[] = [];
  for (const nic of attached) {
    const networks = nic.global.map((address) => address.network);
    const joined = groups.filter((group) =>
      group.networks.some((known) => networks.some((network) => overlaps(known, network))),
    );
    const merged = {
      names: [...joined.flatMap((group) => group.names), nic.name],
      networks: [...joined.flatMap((group) => group.networks), ...networks],
    };
    for (const group of joined) groups.splice(groups.indexOf(group), 1);
    groups.push(merged);
  }
  const evidence = {
    attached: attached.map((nic) => ({
      interface: nic.name,
      networks: [...new Set(nic.global.map((address) => networkText(address.network)))],
    })),
  };
  if (groups.length <= 1) {
    const reason =
      groups.length === 0
        ? reasonOf('network-interfaces.attached-none', {})
        : reasonOf('network-interfaces.attached-one', { interfaces: groups[0]!.names.join(', ') });
    return [{ ruleId: SINGLE, subject: '', status: 'pass', evidence, reason }];
  }
  const described = groups.map(
    (group) => `${group.names.join('+')} (${[...new Set(group.networks.map(networkText))].join(', ')})`,
  );
  return [
    {
      ruleId: SINGLE,
      subject: attached.map((nic) => nic.name).join('+'),
      status: 'fail',
      evidence,
      reason: reasonOf('network-interfaces.attached-several', {
        count: String(groups.length),
        networks: described.join('; '),
      }),
    },
  ];
}

function judgeAddresses(
  interfaces: readonly NetInterfaceFact[],
  unattributed: readonly string[],
  allowed: ReturnType<typeof allowedNetworksFor>,
): CheckOutcome[] {
  const allowedEvidence = { allowedNetworks: allowed.cidrs, allowedNetworksFrom: allowed.source };
  const holders = [
    ...interfaces.map((nic) => ({ holder: nic.name, cidrs: nic.addresses })),
    { holder: UNATTRIBUTED, cidrs: unattributed },
  ];
  const outcomes: CheckOutcome[] = [];
  let examined = 0;
  for (const { holder, cidrs } of holders) {
    const { global, unparsable } = globalAddresses(cidrs);
    for (const cidr of unparsable) {
      outcomes.push({
        ruleId: ADDRESSES,
        subject: `${holder} ${cidr}`,
        status: 'error',
        evidence: { interface: holder, address: cidr },
        reason: reasonOf('network-interfaces.address-unparsable', { address: cidr }),
      });
    }
    for (const address of global) {
      examined++;
      const ip = parseIpAddress(address.cidr.split('/')[0]!);
      if (ip.ok && allowed.networks.some((network) => networkContains(network, ip.value))) continue;
      outcomes.push({
        ruleId: ADDRESSES,
        subject: `${holder} ${address.cidr}`,
        status: 'fail',
        evidence: { interface: holder, address: address.cidr, ...allowedEvidence },
        reason:
          holder === UNATTRIBUTED
            ? reasonOf('network-interfaces.unattributed-address-outside', {
                address: address.cidr,
                allowed: allowed.cidrs.join(', ') || 'none',
              })
            : reasonOf('network-interfaces.address-outside', {
                holder,
                address: address.cidr,
                allowed: allowed.cidrs.join(', ') || 'none',
              }),
      });
    }
  }
  if (outcomes.length > 0) return outcomes;
  return [
    {
      ruleId: ADDRESSES,
      subject: '',
      status: 'pass',
      evidence: { globalAddressesExamined: examined, ...allowedEvidence },
      reason: reasonOf('network-interfaces.addresses-inside', { count: String(examined) }),
    },
  ];
}

export const networkInterfacesCheck: Check = {
  family: 'network-interfaces',
  ruleIds: [TUNNELS, USB_ADAPTERS, SINGLE, ADDRESSES],
  needs: ['interfaces'],
  judge(facts, context) {
    if (!facts.interfaces.ok) throw new Error('engine ran network-interfaces without interfaces facts');
    const { interfaces, unattributedAddresses = [] } = facts.interfaces.facts;
    const outcomes: CheckOutcome[] = [];
    if (context.rules.has(TUNNELS)) outcomes.push(...judgeTunnels(interfaces));
    if (context.rules.has(USB_ADAPTERS)) outcomes.push(...judgeUsbAdapters(interfaces));
    if (context.rules.has(SINGLE)) outcomes.push(...judgeSingleAttachment(interfaces));
    const addressRule = context.rules.get(ADDRESSES);
    if (addressRule)
      outcomes.push(
        ...judgeAddresses(interfaces, unattributedAddresses, allowedNetworksFor(addressRule, context.ledger)),
      );
    return outcomes;
  },
};
