// What `secedit /export /cfg FILE` writes: a security template, an INF file in UTF-16LE with a BOM
// ("[Unicode] Unicode=yes"), read by the probe's PowerShell as text. Sections in brackets, `Key = Value`
// lines; [Registry Values] lines are `MACHINE\path\Name=type,value` (type 4 is REG_DWORD). Pure.
//
// The [System Access] keys read (Microsoft Learn, "Password Policy" and "Account Lockout Policy" settings
// of the Windows security policy settings reference, which name each setting's secedit key):
//   MinimumPasswordLength  characters, 0 = no minimum
//   PasswordComplexity     1 = "Password must meet complexity requirements": characters of three of the
//                          four categories (upper, lower, digit, other), so 3 classes
//   MaximumPasswordAge     days; 0 in the settings dialog means never expires, which secedit writes as -1
//                          (both read as never)
//   LockoutBadCount        failed logons before lockout, 0 = never locked
//   LockoutDuration        minutes; 0 in the dialog means "until an administrator unlocks it" (secedit -1
//                          assumed for it as for the password age; both read as administrator-only)
// [Registry Values] ScForceOption under ...\Policies\System: "Interactive logon: Require Windows Hello for
// Business or smart card" (Microsoft Learn, security-policy-settings), 1 = enabled.

export type InfSections = Map<string, Map<string, string>>;

/** Section name (lower case) → key (as written) → value, surrounding blanks removed. */
export function parseInf(text: string): InfSections {
  const sections: InfSections = new Map();
  let current: Map<string, string> | null = null;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    const header = line.match(/^\[(.+)\]$/);
    if (header) {
      current = new Map();
      sections.set(header[1]!.trim().toLowerCase(), current);
      continue;
    }
    if (!current) continue;
    const equals = line.indexOf('=');
    if (equals === -1) continue;
    current.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return sections;
}

/** A [System Access] integer; null when absent or not a number. */
export function systemAccessNumber(sections: InfSections, key: string): number | null {
  const value = sections.get('system access')?.get(key);
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : null;
}

/** A REG_DWORD of [Registry Values] by its value name; null when absent or not a DWORD. */
export function registryDword(
  sections: InfSections,
  valueName: string,
): { path: string; value: number } | null {
  const values = sections.get('registry values');
  if (!values) return null;
  for (const [path, data] of values) {
    if (!path.toLowerCase().endsWith(`\\${valueName.toLowerCase()}`)) continue;
    const match = data.match(/^4\s*,\s*"?(-?\d+)"?$/);
    return match ? { path, value: Number(match[1]) } : null;
  }
  return null;
}
