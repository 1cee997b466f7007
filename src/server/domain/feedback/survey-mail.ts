import type { CustomerTexts } from '../../i18n/customer/index.js';
import { fill } from '../../i18n/customer/index.js';

/**
 * The survey mail: the question and one link per score (5 first). A link only opens the page with that score
 * chosen — the rating is stored by the page's button (a POST) — so mail scanners that open every link record
 * nothing. Plain text, with an HTML alternative whose links look like buttons.
 */

export const SCORES = [5, 4, 3, 2, 1] as const;

export function scoreLabel(texts: CustomerTexts, score: number): string {
  const labels = [texts.surveyScore1, texts.surveyScore2, texts.surveyScore3, texts.surveyScore4, texts.surveyScore5];
  return labels[score - 1] ?? String(score);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function composeSurveyMail(input: { texts: CustomerTexts; customerName: string | null; number: number; url: string }): { text: string; html: string } {
  const { texts, url } = input;
  const greeting = input.customerName ? fill(texts.greetingNamed, { name: input.customerName }) : texts.greeting;
  const intro = fill(texts.surveyIntro, { number: input.number });
  const links = SCORES.map((score) => ({ score, label: scoreLabel(texts, score), href: `${url}?score=${score}` }));
  const text = [
    greeting,
    '',
    intro,
    '',
    ...links.map((l) => `${l.score} – ${l.label}: ${l.href}`),
    '',
    fill(texts.surveyCommentLink, { url }),
    '',
    texts.ackClosing,
    texts.signature,
  ].join('\n');
  const button = (l: (typeof links)[number]) =>
    `<a href="${escapeHtml(l.href)}" style="display:inline-block;margin:4px 0;padding:8px 14px;border:1px solid #888;border-radius:6px;color:#111;text-decoration:none">${l.score} – ${escapeHtml(l.label)}</a>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${links.map(button).join('<br>')}</p>`,
    `<p>${escapeHtml(fill(texts.surveyCommentLink, { url: '\u0000' })).replace('\u0000', `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`)}</p>`,
    `<p>${escapeHtml(texts.ackClosing)}<br>${escapeHtml(texts.signature)}</p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
