import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isCurrency } from '../../../shared/money';
import type { CatalogLinkView } from '../../../shared/views';
import { useCatalogLinks, useDeleteCatalogLink, useUpdateCatalogLink } from '../api/hooks';
import { ErrorNote } from '../checkout/ErrorNote';
import { formatAmount } from '../format';
import { useUi } from '../state/ui';
import { CreateCatalogLink } from './CreateCatalogLink';
import { CatalogLinkDetail } from '../settings/CatalogLinkDetail';
import '../settings/setup.css';
import { useNames } from './useNames';
import './manager.css';

/** Catalog payment links (seed 004), manager only: stats, create, activate/deactivate, delete. */
export function CatalogLinks() {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const links = useCatalogLinks();
  const data = links.data;

  return (
    <main className="page catalog-links" data-testid="catalog-links">
      <section className="card" aria-labelledby="links-title">
        <h1 id="links-title">{t('links.title')}</h1>
        {data && (
          <p data-testid="links-aggregates">
            {t('links.paidCount', { count: data.aggregates.paid_count })} ·{' '}
            {data.aggregates.revenue.map((r) => (isCurrency(r.currency) ? formatAmount(r.amount, r.currency, lang) : r.amount)).join(' · ') || '—'}
          </p>
        )}
        <ErrorNote error={links.error} />
        {data?.payment_links.length === 0 && <p className="muted">{t('links.empty')}</p>}
        {data && data.payment_links.length > 0 && (
          <table data-testid="links-table">
            <thead>
              <tr>
                <th>{t('links.columns.name')}</th>
                <th>{t('paylinks.provider')}</th>
                <th className="num">{t('links.columns.total')}</th>
                <th>{t('links.columns.state')}</th>
                <th className="num">{t('links.columns.paid')}</th>
                <th className="num">{t('links.columns.revenue')}</th>
                <th>{t('links.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.payment_links.map((link) => (
                <LinkRow key={link.id} link={link} />
              ))}
            </tbody>
          </table>
        )}
      </section>
      <CreateCatalogLink onCreated={() => void links.refetch()} />
    </main>
  );
}

function LinkRow({ link }: { link: CatalogLinkView }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { providerName } = useNames();
  const update = useUpdateCatalogLink();
  const remove = useDeleteCatalogLink();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [open, setOpen] = useState(false);

  return (
    <>
    <tr data-testid={`link-row-${link.id}`} data-name={link.name}>
      <td>
        {link.name}
        <div className="muted small" dir="ltr">
          {link.public_url}
        </div>
      </td>
      <td>{providerName(link.provider)}</td>
      <td className="num">{formatAmount(link.total, link.currency, lang)}</td>
      <td>
        <span className={`badge link-${link.availability}`} data-testid="link-availability">
          {t(`links.availability.${link.availability}`)}
        </span>
      </td>
      <td className="num">{link.stats.paid_count}</td>
      <td className="num">{formatAmount(link.stats.revenue, link.currency, lang)}</td>
      <td>
        <div className="actions">
          <button type="button" disabled={update.isPending} onClick={() => update.mutate({ id: link.id, is_active: !link.is_active })} data-testid="link-toggle">
            {link.is_active ? t('links.deactivate') : t('links.activate')}
          </button>
          {!confirmDelete ? (
            <button type="button" onClick={() => setConfirmDelete(true)} data-testid="link-delete">
              {t('links.delete')}
            </button>
          ) : (
            <button type="button" className="danger" autoFocus disabled={remove.isPending} onClick={() => remove.mutate(link.id)} data-testid="link-delete-confirm">
              {t('links.deleteConfirm')}
            </button>
          )}
        </div>
        <ErrorNote error={update.error ?? remove.error} />
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="link-details">
          {t('setup.links.details')}
        </button>
      </td>
    </tr>
    {open && (
      <tr>
        <td colSpan={7}>
          <CatalogLinkDetail link={link} />
        </td>
      </tr>
    )}
    </>
  );
}
