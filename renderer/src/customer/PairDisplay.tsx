import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getApi, unwrap } from '../api/client';
import { ErrorNote } from '../checkout/ErrorNote';
import './pairDisplay.css';

/**
 * Browser mode: "Customer display" on the till's top bar: shows a six-digit code that a screen or tablet opened at
 * /customer types in to follow this till. Each press makes a new code; an old one stops working.
 */
export function PairDisplay() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const code = useMutation({ mutationFn: () => unwrap(getApi()['display.pairingCode']({})) });
  // The desktop app opens its own customer window on the second screen; pairing is for browser mode.
  if (window.paydesk) return null;
  return (
    <span className="pair-display">
      <button
        type="button"
        data-testid="pair-display"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          if (!open) code.mutate();
        }}
      >
        {t('display.button')}
      </button>
      {open && (
        <span className="pair-display-panel card" role="dialog" aria-label={t('display.button')}>
          {code.data && (
            <>
              <strong className="pair-code" data-testid="pairing-code-shown" dir="ltr">
                {code.data.code}
              </strong>
              <span>{t('display.howTo', { url: `${window.location.origin}/customer` })}</span>
            </>
          )}
          <ErrorNote error={code.error} />
        </span>
      )}
    </span>
  );
}
