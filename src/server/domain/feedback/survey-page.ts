import type { Language } from '../../db/schema.js';
import { LANGUAGES } from '../../db/schema.js';
import type { CustomerTexts } from '../../i18n/customer/index.js';
import { fill } from '../../i18n/customer/index.js';
import { scoreLabel, SCORES } from './survey-mail.js';

/**
 * The public survey page (GET /s/:token): server-rendered HTML in the customer's language, no script. Opening a
 * one-click link (?score=N) shows the form with that score chosen; only the form's POST stores a rating.
 */

export const SURVEY_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const STYLE = `body{font-family:system-ui,-apple-system,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111}
fieldset{border:0;padding:0;margin:1.2rem 0}legend{font-weight:600;margin-bottom:.4rem}
label.choice{display:block;padding:.45rem .6rem;margin:.25rem 0;border:1px solid #bbb;border-radius:6px;cursor:pointer}
.scale label.choice{display:inline-block;min-width:2.2rem;text-align:center;margin-right:.2rem}
textarea{width:100%;min-height:6rem;font:inherit}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #333;background:#222;color:#fff;cursor:pointer}
.notice{padding:.6rem .8rem;border-left:4px solid #c60;background:#fff6ee}.confirm{padding:.6rem .8rem;border-left:4px solid #06c;background:#eef5ff}`;

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body></html>
`;
}

export interface SurveyFormInput {
  language: Language;
  texts: CustomerTexts;
  number: number;
  token: string;
  askNps: boolean;
  askCes: boolean;
  /** The score of the one-click link that opened the page. */
  chosen?: number | undefined;
  error?: string | undefined;
  comment?: string | undefined;
}

function scale(name: string, from: number, to: number, legend: string): string {
  const options = [];
  for (let v = from; v <= to; v++) {
    options.push(`<label class="choice"><input type="radio" name="${name}" value="${v}"> ${v}</label>`);
  }
  return `<fieldset class="scale"><legend>${escapeHtml(legend)}</legend>${options.join('')}</fieldset>`;
}

export function renderSurveyForm(input: SurveyFormInput): string {
  const { texts } = input;
  const chosen = input.chosen !== undefined && input.chosen >= 1 && input.chosen <= 5 ? input.chosen : undefined;
  const scores = SCORES.map(
    (s) =>
      `<label class="choice"><input type="radio" name="score" value="${s}"${s === chosen ? ' checked' : ''} required> ${s} – ${escapeHtml(scoreLabel(texts, s))}</label>`,
  ).join('\n');
  const body = `<h1>${escapeHtml(texts.surveyTitle)}</h1>
${input.error ? `<p class="notice" role="alert">${escapeHtml(input.error)}</p>` : ''}
${chosen ? `<p class="confirm">${escapeHtml(fill(texts.surveyConfirm, { choice: `${chosen} – ${scoreLabel(texts, chosen)}` }))}</p>` : ''}
<form method="post" action="./${escapeHtml(input.token)}">
<fieldset><legend>${escapeHtml(fill(texts.surveyQuestion, { number: input.number }))}</legend>
${scores}
</fieldset>
${input.askNps ? scale('nps', 0, 10, texts.surveyNpsQuestion) : ''}
${input.askCes ? scale('ces', 1, 7, texts.surveyCesQuestion) : ''}
<p><label for="comment">${escapeHtml(texts.surveyCommentLabel)}</label><br>
<textarea id="comment" name="comment" maxlength="5000">${escapeHtml(input.comment ?? '')}</textarea></p>
<p><button type="submit">${escapeHtml(texts.surveySubmit)}</button></p>
</form>`;
  return page(input.language, texts.surveyTitle, body);
}

export function renderSurveyNotice(language: Language, texts: CustomerTexts, message: string): string {
  return page(language, texts.surveyTitle, `<h1>${escapeHtml(texts.surveyTitle)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

/** The best of our languages for a visitor we know nothing about (an invalid link): from Accept-Language. */
export function languageFromAcceptLanguage(header: string | undefined): Language {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
      return { primary: (tag ?? '').toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { primary } of ranked) {
    if ((LANGUAGES as readonly string[]).includes(primary)) return primary as Language;
  }
  return 'en';
}
