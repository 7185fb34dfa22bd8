import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MutableRefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../../shared/money';
import type { ProductView } from '../../../shared/views';
import { useCatalogLookup, useProducts } from '../api/hooks';
import { errorText } from '../errorText';
import { useCheckout } from '../state/checkout';
import { useUi } from '../state/ui';
import { formatMoney } from './money';
import { createScanQueue, indexProducts, isDigitsOnly, type ScanOutcome, type ScanQueue } from './scanQueue';

type Message = { kind: 'ok' | 'error'; text: string; code?: string };

/**
 * One field for the barcode scanner (digits + Enter) and for the cashier's search. Enter adds the exact
 * barcode/SKU match, else the first name match; a digits-only code never falls back to a name match,
 * so a mis-scan cannot ring up the wrong product. The field is uncontrolled and Enter is handled on the
 * DOM keystroke itself (see scanQueue.ts), so a scanner burst never loses or merges a code.
 */
export function ScanField({ currency, queueRef }: { currency: Currency; queueRef?: MutableRefObject<ScanQueue | null> }) {
  const { t } = useTranslation();
  const lang = useUi((s) => s.lang);
  const catalog = useCatalogLookup();
  const everything = useProducts('');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const query = useDeferredValue(text.trim());
  const searching = query.length >= 2 && !isDigitsOnly(query);
  const results = useProducts(query, searching);

  const nameOf = (p: ProductView) => (lang === 'ar' ? p.name_ar : p.name_en);
  // The latest translations and currency for the queue's callback, which lives as long as the field.
  const latest = useRef({ t, nameOf, currency });
  latest.current = { t, nameOf, currency };
  const index = useMemo(() => indexProducts(everything.data ?? []), [everything.data]);
  const indexRef = useRef(index);
  indexRef.current = index;

  const add = (product: ProductView, quantity: number): void => {
    const { t: tr, nameOf: name, currency: storeCurrency } = latest.current;
    if (product.currency !== storeCurrency) {
      setMessage({ kind: 'error', text: tr('checkout.scan.otherCurrency', { name: name(product), currency: product.currency, storeCurrency }) });
      return;
    }
    try {
      useCheckout.getState().addProduct(product, quantity);
      setMessage({ kind: 'ok', text: tr('checkout.scan.added', { name: name(product) }) });
    } catch (err) {
      setMessage({ kind: 'error', text: errorText(tr, err) });
    }
  };

  const queue = useMemo(
    () =>
      createScanQueue(
        {
          known: (code) => indexRef.current.get(code.toLowerCase()),
          fetch: async (code) => (await catalog.byCode(code)) ?? (!isDigitsOnly(code) ? ((await catalog.search(code))[0] ?? null) : null),
        },
        (o: ScanOutcome) => {
          const tr = latest.current.t;
          if (o.kind === 'bump') useCheckout.getState().bumpLastLine(o.delta);
          else if (o.kind === 'added') add(o.product, o.quantity);
          else if (o.kind === 'not_found') setMessage({ kind: 'error', text: tr('checkout.scan.notFound', { code: o.code }), code: o.code });
          else setMessage({ kind: 'error', text: errorText(tr, o.error) });
        },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  useEffect(() => {
    if (!queueRef) return undefined;
    queueRef.current = queue;
    return () => {
      queueRef.current = null;
    };
  }, [queue, queueRef]);

  useEffect(() => {
    const field = input.current;
    if (!field) return undefined;
    field.focus();
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      e.preventDefault();
      const typed = field.value;
      field.value = ''; // in the same keystroke: the next code starts in an empty field
      setText('');
      queue.push(typed);
    };
    field.addEventListener('keydown', onKeyDown);
    return () => field.removeEventListener('keydown', onKeyDown);
  }, [queue]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // On an empty field, + and − change the last line's quantity: the quickest fix after a double scan.
    if (e.currentTarget.value === '' && (e.key === '+' || e.key === '-')) {
      e.preventDefault();
      queue.bump(e.key === '+' ? 1 : -1);
    } else if (e.key === 'ArrowDown' && searching && results.data?.length) {
      e.preventDefault();
      document.querySelector<HTMLButtonElement>('[data-testid="search-results"] button')?.focus();
    }
  };

  const pickResult = (p: ProductView) => {
    add(p, 1);
    if (input.current) input.current.value = '';
    setText('');
    input.current?.focus();
  };

  return (
    <section className="card scan-card">
      <form onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="scan">{t('checkout.scan.label')}</label>
        <input
          id="scan"
          ref={input}
          data-testid="scan"
          className="scan-input"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('checkout.scan.placeholder')}
          defaultValue=""
          onInput={(e) => {
            setText(e.currentTarget.value);
            if (message?.kind === 'error') setMessage(null); // a stale complaint goes with the next keystroke
          }}
          onKeyDown={onKeyDown}
          aria-describedby="scan-hint scan-message"
        />
        <p id="scan-hint" className="muted small">
          {t('checkout.scan.hint')}
        </p>
        <p id="scan-message" role="status" data-testid="scan-message" data-code={message?.code} className={message?.kind === 'error' ? 'error' : 'ok-note'}>
          {message?.text}
        </p>
      </form>
      {searching && results.data && results.data.length > 0 && (
        <ul className="search-results" data-testid="search-results" aria-label={t('checkout.scan.results')}>
          {results.data.slice(0, 8).map((p) => (
            <li key={p.id}>
              <button type="button" data-testid={`result-${p.sku}`} onClick={() => pickResult(p)} onKeyDown={(e) => moveInList(e)}>
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
