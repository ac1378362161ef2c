/**
 * Sign in / create an account, with the server's errors shown beside the field they
 * concern. Opened from an invite link, it says which board the new account joins.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type InviteLinkPreview } from '../../api';
import { plainMessage } from '../../lib/plainMessage';
import { passwordProblem } from '../../../../shared/src/passwordRules';
import { boardHref, navigate } from '../../lib/route';
import { useSession } from './session';
import { Logo } from '../../ui/Logo';
import { ThemeToggle } from '../../ui/ThemeToggle';
import { FieldShell } from '../../ui/FieldShell';

type Mode = 'signin' | 'signup';
type Errors = Partial<Record<'email' | 'name' | 'password' | 'form', string>>;

function validate(mode: Mode, email: string, name: string, password: string): Errors {
  const errors: Errors = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) errors.email = 'Enter a valid email address.';
  if (mode === 'signup' && !name.trim()) errors.name = 'Tell your team who you are.';
  const weak = mode === 'signup' ? passwordProblem(password, { email, name }) : null;
  if (weak) errors.password = weak;
  if (mode === 'signin' && !password) errors.password = 'Enter your password.';
  return errors;
}

function serverErrors(mode: Mode, err: unknown): Errors {
  if (!(err instanceof ApiError)) return { form: 'Something went wrong. Try again.' };
  if (mode === 'signin' && err.status === 401) return { form: 'That email and password do not match an account.' };
  if (err.status === 409) return { email: 'An account with this email already exists. Sign in instead?' };
  // The server says how long to wait (the real backoff), and why.
  if (err.status === 429 || err.status === 503) return { form: `${err.message}.` };
  if (err.status === 400) {
    const field = /^(password|email|name):/.exec(err.message)?.[1] as 'password' | 'email' | 'name' | undefined;
    if (field) return { [field]: plainMessage(err.message) };
  }
  return { form: plainMessage(err.message) };
}

export function AuthScreen({ invite }: { invite?: string }) {
  const { setUser } = useSession();
  const [mode, setMode] = useState<Mode>(invite ? 'signup' : 'signin');
  const [offer, setOffer] = useState<InviteLinkPreview | 'invalid' | null>(null);
  useEffect(() => {
    if (invite) api.previewInviteLink(invite).then(setOffer, () => setOffer('invalid'));
  }, [invite]);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validate(mode, email, name, password);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      if (mode === 'signin') {
        setUser(await api.login({ email: email.trim(), password }));
      } else {
        const created = await api.signup({ email: email.trim(), name: name.trim(), password, invite: offer && offer !== 'invalid' ? invite : undefined });
        if (created.joined?.boardId) navigate(boardHref(created.joined.boardId), true);
        setUser(created.user);
      }
    } catch (err) {
      setErrors(serverErrors(mode, err));
    } finally {
      setBusy(false);
    }
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setErrors({});
  };

  return (
    <div className="auth">
      <div className="auth-theme">
        <ThemeToggle />
      </div>
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={36} />
          <div>
            <div className="auth-product">Tranche</div>
            <div className="auth-tagline">The live deal board for your team</div>
          </div>
        </div>
        <div className="segmented" role="tablist" aria-label="Account">
          <button type="button" role="tab" aria-selected={mode === 'signin'} onClick={() => switchMode('signin')}>
            Sign in
          </button>
          <button type="button" role="tab" aria-selected={mode === 'signup'} onClick={() => switchMode('signup')}>
            Create account
          </button>
        </div>
        {offer && offer !== 'invalid' ? (
          <p className="auth-invite" role="status" data-testid="invite-offer">
            {offer.invitedBy ?? 'An owner'} invited you to <strong>{offer.boardName}</strong> as{' '}
            {offer.role === 'editor' ? 'an editor' : offer.role === 'owner' ? 'an owner' : 'a viewer'}.
            {mode === 'signup' ? ' Create your account to join.' : ' Sign in, then open the link again to join.'}
          </p>
        ) : offer === 'invalid' ? (
          <p className="form-error" role="alert">
            This invite link is invalid, used or expired. Ask the board owner for a new one.
          </p>
        ) : null}
        <form className="auth-form" onSubmit={submit} noValidate>
          {errors.form ? (
            <div className="form-error" role="alert">
              {errors.form}
            </div>
          ) : null}
          {mode === 'signup' ? (
            <FieldShell htmlFor="auth-name" label="Name" error={errors.name}>
              <input
                id="auth-name"
                className="input"
                autoComplete="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={!!errors.name}
                placeholder="Ada Lovelace"
              />
            </FieldShell>
          ) : null}
          <FieldShell htmlFor="auth-email" label="Work email" error={errors.email}>
            <input
              id="auth-email"
              className="input"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              aria-invalid={!!errors.email}
              placeholder="you@company.com"
              autoFocus
            />
          </FieldShell>
          <FieldShell
            htmlFor="auth-password"
            label="Password"
            error={errors.password}
            hint={mode === 'signup' ? 'At least 8 characters; not a common password, your email or your name.' : undefined}
          >
            <input
              id="auth-password"
              className="input"
              type="password"
              autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={!!errors.password}
            />
          </FieldShell>
          <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={busy}>
            {busy ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
          </button>
        </form>
        {mode === 'signin' ? (
          <p className="auth-forgot" data-testid="forgot-password">
            <strong>Forgot password?</strong> Ask the person who runs Tranche for your team: they can set a new one with <code>npm run reset-password</code>.
          </p>
        ) : null}
        <p className="auth-switch">
          {mode === 'signin' ? (
            <>
              New to Tranche?{' '}
              <button type="button" className="link-btn" onClick={() => switchMode('signup')}>
                Create an account
              </button>
            </>
          ) : (
            <>
              Already have an account?{' '}
              <button type="button" className="link-btn" onClick={() => switchMode('signin')}>
                Sign in
              </button>
            </>
          )}
        </p>
      </div>
    </div>
  );
}
