// The command lines install and uninstall would run. systemd's are real here only in the e2e suite's
// absence of systemd (see test/e2e/install.test.ts); the Windows ones cannot run on Linux at all, so their
// exact arguments are what is tested, against a recorded fake of sc.exe.
import { describe, expect, it } from 'vitest';
import { installLayout } from './install-layout';
import {
  type CommandResult,
  type RunCommand,
  systemdManager,
  windowsBinPath,
  windowsManager,
  windowsQuote,
} from './service-manager';

function recorder(answer: (command: string, args: readonly string[]) => CommandResult) {
  const calls: string[][] = [];
  const run: RunCommand = async (command, args) => {
    calls.push([command, ...args]);
    return answer(command, args);
  };
  return { calls, run };
}

const ok = (stdout = ''): CommandResult => ({ code: 0, stdout, stderr: '' });
const line = {
  host: installLayout('win32').serviceHost,
  collector: 'collector.example:7700',
  enrol: 'collector.example:7702',
  dataDir: 'C:\\ProgramData\\shoumi\\agent',
};

describe('Windows service (sc.exe)', () => {
  it('registers the service host, not the agent: the SCM starts it and it starts the agent', async () => {
    expect(line.host).toBe('C:\\Program Files\\shoumi\\shoumi-agent-service.exe');
  });

  it('creates an auto-start service with restart-on-failure actions and starts it', async () => {
    const sc = recorder((_command, args) =>
      args[0] === 'query' ? { code: 1060, stdout: '', stderr: '' } : ok(),
    );
    await windowsManager(installLayout('win32'), line, sc.run).enableAndStart();
    const binPath =
      '"C:\\Program Files\\shoumi\\shoumi-agent-service.exe" run --collector collector.example:7700 ' +
      '--enrol collector.example:7702 --data C:\\ProgramData\\shoumi\\agent --stop-on-stdin-close';
    expect(windowsBinPath(line)).toBe(binPath);
    expect(sc.calls).toEqual([
      ['sc.exe', 'query', 'shoumi-agent'],
      [
        'sc.exe',
        'create',
        'shoumi-agent',
        'binPath=',
        binPath,
        'start=',
        'auto',
        'DisplayName=',
        'shoumi (守密) compliance agent',
      ],
      ['sc.exe', 'description', 'shoumi-agent', expect.stringContaining('compliance agent')],
      [
        'sc.exe',
        'failure',
        'shoumi-agent',
        'reset=',
        '86400',
        'actions=',
        'restart/5000/restart/5000/restart/5000',
      ],
      ['sc.exe', 'failureflag', 'shoumi-agent', '1'],
      ['sc.exe', 'start', 'shoumi-agent'],
    ]);
  });

  it('upgrades by stopping, waiting for STOPPED, reconfiguring and starting; uninstall deletes', async () => {
    let state = 'RUNNING';
    const sc = recorder((_command, args) => {
      if (args[0] === 'query')
        return ok(`SERVICE_NAME: shoumi-agent\r\n        STATE              : 4  ${state}\r\n`);
      if (args[0] === 'stop') state = 'STOPPED';
      return ok();
    });
    const manager = windowsManager(installLayout('win32'), line, sc.run, async () => {});
    await manager.stop();
    await manager.enableAndStart();
    expect(sc.calls.map((call) => call.slice(1, 3).join(' '))).toEqual([
      'query shoumi-agent',
      'stop shoumi-agent',
      'query shoumi-agent',
      'query shoumi-agent',
      'config shoumi-agent',
      'description shoumi-agent',
      'failure shoumi-agent',
      'failureflag shoumi-agent',
      'start shoumi-agent',
    ]);
    expect(sc.calls[4]).toEqual([
      'sc.exe',
      'config',
      'shoumi-agent',
      'binPath=',
      windowsBinPath(line),
      'start=',
      'auto',
    ]);
    expect(await manager.state()).toEqual({ installed: true, state: 'STOPPED' });
    sc.calls.length = 0;
    await manager.disableAndStop();
    expect(sc.calls.at(-1)).toEqual(['sc.exe', 'delete', 'shoumi-agent']);
  });

  it('names the command and what sc.exe said when it fails (exit 5)', async () => {
    const sc = recorder((_command, args) =>
      args[0] === 'query'
        ? { code: 1060, stdout: '', stderr: '' }
        : { code: 5, stdout: '[SC] OpenSCManager FAILED 5: Access is denied.', stderr: '' },
    );
    await expect(windowsManager(installLayout('win32'), line, sc.run).enableAndStart()).rejects.toMatchObject(
      {
        exitCode: 5,
        message: expect.stringMatching(/^sc\.exe create shoumi-agent .*Access is denied/),
      },
    );
  });
});

describe('Windows command-line quoting (CommandLineToArgvW)', () => {
  it('quotes only what needs it, escapes quotes and the backslashes before them', () => {
    expect(windowsQuote('C:\\ProgramData\\shoumi')).toBe('C:\\ProgramData\\shoumi');
    expect(windowsQuote('C:\\Program Files\\shoumi')).toBe('"C:\\Program Files\\shoumi"');
    expect(windowsQuote('')).toBe('""');
    expect(windowsQuote('say "hi"')).toBe('"say \\"hi\\""');
    // A backslash before a quote, and a trailing one before the closing quote, must be doubled.
    expect(windowsQuote('a\\"b c')).toBe('"a\\\\\\"b c"');
    expect(windowsQuote('C:\\My Data\\')).toBe('"C:\\My Data\\\\"');
  });
});

describe('systemd (systemctl)', () => {
  it('reloads, enables and starts; stops only a unit that is loaded; reads the state', async () => {
    const systemctl = recorder((_command, args) => {
      if (args[0] === 'show') return ok('loaded\n');
      if (args[0] === 'is-active') return { code: 3, stdout: 'failed\n', stderr: '' };
      return ok();
    });
    const manager = systemdManager(installLayout('linux'), systemctl.run);
    await manager.stop();
    await manager.enableAndStart();
    expect(await manager.state()).toEqual({ installed: true, state: 'failed' });
    expect(systemctl.calls).toEqual([
      ['systemctl', 'show', '--property=LoadState', '--value', 'shoumi-agent.service'],
      ['systemctl', 'is-active', 'shoumi-agent.service'],
      ['systemctl', 'stop', 'shoumi-agent.service'],
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'shoumi-agent.service'],
      ['systemctl', 'show', '--property=LoadState', '--value', 'shoumi-agent.service'],
      ['systemctl', 'is-active', 'shoumi-agent.service'],
    ]);
  });

  it('says "not installed" for a unit systemd does not know', async () => {
    const systemctl = recorder(() => ok('not-found\n'));
    expect(await systemdManager(installLayout('linux'), systemctl.run).state()).toEqual({ installed: false });
  });
});
