// Before any test file starts: recreate the recorded roots' empty directories (git keeps none; see
// empty-dirs.ts), and build the bundled CLIs in dist/ once — the end-to-end suites run them exactly as
// users and `npm start` do (esbuild, about a second).
import { execFileSync } from 'node:child_process';
import { restoreEmptyDirs } from './empty-dirs';

export default function buildOnce() {
  restoreEmptyDirs();
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
