import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { crossingReplies, type CrossingReply } from '../../api/client.ts';
import type { CoachFinding, ConversationWithMessages, CustomerWithTimeline, PromiseSuggestions as FoundPromises } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { LOCALE_CODES } from '../../i18n/index.ts';
import { cannedFromLocale, fillCanned, insertAt } from './canned.ts';
import { CoachFindings } from './CoachFindings.tsx';
import { trackedPromises } from './promise-suggestions.ts';
import { PromiseSuggestions } from './PromiseSuggestions.tsx';
import { CustomerHint } from './CustomerHint.tsx';
import { useCustomerPreferences } from '../customer/use-customer-preferences.ts';

type Mode = 'reply' | 'note';
/** The languages the coach writes its remarks in (the server's UI languages). */
const COACH_UI_LANGUAGES = ['en', 'sv', 'pl', 'sl', 'bg', 'eo'];
const COACH_DELAY_MS = 700;

interface PromiseReview {
  draft: string;
  found: FoundPromises;
}

interface Review {
  draft: string;
  findings: CoachFinding[];
}

const draftKey = (id: string) => `servisto.draft.${id}`;

function readDraft(id: string): string {
  try {
    return sessionStorage.getItem(draftKey(id)) ?? '';
  } catch {
    return '';
  }
}

/**
 * Reply or internal note. The coach reads replies while the agent types and once more before sending; its remarks
 * never block sending, they ask for one more click.
 */
