import type { Currency } from './money';

// The provider catalog: what GET /api/v1/providers lists, what the config route documents,
// and the routing facts payment orders use (seed 000 / seed 001).

export const PAYLINK_PROVIDER_IDS = ['tabby', 'tamara', 'mispay', 'paymennt'] as const;
export const GATEWAY_PROVIDER_IDS = ['stripe', 'moyasar', 'tap', 'dinero', 'paypal', 'hyperpay'] as const;
export type PaylinkProviderId = (typeof PAYLINK_PROVIDER_IDS)[number];
export type GatewayProviderId = (typeof GATEWAY_PROVIDER_IDS)[number];
export type ProviderId = PaylinkProviderId | GatewayProviderId;
export type ProviderType = 'bnpl' | 'paylink' | 'gateway_sync';

export interface FieldDoc {
  name: string;
  type: 'string' | 'string/number' | 'number' | 'boolean' | 'array' | 'object';
  required: boolean;
  description: string;
}

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  description: string;
  type: ProviderType;
  regions: string;
  app_slug: string;
}

export interface ProviderSpec extends ProviderInfo {
  /** How the customer receives the link at the till. */
  checkout: 'qr' | 'sms' | null;
  /** Whether the provider captures by itself once the customer approves. */
  autoCapture: boolean;
  currencies: readonly Currency[];
  /** Per-currency bounds in minor units, where the provider publishes them. */
  amountBoundsMinor?: Partial<Record<Currency, { min: number; max: number }>>;
  /** SMS checkout: the countries (ISO 3166) whose mobile numbers the provider texts. */
  smsCountries?: readonly string[];
  providerFields: FieldDoc[];
  credentialFields: readonly string[];
  executeEndpoint: string;
  executeMethod: 'GET' | 'POST' | 'PUT';
  confirmEndpoint: string;
  confirmMethod: 'GET' | 'POST' | 'PUT';
  endpoints: { method: string; path: string; purpose: string }[];
}

export const COMMON_PAYLINK_FIELDS: FieldDoc[] = [
  { name: 'provider', type: 'string', required: true, description: 'Paylink provider id: tabby, tamara, mispay or paymennt' },
  { name: 'org_app_id', type: 'string', required: true, description: 'Installed provider app id (GET /api/v1/org-apps)' },
  { name: 'order_id', type: 'string', required: true, description: 'Your order reference id' },
  { name: 'amount', type: 'string/number', required: true, description: 'Amount in major units, e.g. "150.00"; no more decimals than the currency allows' },
  { name: 'currency', type: 'string', required: true, description: 'ISO 4217 code the provider supports' },
  { name: 'description', type: 'string', required: false, description: 'Order description' },
  { name: 'buyer_name', type: 'string', required: false, description: 'Customer name' },
  { name: 'buyer_email', type: 'string', required: false, description: 'Customer email' },
  { name: 'buyer_phone', type: 'string', required: false, description: 'Customer phone (E.164 or local KSA form 05XXXXXXXX)' },
  { name: 'lang', type: 'string', required: false, description: 'Checkout language: ar or en' },
  { name: 'items', type: 'array', required: false, description: 'Line items: {name, quantity, unit_price, sku?}' },
  { name: 'metadata', type: 'object', required: false, description: 'Provider-specific metadata' },
];

const SAR_ONLY: readonly Currency[] = ['SAR'];

