import { describe, expect, it } from 'vitest';
import { agentAddressListText, parseAgentAddressList, parseHostPort } from './agent-addresses';

describe('agent address lists', () => {
  it('one address reads as a list of one, exactly as given', () => {
    expect(parseAgentAddressList(['collector.example:7700'], '--collector')).toEqual([
      'collector.example:7700',
    ]);
  });

  it('commas and repeated flags combine, in order, spaces trimmed, a repeat counted once', () => {
    expect(
      parseAgentAddressList(
        ['a.example:7700, [::1]:7701', 'b.example:7700', 'a.example:7700'],
        '--collector',
      ),
    ).toEqual(['a.example:7700', '[::1]:7701', 'b.example:7700']);
  });

  it('a bad entry is refused naming the flag and the entry', () => {
    expect(() => parseAgentAddressList(['a.example:7700,b.example'], '--collector')).toThrow(
      '--collector: address "b.example" is not HOST:PORT',
    );
    expect(() => parseAgentAddressList(['a.example:7700', 'c.example:70000'], '--collector')).toThrow(
      'address "c.example:70000" is not HOST:PORT',
    );
  });

  it('an empty entry (a doubled or trailing comma) is refused, not skipped', () => {
    expect(() => parseAgentAddressList(['a.example:7700,'], '--collector')).toThrow(
      '--collector "a.example:7700,": entry 2 is empty',
    );
    expect(() => parseAgentAddressList([''], 'agent_addresses')).toThrow(
      'agent_addresses "": entry 1 is empty',
    );
  });

  it('the text form reads back to the same list', () => {
    const list = ['a.example:7700', '[::1]:7701'];
    expect(agentAddressListText(list)).toBe('a.example:7700,[::1]:7701');
    expect(parseAgentAddressList([agentAddressListText(list)], 'x')).toEqual(list);
  });

  it('host and port are split, IPv6 in brackets', () => {
    expect(parseHostPort('[::1]:7702')).toEqual({ host: '::1', port: 7702 });
    expect(parseHostPort('collector.example:7702')).toEqual({ host: 'collector.example', port: 7702 });
  });
});
