// Tidies a machine root recorded by guest/record.sh so it is self-contained:
//  - drops files whose bytes are not UTF-8 text (binary attributes) and reports how many;
//  - keeps symlinks that resolve inside the root; for `driver`, `subsystem`, `module` and similar links whose
//    target is a bus/class/driver/module directory, creates that (empty) directory; drops the other links
//    that would dangle (firmware_node, iommu, ... point outside what was recorded).
// Usage: node tidy-root.mjs ROOT
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2]);
const decoder = new TextDecoder('utf-8', { fatal: true });
let binary = 0;
let created = 0;
let dropped = 0;

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    yield [p, e];
    if (e.isDirectory()) yield* walk(p);
  }
}

for (const [p, e] of walk(root)) {
  if (!e.isFile()) continue;
  const b = fs.readFileSync(p);
  let ok = !b.includes(0);
  if (ok) {
    try {
      decoder.decode(b);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    fs.unlinkSync(p);
    binary++;
  }
}

const creatable = /^sys\/(bus\/[^/]+(\/drivers\/[^/]+)?|class\/[^/]+|module\/[^/]+)$/;
for (let pass = 0; pass < 3; pass++) {
  for (const [p, e] of walk(root)) {
    if (!e.isSymbolicLink()) continue;
    const target = path.resolve(path.dirname(p), fs.readlinkSync(p));
    const rel = path.relative(root, target);
    if (rel.startsWith('..')) {
      fs.unlinkSync(p);
      dropped++;
      continue;
    }
    if (fs.existsSync(p)) continue;
    if (creatable.test(rel)) {
      fs.mkdirSync(target, { recursive: true });
      created++;
    } else if (pass === 2) {
      fs.unlinkSync(p);
      dropped++;
    }
  }
}
console.log(
  `   tidy: ${binary} binary files dropped, ${created} link targets created, ${dropped} dangling links dropped`,
);
