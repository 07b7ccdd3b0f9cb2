import { useState } from 'react';

interface Props {
  /** The button's text ("Remove", "Revoke") and its accessible name. */
  label: string;
  ariaLabel: string;
  confirmAriaLabel: string;
  busy: boolean;
  onConfirm: () => void;
}

/** A dangerous action in two steps: the button, then Confirm or Cancel in its place. */
export function ConfirmButton({ label, ariaLabel, confirmAriaLabel, busy, onConfirm }: Props) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className="button button--small button--danger"
        disabled={busy}
        aria-label={ariaLabel}
        onClick={() => setConfirming(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className="button button--small button--danger"
        disabled={busy}
        aria-label={confirmAriaLabel}
        onClick={onConfirm}
      >
        Confirm
      </button>
      <button
        type="button"
        className="button button--small button--secondary"
        onClick={() => setConfirming(false)}
      >
        Cancel
      </button>
    </span>
  );
}
