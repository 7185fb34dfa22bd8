/** The customer display's words (renderer/src/customer): shown in English and Arabic side by side. */
export const displayEn = {
  welcome: 'Welcome',
  pairTitle: 'Customer display',
  pairHint: 'Type the six-digit code shown on the till, then press Enter.',
  pairCode: 'Pairing code',
  pairWrong: 'That code did not work. Ask the cashier for the code on the till now.',
  yourItems: 'Your items',
  total: 'Total',
  vatIncluded: 'incl. VAT {{vat}}',
  scanToPay: 'Scan with your phone camera to pay with {{provider}}',
  scanSteps: 'Open the link, check the amount, and approve the payment on your phone.',
  smsSent: 'SMS sent to {{phone}} — open it on your phone',
  smsSteps: 'Tap the link in the SMS and approve the payment with {{provider}}.',
  expiresIn: 'Link expires in {{time}}',
  linkRanOut: 'The time for this link is up',
  paid: 'Thank you! Your payment is approved.',
  paidNext: 'Your receipt is on its way.',
  declined: 'The payment was declined.',
  declinedNext: 'Nothing was charged. The cashier can offer another way to pay.',
  expired: 'The payment link expired.',
  expiredNext: 'Nothing was charged. The cashier can send a new link.',
  cancelled: 'The payment was cancelled.',
  cancelledNext: 'Nothing was charged. The cashier will help you pay another way.',
};
export type DisplayMessages = typeof displayEn;

/** The till's side of the customer display (the pairing code on the top bar). */
export const tillDisplayEn = {
  display: {
    button: 'Customer display',
    howTo: 'On the customer’s screen open {{url}} and type this code.',
  },
};

/** Printer and pairing errors, by code (merged into `errors`). */
export const displayErrorsEn = {
  printer_not_configured: 'No receipt printer is set up.',
  printer_unreachable: 'The receipt printer cannot be reached.',
  printer_timeout: 'The receipt printer did not answer in time.',
  printer_paper_out: 'The receipt printer is out of paper.',
  printer_failed: 'The receipt printer did not print.',
  pairing_required: 'Type the code shown on the till.',
  pairing_code_invalid: 'That pairing code is not valid any more.',
};
