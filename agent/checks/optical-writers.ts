// 3.7.7: disc burning concentrated and controlled, so an ordinary workstation has no optical writer. Every
// drive is judged on its own: a writer fails, a read-only drive passes (with what it reported, so that the
// pass can be checked), and a drive whose capabilities could not be read is an error, never a pass.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import type { Check, CheckOutcome } from './check';

const RULE = 'optical-writer-absent';

export const opticalWritersCheck: Check = {
  family: 'optical-writers',
  ruleIds: [RULE],
  needs: ['optical'],
  judge(facts) {
    if (!facts.optical.ok) throw new Error('engine ran optical-writers without optical facts');
    const { drives } = facts.optical.facts;
    if (drives.length === 0)
      return [
        {
          ruleId: RULE,
          subject: '',
          status: 'pass',
          evidence: { drives: [] },
          reason: reasonOf('optical-writers.none', {}),
        },
      ];
    return drives.map((drive): CheckOutcome => {
      const label = [drive.vendor, drive.model].filter(Boolean).join(' ') || 'unknown model';
      const evidence = { drive };
      if (drive.canWrite === true)
        return {
          ruleId: RULE,
          subject: drive.name,
          status: 'fail',
          evidence,
          reason: reasonOf('optical-writers.writer', {
            drive: drive.name,
            label,
            capabilities: drive.writeCapabilities.join(', '),
          }),
        };
      if (drive.canWrite === false)
        return {
          ruleId: RULE,
          subject: drive.name,
          status: 'pass',
          evidence,
          reason: reasonOf('optical-writers.read-only', { drive: drive.name, label }),
        };
      return {
        ruleId: RULE,
        subject: drive.name,
        status: 'error',
        evidence,
        reason: reasonOf('optical-writers.unknown', { drive: drive.name, label }),
      };
    });
  },
};
