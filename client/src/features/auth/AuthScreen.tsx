/** Sign in / create an account, with the server's errors shown beside the field they concern. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
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
  if (mode === 'signup' && password.length < 8) errors.password = 'Use at least 8 characters.';
  if (mode === 'signin' && !password) errors.password = 'Enter your password.';
  return errors;
}

function serverErrors(mode: Mode, err: unknown): Errors {
  if (!(err instanceof ApiError)) return { form: 'Something went wrong. Try again.' };
  if (mode === 'signin' && err.status === 401) return { form: 'That email and password do not match an account.' };
  if (err.status === 409) return { email: 'An account with this email already exists. Sign in instead?' };
  if (err.status === 429) return { form: 'Too many attempts. Wait a minute and try again.' };
  if (err.status === 400) {
    const m = err.message.toLowerCase();
    if (m.includes('password')) return { password: err.message };
    if (m.includes('email')) return { email: err.message };
    if (m.includes('name')) return { name: err.message };
  }
  return { form: err.message };
}

export function AuthScreen() {
  const { setUser } = useSession();
  const [mode, setMode] = useState<Mode>('signin');
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
      const user =
        mode === 'signin'
          ? await api.login({ email: email.trim(), password })
          : await api.signup({ email: email.trim(), name: name.trim(), password });
      setUser(user);
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
        <form className="auth-form" onSubmit={submit} noValidate>
          {errors.form ? (
            <div className="form-error" role="alert">
              {errors.form}
            </div>
          ) : null}
          {mode === 'signup' ? (
            <FieldShell htmlFor="auth-name" label="Name" error={errors.name}>
              <input id="auth-name" className="input" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} placeholder="Ada Lovelace" />
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
          <FieldShell htmlFor="auth-password" label="Password" error={errors.password} hint={mode === 'signup' ? 'At least 8 characters.' : undefined}>
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
