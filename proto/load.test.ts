import { describe, expect, it } from 'vitest';
import { loadContract } from './load';

describe('loadContract', () => {
  it('exposes the three services with the methods the generated types name', () => {
    const contract = loadContract();
    expect(Object.keys(contract.shoumi.v1.AgentService.service)).toEqual(['Connect', 'Renew']);
    expect(Object.keys(contract.shoumi.v1.EnrolmentService.service)).toEqual(['Enrol']);
    expect(Object.keys(contract.shoumi.v1.AdminService.service)).toEqual(
      expect.arrayContaining(['GetFleetStatus', 'ListDevices', 'ListFindings']),
    );
  });
});
