// tsx agent/packaging/build-ctl.ts [OUT_DIR]   (part of `npm run build`; build-sea.ts calls buildCtl too)
//
// shoumictl as two scripts: the program (collector/ctl/main.ts bundled, whitespace and syntax minified,
// names kept for readable stack traces) and the launcher (collector/ctl/launch/launcher.ts), which runs the
// program through V8's code cache. The launcher carries the program's SHA-256, the key of its cache.
//
//   OUT/shoumictl-program.cjs   the program
//   OUT/shoumictl.cjs           the launcher (what `node dist/shoumictl.cjs` and the package's bin run)
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(import.meta.dirname, '..', '..');

export interface CtlScripts {
  program: string;
  launcher: string;
  programSha256: string;
}

/** `target`: node20 for dist/ (the Node the repository runs on), node24 inside the executable. */
export async function buildCtl(outDir: string, target: 'node20' | 'node24'): Promise<CtlScripts> {
  const program = path.join(outDir, 'shoumictl-program.cjs');
  await build({
    entryPoints: [path.join(repo, 'collector', 'ctl', 'main.ts')],
    outfile: program,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    logLevel: 'warning',
    sourcemap: true,
    // Less to read and to parse at every start (docs/PERFORMANCE.md, shoumictl start).
    minifyWhitespace: true,
    minifySyntax: true,
    external: ['sqlite3', 'usb-detection', 'osx-temperature-sensor'],
  });
  const programSha256 = createHash('sha256').update(readFileSync(program)).digest('hex');
  const launcher = path.join(outDir, 'shoumictl.cjs');
  await build({
    entryPoints: [path.join(repo, 'collector', 'ctl', 'launch', 'launcher.ts')],
    outfile: launcher,
    bundle: true,
    platform: 'node',
    target,
    format: 'cjs',
    logLevel: 'warning',
    banner: { js: '#!/usr/bin/env node' },
    define: { SHOUMI_CTL_PROGRAM_SHA256: JSON.stringify(programSha256) },
  });
  return { program, launcher, programSha256 };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  buildCtl(path.resolve(process.argv[2] ?? path.join(repo, 'dist')), 'node20').catch((error: Error) => {
    console.error(`build-ctl: ${error.message}`);
    process.exit(1);
  });
}
