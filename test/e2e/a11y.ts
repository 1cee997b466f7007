import type { Page } from 'playwright-core';

export interface A11yFinding {
  kind: 'unnamed_control' | 'low_contrast';
  element: string;
  detail: string;
}

/**
 * A small accessibility audit of what the page shows now, in the page itself (no extra dependency):
 * - every visible, enabled control (button, link, input, select, textarea, role=button) has an accessible name
 *   (aria-label, aria-labelledby, a <label>, its text, or a title);
 * - every visible text meets WCAG 2.1 AA contrast against the background it is drawn on (4.5:1, or 3:1 for large
 *   text: 24 px, or 18.66 px bold). Disabled controls are exempt, as WCAG exempts inactive components.
 * Content inside iframes (the customer's e-mail) is not ours and is not audited.
 */
export async function auditAccessibility(page: Page): Promise<A11yFinding[]> {
  await definePageHelpers(page);
  return page.evaluate(() => {
    const findings: Array<{ kind: 'unnamed_control' | 'low_contrast'; element: string; detail: string }> = [];
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${cls}>${text}`;
    };
    const visible = (el: Element) => {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    };
    const isDisabled = (el: Element) => el.matches(':disabled') || el.closest('[aria-disabled="true"], fieldset:disabled') !== null;
    const accessibleName = (el: HTMLElement): string => {
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria.trim();
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy) {
        const text = labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .trim();
        if (text) return text;
      }
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length > 0) {
        const text = [...labels].map((l) => l.textContent ?? '').join(' ').trim();
        if (text) return text;
      }
      if (!el.matches('input, select, textarea')) {
        const text = (el.innerText ?? el.textContent ?? '').trim();
        if (text) return text;
        const img = el.querySelector('img[alt], svg[aria-label]');
        const alt = img?.getAttribute('alt') ?? img?.getAttribute('aria-label');
        if (alt?.trim()) return alt.trim();
      }
      if (el.matches('input[type="submit"], input[type="button"]')) return (el as HTMLInputElement).value.trim();
      return (el.getAttribute('title') ?? '').trim();
    };
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea, [role="button"]')) {
      if (!visible(el) || isDisabled(el)) continue;
      if (!accessibleName(el)) findings.push({ kind: 'unnamed_control', element: describe(el), detail: 'no accessible name' });
    }

    // Contrast, with colours as the browser computed them (rgb()/rgba(), or color(srgb …) for relative colours).
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba | null => {
      const rgb = /rgba?\(([^)]+)\)/.exec(value);
      if (rgb) {
        const parts = rgb[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
      }
      const srgb = /color\(srgb ([^)]+)\)/.exec(value);
      if (srgb) {
        const parts = srgb[1]!.split(/[\s/]+/).filter(Boolean).map(Number);
        return [parts[0]! * 255, parts[1]! * 255, parts[2]! * 255, parts[3] ?? 1];
      }
      return null;
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const background = (el: Element | null): Rgba => {
      const layers: Rgba[] = [];
      for (let node = el; node; node = node.parentElement) {
        const c = parse(getComputedStyle(node).backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] >= 1) break;
        }
      }
      let result: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) result = over(layer, result);
      return result;
    };
    const luminance = ([r, g, b]: Rgba) => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !(node.textContent ?? '').trim()) continue;
      seen.add(el);
      if (!visible(el) || isDisabled(el) || el.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      const style = getComputedStyle(el);
      const fg = parse(style.color);
      if (!fg) continue;
      const bg = background(el);
      const shown = over(fg, bg);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      const needed = large ? 3 : 4.5;
      const r = ratio(shown, bg);
      if (r < needed) {
        findings.push({ kind: 'low_contrast', element: describe(el), detail: `${r.toFixed(2)}:1 < ${needed}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(' ')}))` });
      }
    }
    return findings;
  });
}

/**
 * Tabs through the page from the top: each step must land on a visible element that shows a focus indicator
 * (an outline or a box-shadow), and focus must move on (no trap) for `steps` presses.
 */
/** tsx keeps function names with an `__name` helper that the page does not have: give it a no-op one. */
async function definePageHelpers(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

export async function tabWalk(page: Page, steps: number): Promise<Array<{ element: string; indicator: boolean; visible: boolean }>> {
  await definePageHelpers(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const out: Array<{ element: string; indicator: boolean; visible: boolean }> = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    out.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { element: 'body', indicator: false, visible: false };
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        const indicator = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow !== 'none' && style.boxShadow !== '');
        const id = el.id ? `#${el.id}` : '';
        return {
          element: `<${el.tagName.toLowerCase()}${id}>${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}`,
          indicator,
          visible: rect.width > 0 && rect.height > 0,
        };
      }),
    );
  }
  return out;
}
