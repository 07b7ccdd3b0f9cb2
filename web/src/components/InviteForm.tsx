import { useId, useState, type FormEvent } from 'react';
import { inviteMember } from '../api/organizations';
import { toApiError, type ApiError } from '../api/problem';
import { assignableRoles, ROLE_LABELS, type Role } from '../api/roles';
import { Field } from './Field';
import { EMAIL_MESSAGE, plainFieldMessages } from './field-messages';
import { Notice } from './Notice';
import { ProblemMessage } from './ProblemMessage';
import { RoleSelect } from './RoleSelect';
import { SubmitButton } from './SubmitButton';

interface Props {
  orgId: string;
  myRole: Role | null;
  /** After an invitation was sent. */
  onInvited?: () => void;
}

/** Emails someone a single-use link to join the active organization with a role. */
export function InviteForm({ orgId, myRole, onInvited }: Props) {
  const roleId = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [emailInvalid, setEmailInvalid] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The browser's own rules for type="email" and required, told in the app's words (noValidate).
    const invalid = !event.currentTarget.checkValidity();
    setEmailInvalid(invalid);
    if (invalid) return;
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const invitation = await inviteMember(orgId, email.trim(), role);
      const expires = new Date(invitation.expiresAt).toLocaleString();
      setSent(
        `Invitation sent to ${invitation.email} as ${ROLE_LABELS[invitation.role ?? role].toLowerCase()}. The link works once, until ${expires}.`,
      );
      setEmail('');
      onInvited?.();
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  const fields = plainFieldMessages(error?.fieldErrors() ?? {});
  return (
    <section className="section" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form className="form" onSubmit={submit} noValidate>
        {sent && <Notice>{sent}</Notice>}
        <ProblemMessage error={error} />
        <div className="form-row">
          <Field
            label="Email to invite"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={setEmail}
            error={emailInvalid ? EMAIL_MESSAGE : fields.email}
          />
          <div className="field field--narrow">
            <label htmlFor={roleId}>Role</label>
            <RoleSelect
              id={roleId}
              value={role}
              roles={assignableRoles(myRole)}
              onChange={setRole}
            />
          </div>
        </div>
        <SubmitButton busy={busy} label="Send invitation" busyLabel="Sending…" />
      </form>
    </section>
  );
}
