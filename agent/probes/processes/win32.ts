// Running processes on Windows (Get-Process). Name is the image name without ".exe", as Get-Process gives
// it ("notepad", "System", "Idle"); the extension is not kept because protected processes have no Path
// to take it from, and a name list is easier to keep one way.

import type { ProcessesFacts } from '../../facts';
import type { Probe } from '../probe';
import { numberOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const PROCESS_COMMANDS = {
  processes: { name: 'Get-Process', script: toJson('Get-Process | Select-Object Name, Id') },
} as const;

export function windowsProcessesProbe(run?: PowerShellRunner): Probe<'processes'> {
  return windowsProbe(
    {
      fact: 'processes',
      source: 'Get-Process',
      commands: PROCESS_COMMANDS,
      build: (records): ProcessesFacts => ({
        processes: records.processes.flatMap((record) => {
          const name = textOf(record, 'Name');
          const pid = numberOf(record, 'Id');
          return name === null || pid === null ? [] : [{ pid, name }];
        }),
      }),
    },
    run,
  );
}
