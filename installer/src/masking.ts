/**
 * Masks secrets in the lines the installer forwards: every value under a secret-looking key in
 * the values file (passwords, keys, tokens, connection URIs) and the kubeconfig's credentials.
 */

/** A value under such a key is a secret (password, db_pass, fernetKey, secretToken, url, ...). */
const SECRET_KEY =
  /(pass|secret|token|key|credential|cert|uri|url|connection|dsn|fernet|cookie|private)/i;
/** Everything under such a key is (extraSecretEnv, credentials blocks). */
const SECRET_BLOCK = /(secret|credential)/i;
const MIN_LENGTH = 4;
export const MASK = '***';

/** Secret strings found in a values document (JSON or YAML text). */
export function secretsInValues(text: string): string[] {
  const found = new Set<string>();
  try {
    collect(JSON.parse(text), false, false, found);
  } catch {
    for (const line of text.split('\n')) {
      const match = /^\s*(?:-\s+)?["']?([^"':#\s][^"':]*?)["']?\s*:\s*(.+?)\s*$/.exec(line);
      if (!match || !SECRET_KEY.test(match[1]!)) continue;
      const value = unquote(match[2]!);
      if (value && !/^[|>][-+]?$/.test(value)) found.add(value);
    }
  }
  return [...found].filter((s) => s.length >= MIN_LENGTH);
}

/** The kubeconfig's secrets: token, client-key-data, password (and exec/auth-provider values). */
export function secretsInKubeconfig(text: string): string[] {
  const found = new Set<string>();
  for (const line of text.split('\n')) {
    const match =
      /^\s*(?:-\s+)?["']?(token|client-key-data|client-certificate-data|password|access-token|id-token|refresh-token)["']?\s*:\s*(.+?)\s*$/.exec(
        line,
      );
    if (match) {
      const value = unquote(match[2]!);
      if (value.length >= MIN_LENGTH) found.add(value);
    }
  }
  return [...found];
}

/** Replaces every secret (longest first) in a line. */
export function makeMasker(secrets: string[]): (line: string) => string {
  const sorted = [...new Set(secrets)]
    .filter((s) => s.length >= MIN_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const secret of sorted) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };
}

function collect(value: unknown, secretKey: boolean, inBlock: boolean, found: Set<string>) {
  if (typeof value === 'string') {
    if (secretKey || inBlock) found.add(value);
    // A password inside a URI (scheme://user:password@host) is a secret wherever it sits.
    const inUri = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value);
    if (inUri) found.add(decodeSafe(inUri[1]!)).add(inUri[1]!);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(item, secretKey, inBlock, found);
    return;
  }
  if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value))
      collect(item, SECRET_KEY.test(key), inBlock || SECRET_BLOCK.test(key), found);
}

function unquote(value: string): string {
  const v = value.replace(/\s+#.*$/, '');
  if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
    return v.slice(1, -1);
  return v;
}

function decodeSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
