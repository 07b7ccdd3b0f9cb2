import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { NavigationBridge, useLocation } from '../components/router';
import { AcceptInvitationPage } from '../pages/AcceptInvitationPage';
import { AccountPage } from '../pages/AccountPage';
import { CloudAccountsPage } from '../pages/CloudAccountsPage';
import { ClusterPage } from '../pages/ClusterPage';
import { ClustersPage } from '../pages/ClustersPage';
import { DashboardPage } from '../pages/DashboardPage';
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage';
import { LoginPage } from '../pages/LoginPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { NotificationPreferencesPage } from '../pages/NotificationPreferencesPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { OrgPage } from '../pages/OrgPage';
import { ResetPasswordPage } from '../pages/ResetPasswordPage';
import { SignupPage } from '../pages/SignupPage';
import { StoragePage } from '../pages/StoragePage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';
import { queryClient } from './query-client';
import { Shell } from './Shell';

/** The signed-out pages that read their token from the query string. */
function WithSearch({ page: Page }: { page: (props: { search: string }) => React.ReactNode }) {
  const { search } = useLocation();
  return <Page search={search} />;
}

/** The router and the query cache around every page; the signed-in ones sit in the shell. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <NavigationBridge />
        <Routes>
          <Route element={<Shell />}>
            <Route index element={<DashboardPage />} />
            <Route path="clusters" element={<ClustersPage />} />
            <Route path="clusters/:clusterId" element={<ClusterPage />} />
            <Route path="cloud-accounts" element={<CloudAccountsPage />} />
            <Route path="storage" element={<StoragePage />} />
            <Route path="org" element={<OrgPage />} />
            <Route path="notifications" element={<NotificationsPage />} />
            <Route path="notifications/preferences" element={<NotificationPreferencesPage />} />
            <Route path="account" element={<AccountPage />} />
          </Route>
          <Route path="invitations/accept" element={<WithSearch page={AcceptInvitationPage} />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="forgot-password" element={<ForgotPasswordPage />} />
          <Route path="reset-password" element={<WithSearch page={ResetPasswordPage} />} />
          <Route path="signup" element={<SignupPage />} />
          <Route path="verify-email" element={<WithSearch page={VerifyEmailPage} />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
