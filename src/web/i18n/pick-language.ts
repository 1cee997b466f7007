/** The UI language: the agent's choice in this browser, else the first browser language we have, else English. */
export function pickLanguage(stored: string | null, browser: readonly string[], available: readonly string[]): string {
  if (stored && available.includes(stored)) return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0]!;
    if (available.includes(base)) return base;
  }
  return available.includes('en') ? 'en' : (available[0] ?? 'en');
}
