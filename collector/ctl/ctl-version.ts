// The version `shoumictl --version` prints: package.json's, which the bundles carry (esbuild keeps only
// this one field of the file).
import { version } from '../../package.json';

export const ctlVersion = (): string => version;
