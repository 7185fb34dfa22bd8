// Demo-mode credentials understood only by the in-repo sandbox. They open nothing real:
// the sandbox refuses any other value so the adapters' auth headers are exercised for real.

export const SANDBOX_CREDENTIALS = {
  tabby: { secret_key: 'sandbox_tabby_secret', merchant_code: 'PAYDESK_DEMO', webhook_header_value: 'sandbox_tabby_hook' },
  tamara: { api_token: 'sandbox_tamara_token', notification_token: 'sandbox_tamara_notification_key' },
  mispay: { app_id: 'sandbox_mispay_app', app_secret: 'sandbox_mispay_secret' },
  paymennt: { api_key: 'sandbox_paymennt_key', api_secret: 'sandbox_paymennt_secret', webhook_hmac_key: 'sandbox_paymennt_hmac' },
  stripe: { secret_key: 'sandbox_stripe_secret', webhook_secret: 'sandbox_stripe_whsec' },
  moyasar: { secret_key: 'sandbox_moyasar_secret', webhook_secret_token: 'sandbox_moyasar_token' },
  tap: { secret_key: 'sandbox_tap_secret' },
  paypal: { client_id: 'sandbox_paypal_client', client_secret: 'sandbox_paypal_secret', webhook_id: 'sandbox_paypal_webhook' },
  hyperpay: { access_token: 'sandbox_hyperpay_token', entity_id: 'sandbox_entity', webhook_secret: '0'.repeat(63) + '1' },
  dinero: { merchant_key: 'sandbox_dinero_key', merchant_password: 'sandbox_dinero_password' },
  backoffice: { api_key: 'sandbox_backoffice_key', organization_id: 'org_demo' },
} as const;

export type SandboxProvider = Exclude<keyof typeof SANDBOX_CREDENTIALS, 'backoffice'>;
