import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogLinkView } from '../../../shared/views';
import { getApi, unwrap } from '../api/client';
import { useUpdateCatalogLink } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { QrImage } from '../checkout/QrImage';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';

/** datetime-local wants local time without a zone; the API takes ISO 8601. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A catalog link in full: its public URL with a copy button and a QR, the editable fields, and its payments. */
export function CatalogLinkDetail({ link }: { link: CatalogLinkView }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const detail = useQuery({ queryKey: ['links.detail', link.id, link.updated_at], queryFn: () => unwrap(getApi()['links.detail']({ id: link.id })) });
  const update = useUpdateCatalogLink();
  const [name, setName] = useState(link.name);
  const [expires, setExpires] = useState(toLocalInput(link.expires_at));
  const [maxUses, setMaxUses] = useState(link.max_uses === null ? '' : String(link.max_uses));
  const [active, setActive] = useState(link.is_active);
  const [copied, setCopied] = useState(false);
  const url = detail.data?.public_url;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: link.id, name, is_active: active, expires_at: expires ? new Date(expires).toISOString() : null, max_uses: maxUses ? Number(maxUses) : null });
  };
  return (
    <div className="link-detail" data-testid={`link-detail-${link.id}`}>
      {url && (
        <div className="link-share">
          <input readOnly dir="ltr" value={url} data-testid="link-url" aria-label={t('setup.links.url')} onFocus={(e) => e.target.select()} />
          <button
            type="button"
            data-testid="link-copy"
            onClick={() => void navigator.clipboard.writeText(url).then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? t('setup.links.copied') : t('setup.links.copy')}
          </button>
          <QrImage text={url} sizePx={160} data-testid="link-qr" alt={t('setup.links.qr')} />
        </div>
      )}
      <form onSubmit={submit} className="setup-form">
        <label>
          {t('links.columns.name')}
          <input data-testid="link-edit-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('setup.links.expires')}
          <input type="datetime-local" data-testid="link-edit-expires" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <label>
          {t('setup.links.maxUses')}
          <input inputMode="numeric" data-testid="link-edit-max-uses" value={maxUses} onChange={(e) => setMaxUses(e.target.value.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660)))} />
        </label>
        <label>
          <input type="checkbox" data-testid="link-edit-active" checked={active} onChange={(e) => setActive(e.target.checked)} /> {t('setup.links.active')}
        </label>
        <button type="submit" data-testid="link-edit-save" disabled={update.isPending}>
          {t('setup.save')}
        </button>
        {update.isSuccess && <span role="status" data-testid="link-edit-saved">{t('setup.saved')}</span>}
        <ErrorNote error={update.error ?? detail.error} testId="link-edit-error" />
      </form>
      <h3>{t('setup.links.payments')}</h3>
      {detail.data?.payments.length === 0 && <p className="muted">{t('setup.links.noPayments')}</p>}
      {!!detail.data?.payments.length && (
        <table data-testid="link-payments">
          <tbody>
            {detail.data.payments.map((p) => (
              <tr key={p.id}>
                <td>{new Date(p.created_at).toLocaleString(lang === 'ar' ? 'ar-SA' : 'en-GB')}</td>
                <td>{p.status}</td>
                <td className="num">{formatAmount(p.captured_amount, p.currency, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
