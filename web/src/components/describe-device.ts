/** "Chrome on Linux" from a user agent string; the raw string when nothing is recognised. */
export function describeDevice(userAgent: string): string {
  if (!userAgent) return 'Unknown device';
  const browser =
    match(userAgent, [
      [/Edg\//, 'Edge'],
      [/OPR\//, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/HeadlessChrome\//, 'Headless Chrome'],
      [/Chrom(e|ium)\//, 'Chrome'],
      [/Safari\//, 'Safari'],
      [/curl\//, 'curl'],
    ]) ?? null;
  const os = match(userAgent, [
    [/Windows/, 'Windows'],
    [/Android/, 'Android'],
    [/iPhone|iPad/, 'iOS'],
    [/Mac OS X/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ]);
  if (!browser) return userAgent.length > 60 ? `${userAgent.slice(0, 57)}…` : userAgent;
  return os ? `${browser} on ${os}` : browser;
}

function match(text: string, rules: [RegExp, string][]): string | undefined {
  return rules.find(([pattern]) => pattern.test(text))?.[1];
}
