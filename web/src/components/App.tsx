import { AcceptInvitationPage } from '../pages/AcceptInvitationPage';
import { AccountPage } from '../pages/AccountPage';
import { ClusterPage } from '../pages/ClusterPage';
import { ClustersPage } from '../pages/ClustersPage';
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { OrgPage } from '../pages/OrgPage';
import { ResetPasswordPage } from '../pages/ResetPasswordPage';
import { SignupPage } from '../pages/SignupPage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';
import { useLocation } from './router';

const CLUSTER_PATH = /^\/clusters\/([0-9a-f-]{36})$/i;

/** Picks the page for the current path. */
export function App() {
  const { pathname, search } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/';
  const cluster = CLUSTER_PATH.exec(path);
  if (cluster) return <ClusterPage key={cluster[1]} clusterId={cluster[1]} />;
  switch (path) {
    case '/':
      return <AccountPage />;
    case '/org':
      return <OrgPage />;
    case '/clusters':
      return <ClustersPage />;
    case '/notifications':
      return <NotificationsPage />;
    case '/invitations/accept':
      return <AcceptInvitationPage search={search} />;
    case '/login':
      return <LoginPage />;
    case '/forgot-password':
      return <ForgotPasswordPage />;
    case '/reset-password':
      return <ResetPasswordPage search={search} />;
    case '/signup':
      return <SignupPage />;
    case '/verify-email':
      return <VerifyEmailPage search={search} />;
    default:
      return <NotFoundPage />;
  }
}
