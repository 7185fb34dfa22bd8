import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pinDigits } from '../../../shared/digits';
import { ErrorNote } from '../checkout/ErrorNote';

interface Props {
  /** The sentence to confirm, e.g. "Refund SAR 605.50 to the Tabby customer?" */
  question: string;
  confirmLabel: string;
  /** A cashier needs a manager's PIN typed here; a manager confirms with their own session. */
  needsManager: boolean;
  pending: boolean;
  error: unknown;
  onConfirm(managerPin: string | undefined): void;
  onBack(): void;
  testId: string;
}

/**
 * The last step before money moves: the sentence that says what will happen, and, on a cashier's till,
 * the manager's PIN. The cashier stays signed in; the engine records which manager approved.
 */
export function ConfirmMoneyAction({ question, confirmLabel, needsManager, pending, error, onConfirm, onBack, testId }: Props) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const first = useRef<HTMLInputElement & HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const ready = !needsManager || pin.length >= 4;

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby={`${testId}-question`}
      className="confirm-action"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onBack();
        }
      }}
    >
      <p id={`${testId}-question`} className="confirm-question" data-testid={`${testId}-question`}>
        {question}
      </p>
      {needsManager && (
        <label>
          {t('screens.approval.pin')}
          <input
            ref={first}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={8}
            value={pin}
            data-testid="manager-pin"
            onChange={(e) => setPin(pinDigits(e.target.value))}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && ready && !pending) {
                e.preventDefault();
                onConfirm(pin);
              }
            }}
          />
          <span className="muted small">{t('screens.approval.hint')}</span>
        </label>
      )}
      <div className="actions">
        <button type="button" onClick={onBack} data-testid={`${testId}-back`}>
          {t('screens.approval.back')} <kbd>Esc</kbd>
        </button>
        <button
          type="button"
          className="danger"
          ref={needsManager ? undefined : first}
          disabled={!ready || pending}
          onClick={() => onConfirm(needsManager ? pin : undefined)}
          data-testid={`${testId}-confirm`}
        >
          {pending ? t('screens.approval.sending') : confirmLabel}
        </button>
      </div>
      <ErrorNote error={error} testId={`${testId}-error`} />
    </div>
  );
}
