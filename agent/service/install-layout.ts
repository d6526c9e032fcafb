// Where an installed agent lives. `target` paths are as the installed system sees them (they go into the
// unit and the config); `onDisk(p)` is where the installer reads and writes them, under --prefix when one is
// given (tests install into a temporary root). One layout per platform, side by side.
import path from 'node:path';

export type ServicePlatform = 'linux' | 'win32';

export interface InstallLayout {
  platform: ServicePlatform;
  /** "/" for a real install; a temporary root for tests (then no service manager is called). */
  prefix: string;
  /** The executable (or, when installed from dist/*.cjs, the wrapper script that starts it with node). */
  binary: string;
  /** The bundle a wrapper starts, when not installed from the single executable. */
  bundle: string;
  /**
   * What the Windows SCM starts: shoumi-agent-service.exe beside the binary, which runs the binary as its
   * child (agent/packaging/windows-service-host). "" on Linux, where systemd runs the binary itself.
   */
  serviceHost: string;
  config: string;
  dataDir: string;
  /** The systemd unit (linux only; "" on Windows, where the service lives in the registry). */
  unit: string;
  installLog: string;
  /**
   * Linux: the link that puts `shoumi-agent` on PATH (to `binary`). "" on Windows, where the install
   * directory goes on the machine PATH instead (`pathDirectory`).
   */
  pathLink: string;
  /** Windows: the directory added to the machine PATH; "" on Linux. */
  pathDirectory: string;
  serviceName: string;
  onDisk(targetPath: string): string;
}

export const SERVICE_NAME = 'shoumi-agent';
/** The Windows service host's file name, in the windows-x64 zip and installed beside the agent. */
export const SERVICE_HOST_FILE = 'shoumi-agent-service.exe';

export function installLayout(platform: ServicePlatform, prefix = '/'): InstallLayout {
  const root = path.resolve(prefix);
  const onDisk = (target: string) => (root === path.parse(root).root ? target : path.join(root, target));
  if (platform === 'win32') {
    const win = path.win32;
    const programFiles = 'C:\\Program Files\\shoumi';
    const programData = 'C:\\ProgramData\\shoumi';
    return {
      platform,
      prefix: root,
      binary: win.join(programFiles, 'shoumi-agent.exe'),
      bundle: win.join(programFiles, 'shoumi-agent.cjs'),
      serviceHost: win.join(programFiles, SERVICE_HOST_FILE),
      config: win.join(programData, 'agent.json'),
      dataDir: win.join(programData, 'agent'),
      unit: '',
      installLog: win.join(programData, 'shoumi-agent-install.log'),
      pathLink: '',
      pathDirectory: programFiles,
      serviceName: SERVICE_NAME,
      onDisk,
    };
  }
  return {
    platform,
    prefix: root,
    binary: '/opt/shoumi/bin/shoumi-agent',
    bundle: '/opt/shoumi/lib/shoumi-agent.cjs',
    serviceHost: '',
    config: '/etc/shoumi/agent.json',
    dataDir: '/var/lib/shoumi-agent',
    unit: `/etc/systemd/system/${SERVICE_NAME}.service`,
    installLog: '/var/log/shoumi-agent-install.log',
    pathLink: '/usr/local/bin/shoumi-agent',
    pathDirectory: '',
    serviceName: SERVICE_NAME,
    onDisk,
  };
}

export function servicePlatform(): ServicePlatform {
  return process.platform === 'win32' ? 'win32' : 'linux';
}
