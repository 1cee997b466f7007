import sanitize from 'sanitize-html';
import { convert } from 'html-to-text';

/**
 * Customer HTML is hostile until proven otherwise. We keep structure and formatting and drop everything that
 * runs code or reaches the network: scripts, event handlers, styles (CSS expressions and remote fonts),
 * forms, frames, and every URL scheme except http(s)/mailto/tel links. Remote images are not loaded: their
 * address moves to data-remote-src so the agent UI can offer to show them on consent.
 */
const OPTIONS: sanitize.IOptions = {
  allowedTags: [
    'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'code', 'col', 'colgroup', 'dd', 'del', 'div', 'dl', 'dt',
    'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'ol', 'p', 'pre', 'q', 's',
    'small', 'span', 'strong', 'sub', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    '*': ['dir', 'lang'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'iframe', 'object'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
    img: (tagName, attribs) => {
      const src = (attribs.src ?? '').trim();
      const next: Record<string, string> = { ...attribs };
      if (/^https?:/i.test(src)) {
        next['data-remote-src'] = src;
        delete next.src;
      } else if (/^data:/i.test(src) && !/^data:image\/(png|gif|jpeg|webp);/i.test(src)) {
        delete next.src;
      }
      return { tagName, attribs: next };
    },
  },
};

export function sanitizeCustomerHtml(html: string): string {
  return sanitize(html, OPTIONS);
}

/** Plain text for an HTML-only message. */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
    ],
  }).trim();
}