export const PROVIDERS: readonly ProviderSpec[] = [
  {
    id: 'dinero',
    name: 'Dinero Pay',
    description: 'Dinero Pay: refresh configured payment_ids (status by id; no list API is documented)',
    type: 'gateway_sync',
    regions: 'KSA and supported Dinero markets',
    app_slug: 'dinero-payments',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'USD'],
    providerFields: [{ name: 'payment_ids', type: 'array', required: true, description: 'Dinero payment ids to refresh' }],
    credentialFields: ['merchant_key', 'merchant_password'],
    executeEndpoint: '/api/v1/payment/status',
    executeMethod: 'POST',
    confirmEndpoint: '/api/v1/payment/status',
    confirmMethod: 'POST',
    endpoints: [{ method: 'POST', path: '/api/v1/payment/status', purpose: 'Status of one payment by id' }],
  },
  {
    id: 'hyperpay',
    name: 'HyperPay',
    description: 'HyperPay (OPPWA) transaction query sync by merchantTransactionId',
    type: 'gateway_sync',
    regions: 'Per acquirer / host (KSA, GCC)',
    app_slug: 'hyperpay-checkout',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'USD', 'KWD', 'BHD', 'OMR'],
    providerFields: [{ name: 'entity_id', type: 'string', required: true, description: 'OPPWA entityId of the brand channel' }],
    credentialFields: ['access_token', 'entity_id', 'webhook_secret'],
    executeEndpoint: '/v3/query',
    executeMethod: 'GET',
    confirmEndpoint: '/v3/query/{id}',
    confirmMethod: 'GET',
    endpoints: [
      { method: 'GET', path: '/v3/query?entityId=&merchantTransactionId=', purpose: 'Transactions of one order' },
      { method: 'GET', path: '/v3/query/{id}?entityId=', purpose: 'One transaction' },
    ],
  },
  {
    id: 'mispay',
    name: 'MisPay',
    description: 'Split-in-4 BNPL with QR code checkout for POS',
    type: 'bnpl',
    regions: 'KSA',
    app_slug: 'mispay-pos-paylinks',
    checkout: 'qr',
    autoCapture: false,
    currencies: SAR_ONLY,
    amountBoundsMinor: { SAR: { min: 200_00, max: 5000_00 } },
    providerFields: [],
    credentialFields: ['app_id', 'app_secret'],
    executeEndpoint: '/v1/api/start-checkout',
    executeMethod: 'POST',
    confirmEndpoint: '/v1/api/checkout/{checkout_id}/end',
    confirmMethod: 'PUT',
    endpoints: [
      { method: 'GET', path: '/v1/api/token', purpose: 'Access token (encrypted)' },
      { method: 'POST', path: '/v1/api/start-checkout', purpose: 'Create checkout and its QR link' },
      { method: 'GET', path: '/v1/api/track-checkout/{trackId}', purpose: 'Checkout status' },
      { method: 'PUT', path: '/v1/api/checkout/{checkoutId}/end', purpose: 'Finalize a successful checkout' },
      { method: 'POST', path: '/v1/api/refund', purpose: 'Refund' },
    ],
  },
  {
    id: 'moyasar',
    name: 'Moyasar',
    description: 'Moyasar payments sync (payments list with page meta)',
    type: 'gateway_sync',
    regions: 'MENA',
    app_slug: 'moyasar-payments',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'USD', 'KWD', 'BHD', 'OMR'],
    providerFields: [],
    credentialFields: ['secret_key', 'webhook_secret_token'],
    executeEndpoint: '/v1/payments',
    executeMethod: 'GET',
    confirmEndpoint: '/v1/payments/{id}',
    confirmMethod: 'GET',
    endpoints: [
      { method: 'GET', path: '/v1/payments?page=&created[gt]=', purpose: 'List payments' },
      { method: 'GET', path: '/v1/payments/{id}', purpose: 'One payment' },
    ],
  },
  {
    id: 'paymennt',
    name: 'paymennt',
    description: 'Card and wallet payment links with QR code or SMS delivery',
    type: 'paylink',
    regions: 'UAE, KSA, GCC',
    app_slug: 'paymennt-paylinks',
    checkout: 'qr',
    autoCapture: true,
    currencies: ['SAR', 'AED', 'USD', 'EUR', 'KWD', 'BHD', 'OMR', 'QAR'],
    providerFields: [
      { name: 'send_sms', type: 'boolean', required: false, description: 'paymennt texts the link to buyer_phone (needs buyer_name with first and last name, and buyer_email)' },
      { name: 'send_email', type: 'boolean', required: false, description: 'paymennt emails the link to buyer_email (needs buyer_name with first and last name)' },
      { name: 'expires_in_minutes', type: 'number', required: false, description: 'Link lifetime in minutes' },
    ],
    credentialFields: ['api_key', 'api_secret'],
    executeEndpoint: '/mer/v2.0/checkout/qr',
    executeMethod: 'POST',
    confirmEndpoint: '/mer/v2.0/payment/{payment_id}/capture',
    confirmMethod: 'POST',
    endpoints: [
      { method: 'POST', path: '/mer/v2.0/checkout/qr', purpose: 'Create QR checkout (in-store)' },
      { method: 'POST', path: '/mer/v2.0/checkout/link', purpose: 'Create payment-link checkout paymennt texts or emails (send_sms / send_email)' },
      { method: 'GET', path: '/mer/v2.0/checkout?requestId=', purpose: 'Find the checkout opened for a request id' },
      { method: 'GET', path: '/mer/v2.0/checkout/{checkoutId}', purpose: 'Checkout status' },
      { method: 'POST', path: '/mer/v2.0/checkout/{checkoutId}/cancel', purpose: 'Cancel pending checkout' },
      { method: 'POST', path: '/mer/v2.0/checkout/{checkoutId}/refund', purpose: 'Refund (query parameters)' },
    ],
  },
  {
    id: 'paypal',
    name: 'PayPal',
    description: 'PayPal reporting sync (Transaction Search, orders v2)',
    type: 'gateway_sync',
    regions: 'Global (account)',
    app_slug: 'paypal-commerce',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'USD', 'EUR'],
    providerFields: [],
    credentialFields: ['client_id', 'client_secret', 'webhook_id'],
    executeEndpoint: '/v1/reporting/transactions',
    executeMethod: 'GET',
    confirmEndpoint: '/v2/checkout/orders/{id}',
    confirmMethod: 'GET',
    endpoints: [
      { method: 'POST', path: '/v1/oauth2/token', purpose: 'OAuth2 client-credentials token' },
      { method: 'GET', path: '/v1/reporting/transactions', purpose: 'Transaction Search (≤31-day windows)' },
      { method: 'GET', path: '/v2/checkout/orders/{id}', purpose: 'One order' },
    ],
  },
  {
    id: 'stripe',
    name: 'Stripe',
    description: 'Stripe PaymentIntents sync',
    type: 'gateway_sync',
    regions: 'Global (account)',
    app_slug: 'stripe-payments',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'USD', 'EUR', 'KWD', 'BHD', 'OMR'],
    providerFields: [],
    credentialFields: ['secret_key', 'webhook_secret'],
    executeEndpoint: '/v1/payment_intents',
    executeMethod: 'GET',
    confirmEndpoint: '/v1/payment_intents/{id}',
    confirmMethod: 'GET',
    endpoints: [
      { method: 'GET', path: '/v1/payment_intents?created[gte]=&starting_after=', purpose: 'List PaymentIntents' },
      { method: 'GET', path: '/v1/payment_intents/{id}', purpose: 'One PaymentIntent' },
    ],
  },
  {
    id: 'tabby',
    name: 'Tabby',
    description: 'Buy Now, Pay Later with QR code checkout for POS',
    type: 'bnpl',
    regions: 'KSA, UAE, Kuwait',
    app_slug: 'tabby-pos-paylinks',
    checkout: 'qr',
    autoCapture: false,
    currencies: ['SAR', 'AED', 'KWD'],
    providerFields: [],
    credentialFields: ['secret_key', 'merchant_code', 'webhook_header_value'],
    executeEndpoint: '/api/v2/checkout',
    executeMethod: 'POST',
    confirmEndpoint: '/api/v1/payments/{payment_id}/captures',
    confirmMethod: 'POST',
    endpoints: [
      { method: 'POST', path: '/api/v2/checkout', purpose: 'Create session and payment' },
      { method: 'GET', path: '/api/v2/checkout/{session_id}/hpp_link_qr', purpose: 'QR code of the hosted payment page' },
      { method: 'POST', path: '/api/v2/checkout/{session_id}/send_hpp_link', purpose: 'Send the link by SMS' },
      { method: 'POST', path: '/api/v2/checkout/{session_id}/cancel', purpose: 'Cancel the session' },
      { method: 'GET', path: '/api/v2/payments/{payment_id}', purpose: 'Payment status' },
      { method: 'POST', path: '/api/v2/payments/{payment_id}/captures', purpose: 'Capture (reference_id = idempotency key)' },
      { method: 'POST', path: '/api/v2/payments/{payment_id}/refunds', purpose: 'Refund (reference_id = idempotency key)' },
      { method: 'POST', path: '/api/v2/payments/{payment_id}/close', purpose: 'Close (cancel the uncaptured rest)' },
    ],
  },
  {
    id: 'tamara',
    name: 'Tamara',
    description: 'Buy Now, Pay Later with SMS-based checkout for POS',
    type: 'bnpl',
    regions: 'KSA, UAE, Bahrain',
    app_slug: 'tamara-pos-paylinks',
    checkout: 'sms',
    autoCapture: true,
    currencies: ['SAR', 'AED', 'BHD', 'KWD', 'OMR'],
    smsCountries: ['SA', 'AE', 'BH', 'KW', 'OM'],
    providerFields: [
      { name: 'phone_number', type: 'string', required: true, description: 'Required. Customer phone for SMS checkout' },
      { name: 'payment_type', type: 'string', required: false, description: 'pay_by_instalments (default) or pay_by_later' },
      { name: 'store_code', type: 'string', required: false, description: 'Store identifier for multi-store setups' },
      { name: 'locale', type: 'string', required: false, description: 'Locale for checkout page (defaults to ar_SA)' },
    ],
    credentialFields: ['api_token', 'notification_token'],
    executeEndpoint: '/checkout/in-store-session',
    executeMethod: 'POST',
    confirmEndpoint: '/payments/capture',
    confirmMethod: 'POST',
    endpoints: [
      { method: 'POST', path: '/checkout/in-store-session', purpose: 'In-store session; Tamara texts the link' },
      { method: 'POST', path: '/checkout/{checkout_id}/void', purpose: 'Void an in-store session' },
      { method: 'GET', path: '/merchants/orders/{order_id}', purpose: 'Order status' },
      { method: 'POST', path: '/payments/capture', purpose: 'Capture an authorised order' },
      { method: 'POST', path: '/payments/simplified-refund/{order_id}', purpose: 'Refund' },
    ],
  },
  {
    id: 'tap',
    name: 'Tap Payments',
    description: 'Tap charges list sync',
    type: 'gateway_sync',
    regions: 'GCC / Tap markets',
    app_slug: 'tap-payments',
    checkout: null,
    autoCapture: false,
    currencies: ['SAR', 'AED', 'KWD', 'BHD', 'OMR', 'QAR', 'USD'],
    providerFields: [],
    credentialFields: ['secret_key'],
    executeEndpoint: '/v2/charges/list',
    executeMethod: 'POST',
    confirmEndpoint: '/v2/charges/{charge_id}',
    confirmMethod: 'GET',
    endpoints: [
      { method: 'POST', path: '/v2/charges/list', purpose: 'List charges' },
      { method: 'GET', path: '/v2/charges/{charge_id}', purpose: 'One charge' },
    ],
  },
];

const BY_ID = new Map<string, ProviderSpec>(PROVIDERS.map((p) => [p.id, p]));

export function findProvider(id: string): ProviderSpec | undefined {
  return BY_ID.get(id.toLowerCase());
}

export function isPaylinkProvider(id: string): id is PaylinkProviderId {
  return (PAYLINK_PROVIDER_IDS as readonly string[]).includes(id);
}

export function isGatewayProvider(id: string): id is GatewayProviderId {
  return (GATEWAY_PROVIDER_IDS as readonly string[]).includes(id);
}

export function providerInfo(p: ProviderSpec): ProviderInfo {
  return { id: p.id, name: p.name, description: p.description, type: p.type, regions: p.regions, app_slug: p.app_slug };
}
