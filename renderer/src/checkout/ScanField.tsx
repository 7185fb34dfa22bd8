import { useDeferredValue, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { parseScanInput } from '../../../shared/cart';
import type { Currency } from '../../../shared/money';
import type { ProductView } from '../../../shared/views';
import { useCatalogLookup, useProducts } from '../api/hooks';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { formatMoney } from './money';

const DIGITS_ONLY = /^\d+$/;

/**
 * One field for the barcode scanner (digits + Enter) and for the cashier's search. Enter adds the exact
 * barcode/SKU match, else the first name match; a digits-only code never falls back to a name match,
 * so a mis-scan cannot ring up the wrong product.
 */
export function ScanField({ currency }: { currency: Currency }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const { addProduct, bumpLastLine } = useCheckout();
  const catalog = useCatalogLookup();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const query = useDeferredValue(text.trim());
  const searching = query.length >= 2 && !DIGITS_ONLY.test(query);
  const results = useProducts(query, searching);

  useEffect(() => {
    input.current?.focus();
  }, []);

  const nameOf = (p: ProductView) => (lang === 'ar' ? p.name_ar : p.name_en);
  const add = (product: ProductView, quantity: number) => {
    if (product.currency !== currency) {
      setMessage({ kind: 'error', text: t('checkout.scan.otherCurrency', { name: nameOf(product), currency: product.currency, storeCurrency: currency }) });
      return;
    }
    try {
      addProduct(product, quantity);
      setMessage({ kind: 'ok', text: t('checkout.scan.added', { name: nameOf(product) }) });
      setText('');
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
    input.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const scan = parseScanInput(text);
    if (!scan) return;
    try {
      const exact = await catalog.byCode(scan.code);
      const byName = !exact && !DIGITS_ONLY.test(scan.code) ? (await catalog.search(scan.code))[0] : undefined;
      const product = exact ?? byName;
      if (product) add(product, scan.quantity);
      else {
        setMessage({ kind: 'error', text: t('checkout.scan.notFound', { code: scan.code }) });
        // Keep what was typed on screen, selected, so the next scan replaces it instead of appending.
        input.current?.select();
      }
    } catch (err) {
      setMessage({ kind: 'error', text: t(`errors.${(err as { code?: string }).code ?? 'generic'}`, { defaultValue: t('errors.generic') }) });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // On an empty field, + and − change the last line's quantity: the quickest fix after a double scan.
    if (text === '' && (e.key === '+' || e.key === '-')) {
      e.preventDefault();
      bumpLastLine(e.key === '+' ? 1 : -1);
    } else if (e.key === 'ArrowDown' && searching && results.data?.length) {
      e.preventDefault();
      document.querySelector<HTMLButtonElement>('[data-testid="search-results"] button')?.focus();
    }
  };

  return (
    <section className="card scan-card">
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor="scan">{t('checkout.scan.label')}</label>
        <input
          id="scan"
          ref={input}
          data-testid="scan"
          className="scan-input"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('checkout.scan.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby="scan-hint scan-message"
        />
        <p id="scan-hint" className="muted small">
          {t('checkout.scan.hint')}
        </p>
        <p id="scan-message" role="status" data-testid="scan-message" className={message?.kind === 'error' ? 'error' : 'ok-note'}>
          {message?.text}
        </p>
      </form>
      {searching && results.data && results.data.length > 0 && (
        <ul className="search-results" data-testid="search-results" aria-label={t('checkout.scan.results')}>
          {results.data.slice(0, 8).map((p) => (
            <li key={p.id}>
              <button type="button" data-testid={`result-${p.sku}`} onClick={() => add(p, 1)} onKeyDown={(e) => moveInList(e)}>
                <span>{nameOf(p)}</span>
                <span className="num">{formatMoney(p.price_minor, p.currency, lang)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Arrow keys walk the result list; Escape goes back to the scan field. */
function moveInList(e: KeyboardEvent<HTMLButtonElement>) {
  const items = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="search-results"] button')];
  const at = items.indexOf(e.currentTarget);
  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = items[at + (e.key === 'ArrowDown' ? 1 : -1)];
    if (next) next.focus();
    else if (e.key === 'ArrowUp') document.getElementById('scan')?.focus();
  }
}
