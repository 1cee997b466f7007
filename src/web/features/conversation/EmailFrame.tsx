import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { buildSrcdoc, EMAIL_FRAME_SANDBOX, prepareEmailHtml } from './email-frame.ts';

/**
 * Customer HTML in a sandboxed frame: no scripts ever, no remote content until the agent asks for it (and then
 * https images only). Inline (cid:) images are the message's own attachments, fetched with the agent's token.
 */
export function EmailFrame({ html, attachments }: { html: string; attachments: Attachment[] }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [allowRemote, setAllowRemote] = useState(false);
  const [inlineImages, setInlineImages] = useState<ReadonlyMap<string, string>>(new Map());
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(60);

  const inlineKey = attachments
    .filter((a) => a.contentId && a.contentType.startsWith('image/') && html.includes(`cid:${a.contentId}`))
    .map((a) => `${a.id}\u0000${a.contentId}`)
    .join('\n');
  useEffect(() => {
    const inline = inlineKey ? inlineKey.split('\n').map((entry) => entry.split('\u0000') as [string, string]) : [];
    if (inline.length === 0) return;
    let cancelled = false;
    const urls: string[] = [];
    Promise.all(
      inline.map(async ([id, contentId]) => {
        const blob = await ws.api.attachmentBlob(id);
        const url = URL.createObjectURL(blob);
        urls.push(url);
        return [contentId.replace(/^<|>$/g, ''), url] as const;
      }),
    )
      .then((entries) => !cancelled && setInlineImages(new Map(entries)))
      .catch(() => undefined);
    return () => {
      cancelled = true;
      urls.forEach((u) => URL.revokeObjectURL(u));
    };
  }, [inlineKey, ws.api]);

  const prepared = useMemo(() => prepareEmailHtml(html, { allowRemoteImages: allowRemote, inlineImages }), [html, allowRemote, inlineImages]);
  const srcdoc = useMemo(() => buildSrcdoc(prepared.html, allowRemote), [prepared.html, allowRemote]);

  // Same-origin (scripts still off) so the frame can be as tall as its content: no scroll box inside the timeline.
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    let observer: ResizeObserver | undefined;
    const measure = () => {
      const doc = frame.contentDocument;
      if (!doc?.documentElement) return;
      setHeight(Math.min(4000, Math.max(40, doc.documentElement.scrollHeight)));
    };
    measure();
    const onLoad = () => {
      measure();
      observer?.disconnect();
      const body = frame.contentDocument?.body;
      if (body) {
        observer = new ResizeObserver(measure);
        observer.observe(body);
      }
    };
    frame.addEventListener('load', onLoad);
    return () => {
      frame.removeEventListener('load', onLoad);
      observer?.disconnect();
    };
  }, [srcdoc]);

  return (
    <div className="email">
      {prepared.remoteImages + prepared.insecureImages > 0 && (
        <div className="email-notice" role="note">
          {allowRemote ? (
            <span>{prepared.insecureImages > 0 ? t('email.insecureHidden', { count: prepared.insecureImages }) : t('email.remoteShown')}</span>
          ) : (
            <>
              <span>{t('email.remoteHidden', { count: prepared.remoteImages + prepared.insecureImages })}</span>
              {prepared.remoteImages > 0 && (
                <button type="button" className="btn btn-small" onClick={() => setAllowRemote(true)}>
                  {t('email.showRemote')}
                </button>
              )}
            </>
          )}
        </div>
      )}
      <iframe ref={frameRef} className="email-frame" title={t('email.frameTitle')} sandbox={EMAIL_FRAME_SANDBOX} srcDoc={srcdoc} style={{ height }} referrerPolicy="no-referrer" />
    </div>
  );
}
