// The end-to-end suites run the bundled CLIs in dist/, exactly as users and `npm start` do; build them
// once before any test file starts (esbuild, about a second).
import { execFileSync } from 'node:child_process';

export default function buildOnce() {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
