// What an antivirus product looks like on a machine, as data: where it installs, which services and
// processes are it, where its signature date can be read and how. The agent recognises a product only
// through a definition (built-in ones in builtin-products.ts, more or overriding ones in the policy's
// `product_definitions` of antivirus-approved-installed), so a new product or a changed layout is a policy
// change, not a new agent.
//
// A definition says only what its source documents. A part nobody documents is left out, and the check then
// says "cannot tell" (error), never pass: no `signatures` means "signature age unknown".

import { z } from 'zod';

/** SQLite identifiers the agent puts into its one read-only query; nothing else reaches SQL. */
const sqlIdentifier = z
  .string({ error: 'expected an SQLite table or column name' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    error: 'expected an SQLite table or column name (letters, digits, _)',
  });

/** An absolute machine path: "/opt/…" on Linux, "C:\\…" or "%ProgramFiles%\\…" on Windows. */
const machinePath = z
  .string({ error: 'expected an absolute path' })
  .trim()
  .regex(/^(\/|[A-Za-z]:\\|%[A-Za-z0-9_()]+%\\)/, {
    error: 'expected an absolute path (/…, C:\\… or %VAR%\\…)',
  });

const name = z.string({ error: 'expected a name' }).trim().min(1, { error: 'expected a non-empty name' });

/** How a time written in a file or a column is to be read. */
export const TIME_FORMATS = [
  'epoch-seconds',
  'epoch-milliseconds',
  'iso-8601',
  'yyyymmdd',
  'yyyymmddhhmm',
] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];
const timeFormat = z.enum(TIME_FORMATS, { error: `expected one of ${TIME_FORMATS.join(', ')}` });

/**
 * Where the date of the signatures can be read. Several sources: the newest date any of them gives wins
 * (a product keeps several database files); none readable is "unknown".
 */
export const signatureSource = z.discriminatedUnion(
  'kind',
  [
    // ClamAV's .cvd/.cld/.cud headers (the build time written by the signer), in these directories.
    z.strictObject({ kind: z.literal('clamav-databases'), directories: z.array(machinePath).min(1) }),
    // The modification time of files the updater replaces (the weakest source: a copy or a touch moves it).
    z.strictObject({ kind: z.literal('file-mtime'), paths: z.array(machinePath).min(1) }),
    // A text file the updater writes; `pattern` is a regular expression whose group `time` holds the date.
    z.strictObject({
      kind: z.literal('version-file'),
      path: machinePath,
      pattern: z.string().refine(
        (text) => {
          try {
            return new RegExp(text).source.includes('?<time>');
          } catch {
            return false;
          }
        },
        { error: 'expected a regular expression with a named group (?<time>…)' },
      ),
      format: timeFormat,
    }),
    // An SQLite database the product keeps (opened read-only): the largest `column` of `table` over the
    // rows where every `where` column equals its value; `json_field` reads a field of a JSON text column.
    z.strictObject({
      kind: z.literal('sqlite'),
      path: machinePath,
      table: sqlIdentifier,
      column: sqlIdentifier,
      where: z.record(sqlIdentifier, z.union([z.string(), z.number()])).default({}),
      json_field: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
      format: timeFormat,
    }),
  ],
  { error: 'expected a signature source of kind clamav-databases, file-mtime, version-file or sqlite' },
);
export type SignatureSource = z.infer<typeof signatureSource>;

/** How the product shows itself on one platform. */
export const platformLayout = z.strictObject({
  /** Any of these existing means the product is installed. */
  install_paths: z.array(machinePath).min(1, { error: 'expected at least one install path' }),
  /** systemd units (Linux) or service names (Windows) that are the product. */
  services: z.array(name).default([]),
  /** Process names (comm on Linux, image name on Windows) of the product's resident part. */
  processes: z.array(name).default([]),
  /**
   * The processes that are its real-time (on-access) protection. Empty: the product documents none, and
   * real-time protection is judged from its services/processes running at all (installed but not running
   * fails; running but no on-access process known is "cannot tell").
   */
  realtime_processes: z.array(name).default([]),
  /** Empty: signature age unknown (error, never pass). */
  signatures: z.array(signatureSource).default([]),
  /** Where the end of the last full scan can be read; empty: unknown. */
  full_scan: z.array(signatureSource).default([]),
});
export type PlatformLayout = z.infer<typeof platformLayout>;

export const antivirusProductDefinition = z.strictObject({
  /** Stable id, e.g. "huorong-esm"; a policy definition with a built-in id replaces the built-in one. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'expected an id of lowercase letters, digits and -' }),
  /**
   * The product as findings name it (the first) and every other name it is known by — the vendor's Chinese
   * and English names, Windows Security Center's displayName. The approved list matches any of them.
   */
  names: z.array(name).min(1, { error: 'expected at least one name' }),
  /** Where the layout comes from: a public source, or "site" for one an office wrote from its own machines. */
  source: name,
  linux: platformLayout.optional(),
  windows: platformLayout.optional(),
});
export type AntivirusProductDefinition = z.infer<typeof antivirusProductDefinition>;
export type AntivirusProductDefinitionInput = z.input<typeof antivirusProductDefinition>;

/** The built-in definitions with the policy's added: a policy definition with a built-in id replaces it. */
export function mergeProductDefinitions(
  builtIn: readonly AntivirusProductDefinition[],
  fromPolicy: readonly AntivirusProductDefinition[],
): AntivirusProductDefinition[] {
  const byId = new Map(builtIn.map((definition) => [definition.id, definition]));
  for (const definition of fromPolicy) byId.set(definition.id, definition);
  return [...byId.values()];
}
