import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../api/types.ts';
import { useWorkspace } from '../../app/workspace-context.ts';
import { formatBytes } from '../../lib/time.ts';

/** Attachments need the bearer token: fetched as a blob, then saved through a temporary object URL. */
export function Attachments({ attachments }: { attachments: Attachment[] }) {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const [busy, setBusy] = useState<string | null>(null);

  const download = async (a: Attachment) => {
    setBusy(a.id);
    try {
      const blob = await ws.api.attachmentBlob(a.id);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = a.filename;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      ws.notify('error', t('attachments.failed', { name: a.filename, error: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <ul className="attachments" aria-label={t('attachments.label')}>
      {attachments.map((a) => (
        <li key={a.id}>
          <a
            href={`/api/v1/attachments/${a.id}`}
            className="attachment"
            aria-busy={busy === a.id}
            onClick={(e) => {
              e.preventDefault();
              void download(a);
            }}
          >
            <span className="attachment-name">{a.filename}</span>
            <span className="muted small">{formatBytes(a.size)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
