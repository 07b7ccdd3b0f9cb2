import { AcceptInvitationPage } from '../pages/AcceptInvitationPage';
import { AccountPage } from '../pages/AccountPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { OrgPage } from '../pages/OrgPage';
import { SignupPage } from '../pages/SignupPage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';
import { useLocation } from './router';

/** Picks the page for the current path. */
export function App() {
  const { pathname, search } = useLocation();
  switch (pathname.replace(/\/+$/, '') || '/') {
    case '/':
      return <AccountPage />;
    case '/org':
      return <OrgPage />;
    case '/invitations/accept':
      return <AcceptInvitationPage search={search} />;
    case '/login':
      return <LoginPage />;
    case '/signup':
      return <SignupPage />;
    case '/verify-email':
      return <VerifyEmailPage search={search} />;
    default:
      return <NotFoundPage />;
  }
}
