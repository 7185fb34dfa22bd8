import { randomInt } from 'node:crypto';
import { computeCartTotals, lineAmountMinor, type CartLine } from '../../shared/cart';
import { displayPhaseOf, maskPhone, type CustomerDisplayView, type DisplayPairingView } from '../../shared/display';
import { formatMinor } from '../../shared/money';
import { findProvider } from '../../shared/providers';
import type { AppInfoView, PaylinkView } from '../../shared/views';
import type { EventBus } from '../engine/events';

// Customer displays follow tills. A till (a browser tab or an Electron window, named by its call source)
// publishes its sale's lines and the payment link on screen; the hub turns that into what the customer
// may see and pushes it to the displays paired with that till, and again whenever that payment link moves.
// Pairing: the till shows a six-digit code; a display that types it in gets a read-only session scoped
// to that till (main/api/access, session kind "display").

export interface DisplayHubDeps {
  now: () => number;
  events: EventBus;
  store: () => AppInfoView['store'];
  paylink: (id: string) => PaylinkView | undefined;
  /** How long a pairing code stays valid. */
  codeTtlMs?: number;
}

type Listener = (view: CustomerDisplayView) => void;

interface TillState {
  lines: CartLine[];
  paylinkId: string | null;
  seq: number;
  view: CustomerDisplayView | undefined;
}

/** After this many wrong codes every open code is withdrawn, so guessing six digits is hopeless. */
const MAX_WRONG_CODES = 20;

export function createDisplayHub(deps: DisplayHubDeps) {
  const tills = new Map<string, TillState>();
  const listeners = new Map<string, Set<Listener>>();
  const codes = new Map<string, { tillId: string; expiresAt: number }>();
  const ttl = deps.codeTtlMs ?? 5 * 60_000;
  let wrongCodes = 0;

  function till(tillId: string): TillState {
    let state = tills.get(tillId);
    if (!state) tills.set(tillId, (state = { lines: [], paylinkId: null, seq: 0, view: undefined }));
    return state;
  }

  function compose(state: TillState): CustomerDisplayView {
    const store = deps.store();
    const currency = store.currency;
    const totals = computeCartTotals(state.lines, store.pricing_mode);
    const paylink = state.paylinkId ? deps.paylink(state.paylinkId) : undefined;
    const phase = paylink ? displayPhaseOf(paylink.status) : state.lines.length > 0 ? 'cart' : 'idle';
    return {
      seq: state.seq,
      store: { name_en: store.name_en, name_ar: store.name_ar },
      phase,
      currency,
      lines: state.lines.map((l) => ({ name_en: l.name_en, name_ar: l.name_ar, quantity: l.quantity, amount: formatMinor(lineAmountMinor(l), currency) })),
      total: formatMinor(paylink?.amount_minor ?? totals.totalMinor, paylink?.currency ?? currency),
      vat: formatMinor(totals.vatMinor, currency),
      payment: paylink
        ? {
            provider_name: findProvider(paylink.provider)?.name ?? paylink.provider,
            checkout: paylink.checkout,
            checkout_url: paylink.checkout === 'qr' ? paylink.checkout_url : null,
            sms_to: paylink.sms_sent_to ? maskPhone(paylink.sms_sent_to) : null,
            expires_at: paylink.expires_at,
            amount: paylink.amount,
          }
        : null,
    };
  }

  function push(tillId: string, state: TillState): CustomerDisplayView {
    state.seq += 1;
    state.view = compose(state);
    for (const l of listeners.get(tillId) ?? []) {
      try {
        l(state.view);
      } catch {
        // A display that went away must not break the till.
      }
    }
    return state.view;
  }

  // The payment link on a till's screen moved (the customer paid, declined…): its displays follow at once.
  const unsubscribe = deps.events.subscribe((event, payload) => {
    if (event !== 'paylink.updated') return;
    const id = (payload as { paylink: PaylinkView }).paylink.id;
    for (const [tillId, state] of tills) if (state.paylinkId === id) push(tillId, state);
  });

  return {
    publish(tillId: string, input: { lines: CartLine[]; paylink_id?: string | null | undefined }): { displays: number } {
      const state = till(tillId);
      state.lines = input.lines;
      state.paylinkId = input.paylink_id ?? null;
      push(tillId, state);
      return { displays: listeners.get(tillId)?.size ?? 0 };
    },
    view(tillId: string): CustomerDisplayView {
      const state = till(tillId);
      return (state.view ??= compose(state));
    },
    subscribe(tillId: string, listener: Listener): () => void {
      let set = listeners.get(tillId);
      if (!set) listeners.set(tillId, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    /** A fresh code for this till (its previous one stops working). */
    issueCode(tillId: string): DisplayPairingView {
      for (const [code, entry] of codes) if (entry.tillId === tillId || entry.expiresAt <= deps.now()) codes.delete(code);
      let code: string;
      do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      while (codes.has(code));
      const expiresAt = deps.now() + ttl;
      codes.set(code, { tillId, expiresAt });
      return { code, expires_at: new Date(expiresAt).toISOString(), displays: listeners.get(tillId)?.size ?? 0 };
    },
    /** The till a valid code belongs to; the code is used up. Undefined for anything else. */
    redeemCode(code: string): string | undefined {
      const entry = codes.get(code);
      if (!entry || entry.expiresAt <= deps.now()) {
        if (entry) codes.delete(code);
        if (++wrongCodes >= MAX_WRONG_CODES) {
          codes.clear();
          wrongCodes = 0;
        }
        return undefined;
      }
      codes.delete(code);
      return entry.tillId;
    },
    close: unsubscribe,
  };
}

export type DisplayHub = ReturnType<typeof createDisplayHub>;
