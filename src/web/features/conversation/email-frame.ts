/**
 * Customer HTML is shown in an iframe with `sandbox` (never allow-scripts) and `srcdoc`, under a Content-Security-
 * Policy of its own that blocks every remote load. The server already sanitises the HTML; this second pass (on an
 * inert DOMParser document, where nothing runs or loads) holds even for HTML stored before or around that.
 */

/** The frame's policy. Remote images only with the agent's consent, and then only over https. */
export function emailFrameCsp(allowRemoteImages: boolean): string {
  const img = ['data:', 'cid:', 'blob:', ...(allowRemoteImages ? ['https:'] : [])].join(' ');
  return `default-src 'none'; img-src ${img}; style-src 'unsafe-inline'; font-src 'none'; form-action 'none'; base-uri 'none'`;
}

/** sandbox tokens: same origin only so the parent can size the frame; no scripts, forms, or top navigation. */
export const EMAIL_FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

export type ImageSourceKind = 'inline' | 'remote' | 'insecure' | 'drop';

/** How an <img src> is treated: shown (inline data), shown on consent (https), never (http), or removed. */
export function classifyImageSource(src: string): ImageSourceKind {
  const value = src.trim();
  if (/^data:image\/(png|gif|jpeg|webp);/i.test(value)) return 'inline';
  if (/^(cid|blob):/i.test(value)) return 'inline';
  if (/^https:\/\//i.test(value)) return 'remote';
  if (/^http:\/\//i.test(value)) return 'insecure';
  return 'drop';
}

/** Links keep only schemes that cannot run code. */
export function safeHref(href: string): string | null {
  const value = href.trim();
  return /^(https?:|mailto:|tel:)/i.test(value) ? value : null;
}

const FRAME_STYLE = `
  html { color-scheme: light; }
  body { margin: 0; padding: 2px 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2430;
         overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  img[data-remote-src] { display: inline-block; min-width: 1.5em; min-height: 1.5em; background: #eef1f5; }
  table { max-width: 100%; border-collapse: collapse; }
  blockquote { margin: 0.5em 0; padding-left: 0.8em; border-left: 3px solid #cfd6df; color: #4a5565; }
  pre { white-space: pre-wrap; }
  a { color: #1f5f8b; }
`;

export function buildSrcdoc(bodyHtml: string, allowRemoteImages: boolean): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${emailFrameCsp(allowRemoteImages)}"><meta name="referrer" content="no-referrer"><style>${FRAME_STYLE}</style></head><body>${bodyHtml}</body></html>`;
}

const DROP_ELEMENTS =
  'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, input, button, textarea, select, noscript, template, audio, video, source, track, picture, svg, math, canvas, portal';

export interface PreparedEmail {
  html: string;
  /** Remote images waiting for consent (https) and ones that will never load (plain http). */
  remoteImages: number;
  insecureImages: number;
}

/**
 * Cleans the message HTML in an inert document and decides image by image. `inlineImages` maps `cid:` content ids
 * to blob URLs of the message's inline attachments.
 */
export function prepareEmailHtml(html: string, options: { allowRemoteImages: boolean; inlineImages: ReadonlyMap<string, string> }): PreparedEmail {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of Array.from(doc.querySelectorAll(DROP_ELEMENTS))) el.remove();
  let remoteImages = 0;
  let insecureImages = 0;
  for (const el of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const keep =
        !name.startsWith('on') &&
        !['srcset', 'background', 'poster', 'formaction', 'ping', 'xlink:href', 'action', 'style', 'http-equiv'].includes(name);
      if (!keep) el.removeAttribute(attr.name);
    }
    if (el instanceof HTMLAnchorElement || el.tagName === 'AREA') {
      const href = safeHref(el.getAttribute('href') ?? '');
      if (href) {
        el.setAttribute('href', href);
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer nofollow');
      } else el.removeAttribute('href');
    }
    if (el instanceof HTMLImageElement) {
      const remote = el.getAttribute('data-remote-src');
      const src = el.getAttribute('src') ?? '';
      const candidate = remote ?? src;
      el.removeAttribute('src');
      el.removeAttribute('data-remote-src');
      el.setAttribute('referrerpolicy', 'no-referrer');
      const kind = classifyImageSource(candidate);
      if (kind === 'inline') {
        const cid = /^cid:(.+)$/i.exec(candidate.trim());
        const resolved = cid ? options.inlineImages.get(cid[1]!.replace(/^<|>$/g, '')) : candidate;
        if (resolved) el.setAttribute('src', resolved);
      } else if (kind === 'remote') {
        remoteImages += 1;
        if (options.allowRemoteImages) el.setAttribute('src', candidate.trim());
        else el.setAttribute('data-remote-src', '');
      } else if (kind === 'insecure') {
        insecureImages += 1;
        el.setAttribute('data-remote-src', '');
      }
    }
  }
  return { html: doc.body.innerHTML, remoteImages, insecureImages };
}
