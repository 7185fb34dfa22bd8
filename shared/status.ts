// The unified paylink status model (DESIGN §2). Transitions live here and nowhere else.

export const PAYLINK_STATUSES = [
  'created',
  'authorized',
  'captured',
  'cancelled',
  'expired',
  'rejected',
  'partially_refunded',
  'refunded',
  'unknown',
] as const;
export type PaylinkStatus = (typeof PAYLINK_STATUSES)[number];

export type PaylinkAction = 'capture' | 'cancel' | 'refund' | 'resend' | 'refresh';

const TRANSITIONS: Record<PaylinkStatus, readonly PaylinkStatus[]> = {
  created: ['authorized', 'captured', 'cancelled', 'expired', 'rejected', 'unknown'],
  // authorized → authorized: a partial capture leaves the rest authorized.
  authorized: ['authorized', 'captured', 'cancelled', 'expired', 'unknown'],
  captured: ['partially_refunded', 'refunded', 'unknown'],
  partially_refunded: ['partially_refunded', 'refunded', 'unknown'],
  // An unknown outcome is resolved by asking the provider; whatever it says is the truth.
  unknown: ['created', 'authorized', 'captured', 'cancelled', 'expired', 'rejected', 'partially_refunded', 'refunded'],
  cancelled: [],
  expired: [],
  rejected: [],
  refunded: [],
};

export const TERMINAL_STATUSES: readonly PaylinkStatus[] = ['cancelled', 'expired', 'rejected', 'refunded'];

export function isTerminal(status: PaylinkStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Waiting on the customer or on a provider answer: the refresher keeps polling these. */
export function isAwaitingOutcome(status: PaylinkStatus): boolean {
  return status === 'created' || status === 'authorized' || status === 'unknown';
}

export function canTransition(from: PaylinkStatus, to: PaylinkStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export interface ActionFacts {
  status: PaylinkStatus;
  amountMinor: number;
  capturedMinor: number;
  refundedMinor: number;
  checkout: 'qr' | 'sms';
}

/** The actions a cashier or manager may take now (`can` on every record). */
export function allowedActions(p: ActionFacts): PaylinkAction[] {
  switch (p.status) {
    case 'created':
      return p.checkout === 'sms' ? ['cancel', 'resend', 'refresh'] : ['cancel', 'refresh'];
    case 'authorized':
      return p.capturedMinor < p.amountMinor ? ['capture', 'cancel', 'refresh'] : ['refresh'];
    case 'captured':
    case 'partially_refunded':
      return p.refundedMinor < p.capturedMinor ? ['refund', 'refresh'] : ['refresh'];
    case 'unknown':
      return ['refresh'];
    default:
      return [];
  }
}
