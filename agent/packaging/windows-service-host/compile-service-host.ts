// Compiles shoumi-agent-service.exe (ShoumiAgentService.cs beside this file) with the Mono C# compiler. CIL
// is the same on every platform, so the Linux build machine makes the Windows host; .NET Framework 4 on
// Windows runs it. Used by build-sea.ts for the windows-x64 target and by the host's tests.
//
// Debian packages it needs: mono-mcs (the compiler, with the runtime it runs on) and
// libmono-system-serviceprocess4.0-cil (System.ServiceProcess.dll, which mono-mcs does not pull in).
// `npm run setup:system` installs them (scripts/setup-system.sh); nothing installs them on first use.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

export const SERVICE_HOST_SOURCE = path.join(import.meta.dirname, 'ShoumiAgentService.cs');
export const SERVICE_HOST_FILE = 'shoumi-agent-service.exe';
export const SERVICE_HOST_PACKAGES = ['mono-mcs', 'libmono-system-serviceprocess4.0-cil'] as const;

const repo = path.resolve(import.meta.dirname, '..', '..', '..');

/** undefined when mcs can compile the host here; else why not and what installs it. */
export function ensureServiceHostCompiler(): string | undefined {
  const packages = SERVICE_HOST_PACKAGES.join(' ');
  if (spawnSync('mcs', ['--version']).status !== 0)
    return `the Windows service host needs the Mono C# compiler mcs (Debian packages ${packages}): run \`npm run setup:system\` (as root) once`;
  return undefined;
}

/** Compiles the host to `outFile`; throws with the compiler's message when it fails. Returns its size. */
export function compileServiceHost(outFile: string): number {
  const missing = ensureServiceHostCompiler();
  if (missing) throw new Error(missing);
  // Debian's mcs compiles against its own 4.5 profile by default (/usr/lib/mono/4.5, CLR v4.0.30319); an
  // explicit -sdk:4.5 looks for reference assemblies Debian does not ship and fails. -platform:anycpu (the
  // default) runs as a 64-bit process on x64 Windows.
  try {
    execFileSync(
      'mcs',
      [
        '-target:exe',
        '-r:System.ServiceProcess.dll',
        '-optimize+',
        '-warnaserror+',
        `-out:${outFile}`,
        SERVICE_HOST_SOURCE,
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    );
  } catch (error) {
    // mcs prints its diagnostics on stdout and the summary on stderr.
    const failed = error as { stdout?: string; stderr?: string; message: string };
    const said = [failed.stdout, failed.stderr].filter(Boolean).join('\n').trim() || failed.message;
    throw new Error(`mcs could not compile ${path.relative(repo, SERVICE_HOST_SOURCE)}: ${said}`);
  }
  if (!existsSync(outFile)) throw new Error(`mcs reported success but wrote no ${outFile}`);
  return statSync(outFile).size;
}
