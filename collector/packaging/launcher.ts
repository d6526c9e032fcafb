// The main script of the `shoumi-collector` executable at the top of the packaged folder (Node 24 with this
// script injected as its single-executable blob; agent/packaging/build-collector.ts). It only starts the
// collector bundle that lies beside it on disk:
//
//   shoumi-collector-linux-x64/
//     shoumi-collector                 this launcher (the Node 24 runtime)
//     lib/shoumi-collector.cjs         the collector (collector/main.ts bundled)
//     lib/node_modules/sqlite3/        sqlite3's JavaScript and its native module for this architecture
//     policies/baseline.yaml           the default policy
//
// Why a folder and not everything inside the executable: the store needs sqlite3's native module, and a
// single executable can only load a native module from a file on disk. Extracting it at start into a
// writable place would mean the service runs code from a directory it may write (its data directory or a
// temporary one), which the hardened unit is there to rule out; in the folder it sits read-only beside the
// runtime, owned by root.
//
// process.execPath is the executable's real path (Node reads /proc/self/exe), so a symbolic link to it from
// /usr/local/bin still finds the folder.
import { createRequire } from 'node:module';
import path from 'node:path';

const home = path.dirname(process.execPath);
// The default policy is the folder's copy on disk: the collector watches its policy file for changes, which
// a copy embedded in the executable could never have. An explicit --policy or policy: in the config wins.
process.env.SHOUMI_POLICY_DIR ??= path.join(home, 'policies');
const collector = path.join(home, 'lib', 'shoumi-collector.cjs');
// Inside a single executable `require` loads built-in modules only; a require rooted at the bundle loads it
// and lets it find lib/node_modules/sqlite3 the ordinary way.
createRequire(collector)(collector);