export function Composer({
  conversation,
  customer,
  customerMessage,
  onSent,
  onTyping,
}: {
  conversation: ConversationWithMessages;
  customer: CustomerWithTimeline | null;
  customerMessage: string | null;
  /** After a send (or a refused one): the conversation is read again. */
  onSent: () => void;
  onTyping: () => void;
}) {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const [mode, setMode] = useState<Mode>('reply');
  const [body, setBody] = useState(() => readDraft(conversation.id));
  const [review, setReview] = useState<Review | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [collision, setCollision] = useState<CrossingReply[] | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const inflight = useRef<AbortController | null>(null);
  /** The coach rules shown on drafts of the current reply; null until the coach has reviewed one. */
  const shownRules = useRef<Set<string> | null>(null);
  const [promiseReview, setPromiseReview] = useState<PromiseReview | null>(null);
  /** Found promises the agent unticked ("Track this promise"), by suggestionKey. */
  const [untracked, setUntracked] = useState<ReadonlySet<string>>(() => new Set());
  const promiseInflight = useRef<AbortController | null>(null);

  const preferences = useCustomerPreferences(customer);
  const customerLanguage = (preferences ? preferences.language : customer?.language) ?? (conversation.language !== 'und' ? conversation.language : null);

  useEffect(
    () =>
      ws.commands.on('compose', (next) => {
        setMode(next);
        setConfirming(false);
        textRef.current?.focus();
      }),
    [ws.commands],
  );

  useEffect(() => {
    try {
      if (body) sessionStorage.setItem(draftKey(conversation.id), body);
      else sessionStorage.removeItem(draftKey(conversation.id));
    } catch {
      // drafts are a convenience
    }
  }, [body, conversation.id]);

  const runReview = async (draft: string): Promise<Review> => {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setReviewing(true);
    try {
      const uiLanguage = COACH_UI_LANGUAGES.includes(i18n.language) ? i18n.language : undefined;
      const result = await ws.api.coachReview(
        { draft, ...(customerMessage ? { customerMessage } : {}), ...(customerLanguage ? { language: customerLanguage } : {}), ...(uiLanguage ? { uiLanguage } : {}) },
        controller.signal,
      );
      const next = { draft, findings: result.findings };
      if (!controller.signal.aborted) {
        setReview(next);
        shownRules.current ??= new Set();
        for (const f of result.findings) shownRules.current.add(f.rule);
      }
      return next;
    } finally {
      if (inflight.current === controller) {
        inflight.current = null;
        setReviewing(false);
      }
    }
  };

  const findPromises = async (draft: string): Promise<PromiseReview | null> => {
    promiseInflight.current?.abort();
    const controller = new AbortController();
    promiseInflight.current = controller;
    try {
      const found = await ws.api.promiseSuggestions(conversation.id, { body: draft }, controller.signal);
      const next = { draft, found };
      if (!controller.signal.aborted) setPromiseReview(next);
      return next;
    } finally {
      if (promiseInflight.current === controller) promiseInflight.current = null;
    }
  };

  // Like the coach: what the reply promises, looked for while the agent types.
  useEffect(() => {
    if (mode !== 'reply' || body.trim() === '' || promiseReview?.draft === body) return;
    const timer = setTimeout(() => void findPromises(body).catch(() => undefined), COACH_DELAY_MS);
    return () => clearTimeout(timer);
    // findPromises is recreated each render; the draft and mode decide.
  }, [body, mode]);

  // The coach writes in the agent's language: a language switch asks again.
  useEffect(() => setReview(null), [i18n.language]);

  // Debounced while typing; notes are for colleagues and are not coached.
  useEffect(() => {
    if (mode !== 'reply' || body.trim() === '' || review?.draft === body) return;
    const timer = setTimeout(() => void runReview(body).catch(() => undefined), COACH_DELAY_MS);
    return () => clearTimeout(timer);
    // runReview is recreated each render; the draft and mode decide.
  }, [body, mode]);

  const canned = useMemo(() => {
    const lang = customerLanguage && LOCALE_CODES.includes(customerLanguage) ? customerLanguage : i18n.language;
    return cannedFromLocale(i18n.getResource(lang, 'translation', 'canned'));
  }, [customerLanguage, i18n, i18n.language]);

  const insertCanned = (id: string) => {
    const item = canned.find((c) => c.id === id);
    const el = textRef.current;
    if (!item || !el) return;
    const text = fillCanned(item.body, { customerName: customer?.name ?? null, agentName: ws.me.name, conversationNumber: conversation.number }, t('composer.customerFallback'));
    const next = insertAt(body, el.selectionStart, el.selectionEnd, text);
    setBody(next.value);
    setConfirming(false);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.caret, next.caret);
    });
  };

  const send = async () => {
    const draft = body.trim();
    if (!draft || sending) return;
    setError(null);
    const force = collision !== null;
    if (mode === 'reply' && !confirming && !force) {
      let current = review?.draft === body ? review : null;
      if (!current) {
        // A last look before it leaves; a slow or failing coach never holds a reply back.
        current = await Promise.race([runReview(body).catch(() => null), new Promise<null>((r) => setTimeout(() => r(null), 2500))]);
      }
      if (current && current.findings.length > 0) {
        setConfirming(true);
        return;
      }
    }
    setSending(true);
    try {
      // The last message the agent has seen: a colleague's reply sent since then would cross this one.
      const expectedLastSeq = conversation.messages.reduce((max, m) => Math.max(max, m.seq), 0);
      const coach = shownRules.current ? { coach: { shown: [...shownRules.current] } } : {};
      let promises: Array<{ description: string; dueAt: string }> = [];
      if (mode === 'reply') {
        // The promises of the text as sent; a slow or failing lookup never holds a reply back.
        const current =
          promiseReview?.draft === body
            ? promiseReview
            : await Promise.race([findPromises(body).catch(() => null), new Promise<null>((r) => setTimeout(() => r(null), 2500))]);
        promises = current ? trackedPromises(current.found.items, untracked) : [];
      }
      await ws.api.postMessage(conversation.id, {
        type: mode,
        body: draft,
        ...(mode === 'reply' ? { expectedLastSeq, ...(force ? { force: true } : {}), ...coach, ...(promises.length ? { promises } : {}) } : {}),
      });
      shownRules.current = null;
      setPromiseReview(null);
      setUntracked(new Set());
      setBody('');
      setReview(null);
      setConfirming(false);
      setCollision(null);
      ws.notify('info', mode === 'reply' ? t('composer.sent') : t('composer.noteAdded'));
      onSent();
    } catch (e) {
      const crossed = crossingReplies(e);
      if (crossed) {
        setCollision(crossed);
        onSent();
      } else setError(t('composer.sendFailed', { error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSending(false);
    }
  };

  const findings = mode === 'reply' && review && review.draft === body ? review.findings : [];

  return (
    <section className={`composer composer-${mode}`} aria-label={t('composer.label')}>
      <div className="composer-bar">
        <div className="segmented" role="group" aria-label={t('composer.modeLabel')}>
          <button type="button" aria-pressed={mode === 'reply'} aria-keyshortcuts="r" onClick={() => (setMode('reply'), setConfirming(false))}>
            {t('composer.reply')}
          </button>
          <button type="button" aria-pressed={mode === 'note'} aria-keyshortcuts="n" onClick={() => (setMode('note'), setConfirming(false))}>
            {t('composer.note')}
          </button>
        </div>
        <span className="composer-language" data-testid="customer-language">
          {t('composer.customerLanguage', { language: customerLanguage ? t(`languages.${customerLanguage}`) : t('customer.languageUnknown') })}
        </span>
        {canned.length > 0 && (
          <span className="control control-inline">
            <label htmlFor="canned-select">{t('composer.canned')}</label>
            <select
              id="canned-select"
              value=""
              onChange={(e) => {
                insertCanned(e.target.value);
                e.target.value = '';
              }}
            >
              <option value="">{t('composer.cannedPick')}</option>
              {canned.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </span>
        )}
      </div>
      {mode === 'reply' && <CustomerHint preferences={preferences} channel={conversation.channel} />}
      <label htmlFor="composer-body" className="visually-hidden">
        {mode === 'reply' ? t('composer.replyLabel') : t('composer.noteLabel')}
      </label>
      <textarea
        id="composer-body"
        ref={textRef}
        value={body}
        rows={5}
        placeholder={mode === 'reply' ? t('composer.replyPlaceholder') : t('composer.notePlaceholder')}
        onChange={(e) => {
          setBody(e.target.value);
          setConfirming(false);
          onTyping();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          }
          if (e.key === 'Escape') e.currentTarget.blur();
        }}
        aria-describedby="coach-status"
      />
      {collision && mode === 'reply' && (
        <div className="collision" role="alert">
          <p>{t('collision.crossed', { name: ws.usersById.get(collision[0]?.authorUserId ?? '')?.name ?? t('collision.someone') })}</p>
          {collision.map((r) => (
            <blockquote key={r.id}>{r.excerpt}</blockquote>
          ))}
          <p className="muted small">{t('collision.hint')}</p>
        </div>
      )}
      <CoachFindings draft={body} findings={findings} />
      {mode === 'reply' && promiseReview && body.trim() !== '' && (
        <PromiseSuggestions
          found={promiseReview.found}
          untracked={untracked}
          onToggle={(key, track) =>
            setUntracked((prev) => {
              const next = new Set(prev);
              if (track) next.delete(key);
              else next.add(key);
              return next;
            })
          }
        />
      )}
      <div className="composer-foot">
        <span id="coach-status" className="muted small" role="status">
          {mode === 'reply' ? (reviewing ? t('coach.checking') : review && review.draft === body ? (findings.length ? t('coach.found', { count: findings.length }) : t('coach.clean')) : '') : t('composer.noteHint')}
        </span>
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
        {confirming && <span className="confirm-text">{t('coach.confirm', { count: findings.length })}</span>}
        <button type="button" className="btn btn-primary" disabled={sending || body.trim() === ''} aria-keyshortcuts="Control+Enter" onClick={() => void send()}>
          {sending
            ? t('composer.sending')
            : collision && mode === 'reply'
              ? t('collision.sendAnyway')
              : confirming
                ? t('coach.sendAnyway')
                : mode === 'reply'
                  ? t('composer.sendReply')
                  : t('composer.addNote')}
        </button>
      </div>
    </section>
  );
}
