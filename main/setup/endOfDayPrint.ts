import type { EndOfDayDetailView } from '../../shared/setup';
import type { AppInfoView, EndOfDayView } from '../../shared/views';
import type { ReportDocument } from '../printing/raster';

/** The end-of-day report as the thermal printer prints it: provider totals, VAT, cashiers, refunds, outcomes. */
export function endOfDayReportDocument(store: AppInfoView['store'], totals: EndOfDayView, detail: EndOfDayDetailView): ReportDocument {
  const rows: ReportDocument['rows'] = [];
  rows.push({ label: 'Provider / المزود', value: 'Net', bold: true });
  for (const p of totals.providers) rows.push({ label: `${p.provider} (${p.paid_count}/${p.count})`, value: `${p.net} ${p.currency}` });
  rows.push('rule');
  rows.push({ label: 'VAT summary / ملخص الضريبة', value: '', bold: true });
  for (const v of detail.vat) {
    rows.push({ label: `Net excl. VAT ${v.rate_percent}%`, value: `${v.net} ${v.currency}` });
    rows.push({ label: `VAT ${v.rate_percent}%`, value: `${v.vat} ${v.currency}` });
    rows.push({ label: 'Gross', value: `${v.gross} ${v.currency}`, bold: true });
  }
  rows.push('rule');
  rows.push({ label: 'Cashiers / الكاشيرون', value: '', bold: true });
  for (const c of detail.cashiers) rows.push({ label: `${c.name} (${c.paid_count}/${c.count})`, value: `${c.captured} ${c.currency}` });
  rows.push('rule');
  for (const r of detail.refunds) rows.push({ label: `Refunds (${r.count}) / المبالغ المستردة`, value: `${r.amount} ${r.currency}` });
  rows.push({ label: 'Declined / مرفوضة', value: String(detail.outcomes.declined) });
  rows.push({ label: 'Expired / منتهية', value: String(detail.outcomes.expired) });
  rows.push({ label: 'Cancelled / ملغاة', value: String(detail.outcomes.cancelled) });
  return {
    title: { en: `${store.name_en} — end of day`, ar: `${store.name_ar} — إقفال اليوم` },
    subtitle: `${detail.from.slice(0, 16).replace('T', ' ')} → ${detail.to.slice(0, 16).replace('T', ' ')} UTC`,
    rows,
  };
}
