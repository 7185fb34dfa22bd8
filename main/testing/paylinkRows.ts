import type { PaylinkRow, PaylinkSessionFields } from '../store/paylinks';

// Rows for store tests and the bench's store floor, which must write the engine's row without the engine.

/** A create as the engine records it before the provider call: status unknown, a pending create, no session. */
export function paylinkIntentRow(fields: Pick<PaylinkRow, 'id' | 'org_app_id' | 'order_id' | 'created_at'> & Partial<PaylinkRow>): PaylinkRow {
  return {
    create_key: null,
    provider: 'tabby',
    amount_minor: 15000,
    currency: 'SAR',
    description: null,
    buyer_name: null,
    buyer_email: null,
    buyer_phone: null,
    lang: 'ar',
    items: '[]',
    metadata: '{}',
    session_id: null,
    payment_id: null,
    provider_extra: '{}',
    checkout_url: null,
    expires_at: null,
    status: 'unknown',
    provider_status: null,
    captured_minor: 0,
    refunded_minor: 0,
    pending_command: 'create',
    cashier_id: null,
    updated_at: fields.created_at,
    next_refresh_at: fields.created_at + 60_000,
    ...fields,
  };
}

/** A provider's answer to that create, as the engine stores it: a new session, nothing paid yet. */
export function createdSession(session: { session_id: string; payment_id: string; checkout_url: string }, at: number): PaylinkSessionFields {
  return {
    ...session,
    provider_extra: '{}',
    expires_at: null,
    status: 'created',
    provider_status: 'CREATED',
    captured_minor: 0,
    refunded_minor: 0,
    pending_command: null,
    updated_at: at,
    next_refresh_at: at + 2_000,
  };
}
