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
import { build, type Plugin } from 'esbuild';

const repo = path.resolve(import.meta.dirname, '..', '..');

export interface CtlScripts {
  program: string;
  launcher: string;
  programSha256: string;
}

/**
 * string-width builds an Intl.Segmenter as it is loaded, about 20 ms of every shoumictl start though most
 * texts never reach it (policies/display-width.ts counts plain text itself). In the shoumictl bundle it is
 * built on first use instead; a string-width whose source no longer has that line fails the build.
 */
const SEGMENTER_LINE = 'const segmenter = new Intl.Segmenter();';
export const lazySegmenter: Plugin = {
  name: 'lazy-string-width-segmenter',
  setup(build) {
    build.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(SEGMENTER_LINE))
        throw new Error(`${args.path}: no "${SEGMENTER_LINE}" to defer (string-width changed?)`);
      const lazy =
        'let lazySegmenter; const segmenter = { segment: (text) => (lazySegmenter ??= new Intl.Segmenter()).segment(text) };';
      return { contents: source.replace(SEGMENTER_LINE, lazy), loader: 'js' };
    });
  },
};

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
    plugins: [lazySegmenter],
  });
  const programBytes = readFileSync(program);
  // The launcher reads the program as latin1 (a one-byte string, no UTF-8 decoding): it must be ASCII.
  const nonAscii = programBytes.findIndex((byte) => byte > 0x7f);
  if (nonAscii >= 0) {
    const line = programBytes.subarray(0, nonAscii).toString('latin1').split('\n').length;
    throw new Error(`${program}: line ${line} is not ASCII (write the character as an escape in the source)`);
  }
  const programSha256 = createHash('sha256').update(programBytes).digest('hex');
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
