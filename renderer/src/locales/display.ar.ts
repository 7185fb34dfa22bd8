import type { DisplayMessages } from './display.en';

export const displayAr: DisplayMessages = {
  welcome: 'أهلاً وسهلاً',
  pairTitle: 'شاشة العميل',
  pairHint: 'اكتب الرمز المكوّن من ستة أرقام الظاهر على شاشة الكاشير، ثم اضغط Enter.',
  pairCode: 'رمز الربط',
  pairWrong: 'لم يعمل هذا الرمز. اطلب من الكاشير الرمز الظاهر الآن.',
  yourItems: 'مشترياتك',
  total: 'الإجمالي',
  vatIncluded: 'شامل الضريبة {{vat}}',
  scanToPay: 'امسح الرمز بكاميرا جوالك للدفع عبر {{provider}}',
  scanSteps: 'افتح الرابط وتحقق من المبلغ ثم وافق على الدفع من جوالك.',
  smsSent: 'أُرسلت رسالة نصية إلى {{phone}} — افتحها على جوالك',
  smsSteps: 'اضغط الرابط في الرسالة ووافق على الدفع عبر {{provider}}.',
  expiresIn: 'ينتهي الرابط خلال {{time}}',
  linkRanOut: 'انتهى وقت هذا الرابط',
  paid: 'شكراً لك! تمت الموافقة على الدفع.',
  paidNext: 'إيصالك قيد الطباعة.',
  declined: 'رُفضت عملية الدفع.',
  declinedNext: 'لم يُخصم أي مبلغ. يمكن للكاشير أن يقترح طريقة دفع أخرى.',
  expired: 'انتهت صلاحية رابط الدفع.',
  expiredNext: 'لم يُخصم أي مبلغ. يمكن للكاشير إرسال رابط جديد.',
  cancelled: 'أُلغيت عملية الدفع.',
  cancelledNext: 'لم يُخصم أي مبلغ. سيساعدك الكاشير على الدفع بطريقة أخرى.',
};

export const tillDisplayAr = {
  display: {
    button: 'شاشة العميل',
    howTo: 'افتح {{url}} على شاشة العميل واكتب هذا الرمز.',
  },
};

export const displayErrorsAr = {
  printer_not_configured: 'لم تُضبط طابعة إيصالات.',
  printer_unreachable: 'تعذّر الوصول إلى طابعة الإيصالات.',
  printer_timeout: 'لم تستجب طابعة الإيصالات في الوقت المحدد.',
  printer_paper_out: 'نفد الورق من طابعة الإيصالات.',
  printer_failed: 'لم تطبع طابعة الإيصالات.',
  pairing_required: 'اكتب الرمز الظاهر على شاشة الكاشير.',
  pairing_code_invalid: 'رمز الربط هذا لم يعد صالحاً.',
};
