/** The app bar: brand on the left, whatever the screen puts in the middle, theme and account (API tokens, sign out) on the right. */
import { useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Logo } from './Logo';
import { ThemeToggle } from './ThemeToggle';
import { Avatar } from './Avatar';
import { Menu } from './Menu';
import { useSession, useUser } from '../features/auth/session';
import { TokensDialog } from '../features/account/TokensDialog';
import { SessionsDialog } from '../features/account/SessionsDialog';
import { InboxBell } from '../features/notifications/InboxBell';

export function TopBar({ children, right }: { children?: ReactNode; right?: ReactNode }) {
  const user = useUser();
  const { signOut } = useSession();
  const [tokensOpen, setTokensOpen] = useState(false);
  const [sessionsOpen, setSessionsOpen] = useState(false);
  return (
    <header className="topbar">
      <a className="brand" href="#/" aria-label="Tranche: all boards">
        <Logo size={26} />
        <span className="brand-name">Tranche</span>
      </a>
      <div className="topbar-main">{children}</div>
      <div className="topbar-right">
        {right}
        <InboxBell userId={user.id} />
        <ThemeToggle />
        <Menu
          label={`Account: ${user.name}`}
          className="account-btn"
          trigger={<Avatar id={user.id} name={user.name} size={28} />}
          items={[
            { label: user.email, disabled: true, onSelect: () => undefined },
            'separator',
            { label: 'API tokens…', icon: 'key', onSelect: () => setTokensOpen(true) },
            { label: 'Signed-in devices…', icon: 'logout', onSelect: () => setSessionsOpen(true) },
            { label: 'Sign out', icon: 'logout', onSelect: () => void signOut() },
          ]}
        />
      </div>
      {/* Outside the header, so header styles (narrow layouts hide its badges) do not reach the dialog. */}
      {tokensOpen ? createPortal(<TokensDialog onClose={() => setTokensOpen(false)} />, document.body) : null}
      {sessionsOpen ? createPortal(<SessionsDialog onClose={() => setSessionsOpen(false)} />, document.body) : null}
    </header>
  );
}
