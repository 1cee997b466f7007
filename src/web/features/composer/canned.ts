/** Canned responses: texts with {{customer.name}}, {{agent.name}} and {{conversation.number}} filled in on insert. */

export interface CannedResponse {
  id: string;
  title: string;
  body: string;
}

export interface CannedContext {
  customerName: string | null;
  agentName: string;
  conversationNumber: number;
}

export const CANNED_PLACEHOLDERS = ['customer.name', 'agent.name', 'conversation.number'] as const;

/** Fills the placeholders; a customer without a name gets the fallback (e.g. "there" in "Hello there"). */
export function fillCanned(body: string, context: CannedContext, customerFallback: string): string {
  const values: Record<string, string> = {
    'customer.name': context.customerName?.trim() || customerFallback,
    'agent.name': context.agentName,
    'conversation.number': String(context.conversationNumber),
  };
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Canned responses live in each locale file under `canned` (raw, so i18next does not interpolate them). */
export function cannedFromLocale(resource: unknown): CannedResponse[] {
  if (!resource || typeof resource !== 'object') return [];
  return Object.entries(resource as Record<string, unknown>)
    .filter((entry): entry is [string, { title: string; body: string }] => {
      const v = entry[1] as { title?: unknown; body?: unknown } | null;
      return !!v && typeof v.title === 'string' && typeof v.body === 'string';
    })
    .map(([id, v]) => ({ id, title: v.title, body: v.body }));
}

/** Inserts `text` at the caret (replacing a selection), returning the new value and caret position. */
export function insertAt(value: string, selectionStart: number, selectionEnd: number, text: string): { value: string; caret: number } {
  const before = value.slice(0, selectionStart);
  const after = value.slice(selectionEnd);
  const glue = before && !before.endsWith('\n') && text.includes('\n') ? '\n' : '';
  return { value: `${before}${glue}${text}${after}`, caret: before.length + glue.length + text.length };
}
