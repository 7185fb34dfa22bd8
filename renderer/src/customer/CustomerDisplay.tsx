import { useEffect, useState, type FormEvent } from 'react';
import type { CustomerDisplayView } from '../../../shared/display';
import { QrImage } from '../checkout/QrImage';
import { displayAr } from '../locales/display.ar';
import { displayEn, type DisplayMessages } from '../locales/display.en';
import { useDisplayFeed } from './displayFeed';
import './customer.css';

type Key = keyof DisplayMessages;

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => vars[name] ?? '');
}

/** Both languages at once: the customer may read either. Phone numbers and amounts are bidi-isolated. */
function Both({ k, vars = {}, as: Tag = 'p', className }: { k: Key; vars?: Record<string, string>; as?: 'p' | 'h1' | 'h2'; className?: string }) {
  return (
    <Tag className={`both ${className ?? ''}`}>
      <span lang="en" dir="ltr">{fill(displayEn[k], vars)}</span>
      <span lang="ar" dir="rtl">{fill(displayAr[k], vars)}</span>
    </Tag>
  );
}

function money(amount: string, currency: string): string {
  return `\u2066${amount} ${currency}\u2069`;
}

function Countdown({ expiresAt }: { expiresAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Date.parse(expiresAt) - now);
  const time = `${Math.floor(left / 60_000)}:${String(Math.floor((left % 60_000) / 1000)).padStart(2, '0')}`;
  return <div data-testid="display-countdown">{left > 0 ? <Both k="expiresIn" vars={{ time }} className={left < 60_000 ? 'urgent' : ''} /> : <Both k="linkRanOut" />}</div>;
}

function Lines({ view }: { view: CustomerDisplayView }) {
  return (
    <section className="cd-cart" aria-label={displayEn.yourItems}>
      <Both k="yourItems" as="h2" />
      <ol className="cd-lines">
        {view.lines.map((line, i) => (
          <li key={i} data-testid="display-line">
            <span className="cd-qty">{line.quantity} ×</span>
            <span className="cd-name">
              <span lang="en">{line.name_en}</span>
              <span lang="ar" dir="rtl">{line.name_ar}</span>
            </span>
            <span className="cd-amount">{money(line.amount, view.currency)}</span>
          </li>
        ))}
      </ol>
      <div className="cd-total" data-testid="display-total" data-amount={view.total}>
        <Both k="total" />
        <strong>{money(view.total, view.currency)}</strong>
        <Both k="vatIncluded" vars={{ vat: money(view.vat, view.currency) }} className="muted" />
      </div>
    </section>
  );
}

function Payment({ view }: { view: CustomerDisplayView }) {
  const p = view.payment!;
  const vars = { provider: p.provider_name, phone: `\u2066${p.sms_to ?? ''}\u2069` };
  return (
    <section className="cd-pay" data-testid="display-pay">
      <p className="cd-provider" data-testid="display-provider">{p.provider_name}</p>
      <p className="cd-big-amount" data-testid="display-amount">{money(p.amount, view.currency)}</p>
      {p.checkout === 'qr' && p.checkout_url ? (
        <>
          <QrImage text={p.checkout_url} sizePx={360} level="M" data-testid="display-qr" alt={fill(displayEn.scanToPay, vars)} />
          <Both k="scanToPay" vars={vars} className="cd-instruction" />
          <Both k="scanSteps" className="muted" />
        </>
      ) : (
        <>
          <Both k="smsSent" vars={vars} className="cd-instruction" />
          <Both k="smsSteps" vars={vars} className="muted" />
        </>
      )}
      {p.expires_at && <Countdown expiresAt={p.expires_at} />}
    </section>
  );
}

const OUTCOME: Partial<Record<CustomerDisplayView['phase'], [Key, Key]>> = {
  paid: ['paid', 'paidNext'],
  declined: ['declined', 'declinedNext'],
  expired: ['expired', 'expiredNext'],
  cancelled: ['cancelled', 'cancelledNext'],
};

function PairForm({ wrongCode, onPair }: { wrongCode: boolean; onPair(code: string): void }) {
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onPair(code);
  };
  return (
    <main className="customer-display cd-pairing" data-testid="display-pairing">
      <Both k="pairTitle" as="h1" />
      <form onSubmit={submit}>
        <label>
          <Both k="pairCode" />
          <input data-testid="pairing-code" inputMode="numeric" autoComplete="off" maxLength={6} value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
        </label>
      </form>
      <Both k="pairHint" className="muted" />
      {wrongCode && (
        <div role="alert" data-testid="pairing-wrong">
          <Both k="pairWrong" />
        </div>
      )}
    </main>
  );
}

/** The screen facing the customer: welcome → items → pay → the outcome. No controls, no internal ids. */
export function CustomerDisplay() {
  const { state, pair } = useDisplayFeed();
  if (state.kind === 'checking') return <main className="customer-display" aria-busy="true" />;
  if (state.kind === 'unpaired') return <PairForm wrongCode={state.wrongCode} onPair={(code) => void pair(code)} />;
  const { view } = state;
  const outcome = OUTCOME[view.phase];
  return (
    <main className={`customer-display phase-${view.phase}`} data-testid="customer-display" data-phase={view.phase} data-seq={view.seq}>
      <header className="cd-store">
        <span lang="en">{view.store.name_en}</span>
        <span lang="ar" dir="rtl">{view.store.name_ar}</span>
      </header>
      {view.phase === 'idle' && <Both k="welcome" as="h1" className="cd-welcome" />}
      {outcome && (
        <section className="cd-outcome" data-testid="display-outcome" role="status">
          <Both k={outcome[0]} as="h1" />
          <Both k={outcome[1]} />
        </section>
      )}
      <div className="cd-body">
        {view.lines.length > 0 && <Lines view={view} />}
        {view.phase === 'pay' && view.payment && <Payment view={view} />}
      </div>
    </main>
  );
}
