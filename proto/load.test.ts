import { describe, expect, it } from 'vitest';
import { loadContract } from './load';

describe('loadContract', () => {
  it('exposes both services with the methods the generated types name', () => {
    const contract = loadContract();
    expect(Object.keys(contract.shoumi.v1.AgentService.service)).toEqual(['Connect']);
    expect(Object.keys(contract.shoumi.v1.AdminService.service)).toEqual(
      expect.arrayContaining(['GetFleetStatus', 'ListDevices', 'ListFindings']),
    );
  });
});
