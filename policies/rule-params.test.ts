// The parameter schemas as an administrator meets them: through the loader, with the field path and what
// was expected. (Other rules' schemas are exercised in load-policy.test.ts.)
import { describe, expect, it } from 'vitest';
import { type PolicyProblem, parsePolicy } from './load-policy';

const phoneRule = (params: string) => `schema: shoumi.policy/v1
name: test
version: "1"
rules:
  - id: usb-phone-camera-absent
    clause: "3.7.4"
    title: { zh: 标题, en: Title }
    severity: high
    rationale: { zh: 理由, en: Why }
    remediation: { zh: 整改, en: Fix }
    params: ${params}
`;

function problems(params: string): Array<Pick<PolicyProblem, 'path' | 'message'>> {
  const result = parsePolicy(phoneRule(params), 'policies/x.yaml');
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors.map(({ path, message }) => ({ path, message }));
}

describe('usb-phone-camera-absent params', () => {
  it('loads vendor ids and modes in each form: any vendor, phone makers, listed vendors, not beside', () => {
    const result = parsePolicy(
      phoneRule(`
      phone_vendor_ids: ["18d1"]
      modes:
        - { mode: mtp, interface_name: MTP, vendors: any }
        - { mode: adb, interface: "ff/42/01", vendors: any }
        - { mode: usbmux, interface: "ff/fe/02", vendors: ["05ac"] }
        - { mode: vendor-specific, interface: "ff/*/*", vendors: phone, not_beside: ["07/*/*"] }`),
      'policies/x.yaml',
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.policy.rules[0]!.params).toEqual({
      phone_vendor_ids: ['18d1'],
      modes: [
        { mode: 'mtp', interface_name: 'MTP', vendors: 'any' },
        { mode: 'adb', interface: 'ff/42/01', vendors: 'any' },
        { mode: 'usbmux', interface: 'ff/fe/02', vendors: ['05ac'] },
        { mode: 'vendor-specific', interface: 'ff/*/*', vendors: 'phone', not_beside: ['07/*/*'] },
      ],
    });
  });

  it('refuses the old empty params: the rule would know no mode, and pass every phone', () => {
    expect(problems('{}').map((problem) => problem.path)).toEqual([
      'rules[0].params.phone_vendor_ids',
      'rules[0].params.modes',
    ]);
  });

  it('names each wrong field and what was expected there', () => {
    const found = problems(`
      phone_vendor_ids: ["18D1", "04e8", "04e8"]
      modes:
        - { mode: bluetooth, interface: "ff/42/01", vendors: any }
        - { mode: adb, interface: "ff/42", vendors: any }
        - { mode: adb, interface: "ff/42/01", interface_name: ADB, vendors: any }
        - { mode: ptp, vendors: any }
        - { mode: ptp, interface: "*/*/*", vendors: any }
        - { mode: ptp, interface: "06/01/01", vendors: everyone }
        - { mode: ptp, interface: "06/01/01", vendors: any, besides: [] }`);
    expect(found).toEqual([
      {
        path: 'rules[0].params.phone_vendor_ids[0]',
        message: expect.stringContaining('expected a USB vendor id "vvvv" (4 lowercase hex digits)'),
      },
      {
        path: 'rules[0].params.phone_vendor_ids[2]',
        message: expect.stringContaining('duplicate of item 1'),
      },
      {
        path: 'rules[0].params.modes[0].mode',
        message: expect.stringContaining('expected one of mtp, ptp, adb'),
      },
      {
        path: 'rules[0].params.modes[1].interface',
        message: expect.stringContaining('expected an interface "cc/ss/pp"'),
      },
      {
        path: 'rules[0].params.modes[2]',
        message: expect.stringContaining('expected exactly one of interface and interface_name'),
      },
      {
        path: 'rules[0].params.modes[3]',
        message: expect.stringContaining('expected exactly one of interface and interface_name'),
      },
      {
        path: 'rules[0].params.modes[4].interface',
        message: expect.stringContaining('matches every USB device'),
      },
      {
        path: 'rules[0].params.modes[5].vendors',
        message: expect.stringContaining(
          'expected "any", "phone" (the phone_vendor_ids) or a list of USB vendor ids',
        ),
      },
      { path: 'rules[0].params.modes[6].besides', message: expect.any(String) },
    ]);
  });
});
