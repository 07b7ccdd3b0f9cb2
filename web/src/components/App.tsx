import { AccountPage } from '../pages/AccountPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { SignupPage } from '../pages/SignupPage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';
import { useLocation } from './router';

/** Picks the page for the current path. */
export function App() {
  const { pathname, search } = useLocation();
  switch (pathname.replace(/\/+$/, '') || '/') {
    case '/':
      return <AccountPage />;
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
