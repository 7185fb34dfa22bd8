import { SANDBOX_CREDENTIALS } from '../sandbox/credentials';
import { launchCookie, launchUrlOf } from './launch';

// The end of a chaos run: with faults off and the queues drained, every money effect at the providers and the
// back office must match what PayDesk holds, amount for amount, and every session a provider opened must
// belong to a paylink.

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export type Call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: Json }>;

export interface ChaosVerdict {
  paylinks: number;
  captured_paylinks: number;
  sandbox_captures: number;
  refunded_paylinks: number;
  sandbox_refunds: number;
  backoffice_receipts: number;
  backoffice_refunds: number;
  stuck_unknown: number;
  pending_commands: number;
  outbox_pending: number;
  dead_letters: number;
  /** Paylinks whose captured total differs from what the provider captured (a capture lost or doubled). */
  duplicate_captures: string[];
  duplicate_refunds: string[];
  /** Paylinks whose receipts/refunds in the back office do not add up to what PayDesk holds. */
  missing_backoffice: string[];
  duplicate_backoffice: string[];
  /** Sessions a provider opened that no paylink holds (a customer could pay them and PayDesk would not know). */
  orphan_sessions: string[];
  unmatched_notifications: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const EXPONENT: Record<string, number> = { KWD: 3, BHD: 3, OMR: 3 };
const toMinor = (amount: number, currency: string) => Math.round(amount * 10 ** (EXPONENT[currency] ?? 2));

export async function settleAndVerify(call: Call, sandboxUrl: string, engineUrl: string, launchToken: string): Promise<ChaosVerdict> {
  const cookie = await launchCookie(launchUrlOf(engineUrl, launchToken));
  const signIn = await fetch(`${engineUrl}/bridge/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ pin: '9999' }) });
  const session = ((await signIn.json()) as Json).value.token as string;
  const bridge = async (method: string) => {
    const r = await fetch(`${engineUrl}/bridge/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-paydesk-session': session }, body: '{}' });
    return ((await r.json()) as Json).value;
  };
  let status: Json = {};
  for (let i = 0; i < 240; i++) {
    status = await bridge('sync.status');
    if (status.pending === 0) break;
    await sleep(250);
  }

  const paylinks: Json[] = [];
  let cursor: string | null = null;
  do {
    const r: { status: number; body: Json } = await call('GET', `/api/v1/providers/paylinks?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    paylinks.push(...r.body.paylinks);
    cursor = r.body.next_cursor;
  } while (cursor);

  const ledger = ((await (await fetch(`${sandboxUrl}/sandbox/_control/ledger`)).json()) as Json).entries as Json[];
  // Keyed by the provider's session id and by its payment id: a session adopted from a notification may be
  // known to PayDesk by either.
  const sumBySession = (op: string) => {
    const m = new Map<string, { n: number; minor: number }>();
    for (const e of ledger) {
      if (e.op !== op) continue;
      const cur = m.get(e.session_id) ?? { n: 0, minor: 0 };
      const next = { n: cur.n + 1, minor: cur.minor + e.amount_minor };
      m.set(e.session_id, next);
      if (e.payment_id && e.payment_id !== e.session_id) m.set(e.payment_id, next);
    }
    return m;
  };
  const captures = sumBySession('capture');
  const refunds = sumBySession('refund');
  const atProvider = (m: Map<string, { n: number; minor: number }>, p: Json) => m.get(p.session_id) ?? m.get(p.payment_id) ?? { n: 0, minor: 0 };
  const captured = paylinks.filter((p) => p.captured_minor > 0);
  const refunded = paylinks.filter((p) => p.refunded_minor > 0);

  const byId = new Map(paylinks.map((p) => [p.id as string, p]));
  const orphans = ledger
    .filter((e) => e.op === 'create')
    .filter((e) => {
      const p = byId.get(e.reference);
      return !p || !p.session_id || (p.session_id !== e.session_id && p.session_id !== e.payment_id && p.payment_id !== e.payment_id);
    })
    .map((e) => `${e.provider}:${e.session_id}:${e.reference}`);

  const bo = SANDBOX_CREDENTIALS.backoffice;
  const missingBackoffice: string[] = [];
  const duplicateBackoffice: string[] = [];
  let receipts = 0;
  let boRefunds = 0;
  for (const p of captured) {
    const r = await fetch(`${sandboxUrl}/backoffice/v1/om/payments?orderId=${encodeURIComponent(p.order_id)}`, { headers: { 'api-key': bo.api_key, 'organization-id': bo.organization_id } });
    const items = ((((await r.json()) as Json).data?.items ?? []) as Json[]).filter((x) => !x.reversedAt);
    const sum = (type: string) => items.filter((x) => x.type === type).reduce((n, x) => n + toMinor(x.amount, p.currency), 0);
    receipts += items.filter((x) => x.type === 'receipt').length;
    boRefunds += items.filter((x) => x.type === 'refund').length;
    const rc = sum('receipt');
    const rf = sum('refund');
    if (rc < p.captured_minor || rf < p.refunded_minor) missingBackoffice.push(`${p.id}:${rc}/${p.captured_minor}:${rf}/${p.refunded_minor}`);
    if (rc > p.captured_minor || rf > p.refunded_minor) duplicateBackoffice.push(`${p.id}:${rc}/${p.captured_minor}:${rf}/${p.refunded_minor}`);
  }
  const unmatched = (await bridge('payments.unmatched')) as Json;
  return {
    paylinks: paylinks.length,
    captured_paylinks: captured.length,
    sandbox_captures: captured.reduce((n, p) => n + atProvider(captures, p).n, 0),
    refunded_paylinks: refunded.length,
    sandbox_refunds: refunded.reduce((n, p) => n + atProvider(refunds, p).n, 0),
    backoffice_receipts: receipts,
    backoffice_refunds: boRefunds,
    stuck_unknown: paylinks.filter((p) => p.status === 'unknown').length,
    pending_commands: paylinks.filter((p) => p.pending_command).length,
    outbox_pending: status.pending ?? -1,
    dead_letters: status.dead ?? -1,
    duplicate_captures: captured.filter((p) => atProvider(captures, p).minor !== p.captured_minor).map((p) => `${p.id}:${p.provider}:${atProvider(captures, p).minor}/${p.captured_minor}`),
    duplicate_refunds: refunded.filter((p) => atProvider(refunds, p).minor !== p.refunded_minor).map((p) => `${p.id}:${p.provider}:${atProvider(refunds, p).minor}/${p.refunded_minor}`),
    missing_backoffice: missingBackoffice,
    duplicate_backoffice: duplicateBackoffice,
    orphan_sessions: orphans,
    unmatched_notifications: Array.isArray(unmatched?.payments) ? unmatched.payments.filter((u: Json) => !u.matched_paylink_id).length : -1,
  };
}
