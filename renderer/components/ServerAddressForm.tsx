import { TextField } from './TextField';

interface Props {
  className: string;
  host: string;
  port: string;
  onHost(value: string): void;
  onPort(value: string): void;
  onSubmit(): void;
  /** The id of the message element that explains a refusal of this form. */
  errorId: string;
  hostLabel: string;
  hostHint: string;
  portLabel: string;
  busy: boolean;
  submitLabel: string;
}

/** Server name (or address) and port, then one action: test, fetch the chain, or read the management server. */
export function ServerAddressForm(props: Props) {
  const { className, host, port, onHost, onPort, onSubmit, errorId, hostLabel, hostHint, portLabel, busy, submitLabel } = props;
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <div className="field-row">
        <TextField label={hostLabel} hint={hostHint} value={host} onChange={onHost} onSubmit={onSubmit} errorId={errorId} />
        <TextField label={portLabel} value={port} onChange={onPort} onSubmit={onSubmit} inputMode="numeric" errorId={errorId} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
