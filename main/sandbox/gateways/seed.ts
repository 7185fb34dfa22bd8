import { isCurrency, type Currency } from '../../../shared/money';
import type { SandboxContext } from '../core';
import { putPayment, simState, type GatewaySimulator, type SimPayment } from './state';

// Seeding simulated gateway payments: from a test's control call, or the demo day.

export interface SeedSpec {
  count?: number;
  currency?: string;
  statuses?: string[];
  /** ISO time of the first payment; later ones follow every spacing_ms. Default: ends now. */
  created_from?: string;
  spacing_ms?: number;
  reference_prefix?: string;
  amount_minor?: number;
  extra?: Record<string, string>;
  payments?: ExplicitPayment[];
}

export interface ExplicitPayment {
  id?: string;
  status?: string;
  amount_minor?: number;
  refunded_minor?: number;
  currency?: string;
  created_at?: string;
  reference?: string;
  extra?: Record<string, string>;
}

export class SeedError extends Error {}

const MAX_SEED = 5_000;

/** Deterministic, varied amounts; multiples of 10 so 3-decimal currencies look like real prices. */
export function demoAmountMinor(index: number): number {
  return 1_000 + ((index * 7_919) % 48_000) * 10;
}

/** A status that already says money went back gets a matching refunded amount unless one is given. */
function defaultRefundedMinor(status: string, amountMinor: number): number {
  const s = status.toLowerCase();
  if (s.includes('partially_refunded')) return Math.floor(amountMinor / 2);
  if (s === 'refunded' || s === 'refund' || s.endsWith(':refunded')) return amountMinor;
  return 0;
}

function currencyOf(value: string | undefined): Currency {
  const upper = (value ?? 'SAR').toUpperCase();
  if (!isCurrency(upper)) throw new SeedError(`currency ${JSON.stringify(value)} is not supported`);
  return upper;
}

function timeOf(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new SeedError(`${JSON.stringify(value)} is not an ISO time`);
  return new Date(t);
}

export function seedPayments(ctx: SandboxContext, sim: GatewaySimulator, spec: SeedSpec): SimPayment[] {
  const normalize = (s: string) => sim.normalizeStatus?.(s) ?? s;
  if (Array.isArray(spec.payments)) {
    if (spec.payments.length > MAX_SEED) throw new SeedError(`at most ${MAX_SEED} payments per call`);
    return spec.payments.map((p) => {
      const status = normalize(p.status ?? sim.defaultStatuses[0] ?? '');
      const amountMinor = p.amount_minor ?? demoAmountMinor(0);
      return putPayment(ctx, {
        gateway: sim.id,
        id: p.id ?? sim.newPaymentId(ctx),
        status,
        amountMinor,
        refundedMinor: p.refunded_minor ?? defaultRefundedMinor(status, amountMinor),
        currency: currencyOf(p.currency),
        createdAt: timeOf(p.created_at, ctx.now()),
        ...(p.reference ? { reference: p.reference } : {}),
        extra: { ...p.extra },
      });
    });
  }
  const count = spec.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED) throw new SeedError(`count must be 1-${MAX_SEED}`);
  const statuses = (spec.statuses?.length ? spec.statuses : sim.defaultStatuses).map(normalize);
  const spacing = spec.spacing_ms ?? 60_000;
  const first = timeOf(spec.created_from, new Date(ctx.now().getTime() - (count - 1) * spacing));
  const currency = currencyOf(spec.currency);
  const out: SimPayment[] = [];
  for (let i = 0; i < count; i++) {
    const status = statuses[i % statuses.length] as string;
    const amountMinor = spec.amount_minor ?? demoAmountMinor(i);
    out.push(
      putPayment(ctx, {
        gateway: sim.id,
        id: sim.newPaymentId(ctx),
        status,
        amountMinor,
        refundedMinor: defaultRefundedMinor(status, amountMinor),
        currency,
        createdAt: new Date(first.getTime() + i * spacing),
        ...(spec.reference_prefix ? { reference: `${spec.reference_prefix}${String(i + 1).padStart(4, '0')}` } : {}),
        extra: { ...spec.extra },
      }),
    );
  }
  return out;
}

const STRIPE_DEMO_STATUSES = ['succeeded', 'succeeded', 'succeeded', 'requires_capture', 'succeeded', 'canceled', 'succeeded', 'requires_payment_method', 'processing'];
const MOYASAR_DEMO_STATUSES = ['paid', 'paid', 'failed', 'paid', 'authorized', 'paid', 'refunded', 'initiated', 'paid', 'voided'];

export type DemoGatewayPayment = Omit<SimPayment, 'seq'> & { gateway: 'stripe' | 'moyasar' };

/**
 * A realistic day for demo mode: Stripe and Moyasar card payments over the hours before `now`,
 * two in three tagged with a PayDesk order id. Deterministic ids, so the engine can create the
 * demo orders these references name (main/engine/gatewayDemo.ts) without asking the sandbox.
 */
export function gatewayDemoPlan(now: Date): DemoGatewayPayment[] {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  const reference = (i: number) => (i % 3 === 2 ? undefined : `POS-${day}-${String(i + 1).padStart(4, '0')}`);
  const plan: DemoGatewayPayment[] = [];
  const stripeCount = 18;
  for (let i = 0; i < stripeCount; i++) {
    const status = STRIPE_DEMO_STATUSES[i % STRIPE_DEMO_STATUSES.length] as string;
    const amountMinor = demoAmountMinor(i);
    const ref = reference(i);
    plan.push({
      gateway: 'stripe',
      id: `pi_3demo${day}${String(i).padStart(4, '0')}`,
      status,
      amountMinor,
      // One sale was partly refunded at the till.
      refundedMinor: i === 4 ? Math.floor(amountMinor / 4) : 0,
      currency: 'SAR',
      createdAt: new Date(now.getTime() - (stripeCount - i) * 31 * 60_000),
      ...(ref ? { reference: ref } : {}),
      extra: status === 'requires_payment_method' ? { last_payment_error: 'Your card was declined.' } : {},
    });
  }
  const moyasarCount = 14;
  for (let i = 0; i < moyasarCount; i++) {
    const status = MOYASAR_DEMO_STATUSES[i % MOYASAR_DEMO_STATUSES.length] as string;
    const amountMinor = demoAmountMinor(i + 100);
    const ref = reference(i + stripeCount);
    plan.push({
      gateway: 'moyasar',
      id: `00000000-0000-4000-8000-${day}${String(i).padStart(4, '0')}`,
      status,
      amountMinor,
      refundedMinor: defaultRefundedMinor(status, amountMinor),
      currency: 'SAR',
      createdAt: new Date(now.getTime() - (moyasarCount - i) * 43 * 60_000),
      ...(ref ? { reference: ref } : {}),
      extra: {},
    });
  }
  return plan;
}

/**
 * Puts the demo day into the simulators (same ids every call, so nothing doubles). `keepExisting`
 * leaves payments already there alone, so a restarted engine does not undo what happened since.
 */
export function seedGatewayDemoData(ctx: SandboxContext, now: Date, opts: { keepExisting?: boolean } = {}): { stripe: number; moyasar: number } {
  const counts = { stripe: 0, moyasar: 0 };
  for (const payment of gatewayDemoPlan(now)) {
    if (opts.keepExisting && simState(ctx, payment.gateway).payments.has(payment.id)) continue;
    putPayment(ctx, payment);
    counts[payment.gateway]++;
  }
  return counts;
}
