import { Spin } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { LoginPage } from '../features/login/LoginPage';
import { type Area, canAccess } from './access';
import { apiNavigation } from './api';
import { useAuth } from './auth';

// Everything but the login page loads on first visit, so the login page stays small (BENCHMARKS.md "Console
// load"): the signed-in layout (menu, icons), the home page, the password change, and each feature screen.
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })));
const HomePage = lazy(() => import('../features/home/HomePage').then((m) => ({ default: m.HomePage })));
const UnlockPage = lazy(() => import('../features/login/UnlockPage').then((m) => ({ default: m.UnlockPage })));
const ChangePasswordPage = lazy(() =>
  import('../features/login/ChangePasswordPage').then((m) => ({ default: m.ChangePasswordPage })),
);
const DepartmentsPage = lazy(() =>
  import('../features/departments/DepartmentsPage').then((m) => ({ default: m.DepartmentsPage })),
);
const EmployeesPage = lazy(() =>
  import('../features/employees/EmployeesPage').then((m) => ({ default: m.EmployeesPage })),
);
const ServiceTypesPage = lazy(() =>
  import('../features/service-types/ServiceTypesPage').then((m) => ({ default: m.ServiceTypesPage })),
);
const ApiKeysPage = lazy(() => import('../features/api-keys/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })));
const TemplatesPage = lazy(() =>
  import('../features/templates/TemplatesPage').then((m) => ({ default: m.TemplatesPage })),
);
const TemplateEditorPage = lazy(() =>
  import('../features/templates/TemplateEditorPage').then((m) => ({ default: m.TemplateEditorPage })),
);
const AlertRulesPage = lazy(() =>
  import('../features/alert-rules/AlertRulesPage').then((m) => ({ default: m.AlertRulesPage })),
);
const KeywordDictionaryPage = lazy(() =>
  import('../features/keywords/KeywordDictionaryPage').then((m) => ({ default: m.KeywordDictionaryPage })),
);
const RulesPage = lazy(() => import('../features/rules/RulesPage').then((m) => ({ default: m.RulesPage })));
const FollowUpRulesPage = lazy(() =>
  import('../features/follow-up-rules/FollowUpRulesPage').then((m) => ({ default: m.FollowUpRulesPage })),
);
const WorkOrdersPage = lazy(() =>
  import('../features/work-orders/WorkOrdersPage').then((m) => ({ default: m.WorkOrdersPage })),
);
const MyWorkOrdersPage = lazy(() =>
  import('../features/my-work-orders/MyWorkOrdersPage').then((m) => ({ default: m.MyWorkOrdersPage })),
);
const WorkOrderDetailPage = lazy(() =>
  import('../features/work-orders/WorkOrderDetailPage').then((m) => ({ default: m.WorkOrderDetailPage })),
);
const WorkflowEditorPage = lazy(() =>
  import('../features/workflows/WorkflowEditorPage').then((m) => ({ default: m.WorkflowEditorPage })),
);
const ChannelsPage = lazy(() => import('../features/channels/ChannelsPage').then((m) => ({ default: m.ChannelsPage })));
const MessageTemplatesPage = lazy(() =>
  import('../features/message-templates/MessageTemplatesPage').then((m) => ({ default: m.MessageTemplatesPage })),
);
const InvitationsPage = lazy(() =>
  import('../features/invitations/InvitationsPage').then((m) => ({ default: m.InvitationsPage })),
);
const SandboxPage = lazy(() => import('../features/sandbox/SandboxPage').then((m) => ({ default: m.SandboxPage })));
const SystemPage = lazy(() => import('../features/system/SystemPage').then((m) => ({ default: m.SystemPage })));
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const WebhookEndpointPage = lazy(() =>
  import('../features/webhooks/WebhookEndpointPage').then((m) => ({ default: m.WebhookEndpointPage })),
);
const DashboardPage = lazy(() =>
  import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const RatingsPage = lazy(() => import('../features/ratings/RatingsPage').then((m) => ({ default: m.RatingsPage })));
const RatingDetailPage = lazy(() =>
  import('../features/ratings/RatingDetailPage').then((m) => ({ default: m.RatingDetailPage })),
);
const MemberPage = lazy(() => import('../features/members/MemberPage').then((m) => ({ default: m.MemberPage })));
const MyReportPage = lazy(() => import('../features/members/MemberPage').then((m) => ({ default: m.MyReportPage })));
const RankingsPage = lazy(() => import('../features/rankings/RankingsPage').then((m) => ({ default: m.RankingsPage })));
const StoresPage = lazy(() => import('../features/stores/StoresPage').then((m) => ({ default: m.StoresPage })));
const StorePage = lazy(() => import('../features/stores/StorePage').then((m) => ({ default: m.StorePage })));
const TouchpointsPage = lazy(() =>
  import('../features/touchpoints/TouchpointsPage').then((m) => ({ default: m.TouchpointsPage })),
);
const ExportsPage = lazy(() => import('../features/exports/ExportsPage').then((m) => ({ default: m.ExportsPage })));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const CasesPage = lazy(() => import('../features/cases/CasesPage').then((m) => ({ default: m.CasesPage })));
const CaseDetailPage = lazy(() =>
  import('../features/cases/CaseDetailPage').then((m) => ({ default: m.CaseDetailPage })),
);
const SlaPoliciesPage = lazy(() =>
  import('../features/sla/SlaPoliciesPage').then((m) => ({ default: m.SlaPoliciesPage })),
);
const BusinessCalendarsPage = lazy(() =>
  import('../features/sla/BusinessCalendarsPage').then((m) => ({ default: m.BusinessCalendarsPage })),
);
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const MyFollowUpsPage = lazy(() =>
  import('../features/follow-ups/MyFollowUpsPage').then((m) => ({ default: m.MyFollowUpsPage })),
);
const FollowUpTaskPage = lazy(() =>
  import('../features/follow-ups/FollowUpTaskPage').then((m) => ({ default: m.FollowUpTaskPage })),
);
const FollowUpTeamPage = lazy(() =>
  import('../features/follow-ups/FollowUpTeamPage').then((m) => ({ default: m.FollowUpTeamPage })),
);
const FollowUpSettingsPage = lazy(() =>
  import('../features/follow-ups/FollowUpSettingsPage').then((m) => ({ default: m.FollowUpSettingsPage })),
);
const OrganisationPage = lazy(() =>
  import('../features/organisation/OrganisationPage').then((m) => ({ default: m.OrganisationPage })),
);
const PrivacyPage = lazy(() => import('../features/privacy/PrivacyPage').then((m) => ({ default: m.PrivacyPage })));

function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** Lets the fetch wrapper redirect on 401 / must-change-password from anywhere. */
function ApiNavigationBridge() {
  const navigate = useNavigate();
  const location = useLocation();
  const { setSession, session } = useAuth();
  useEffect(() => {
    apiNavigation.onUnauthorized = () => {
      setSession(null);
      if (location.pathname !== '/login') navigate('/login', { replace: true });
    };
    apiNavigation.onMustChangePassword = () => {
      if (session) setSession({ ...session, mustChangePassword: true });
      navigate('/change-password', { replace: true });
    };
    apiNavigation.onLocked = () => {
      if (session && !session.locked) setSession({ ...session, locked: true });
      if (location.pathname !== '/unlock') navigate('/unlock', { replace: true });
    };
  }, [navigate, location.pathname, setSession, session]);
  return null;
}

function RequireSession() {
  const { session, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  // Pad mode: the server answers nothing but the lock screen's calls until the engineer's password.
  if (session.locked) return <Navigate to="/unlock" replace />;
  if (session.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <Outlet />;
}

function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const { session } = useAuth();
  if (!canAccess(session?.user.roles, area)) return <Navigate to="/" replace />;
  return children;
}

function LoginRoute() {
  const { session, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  // Signed in: back to the page (with its query string) that sent the user here, as LoginPage does.
  const from = (location.state as { from?: string } | null)?.from;
  const back = from?.startsWith('/') && !from.startsWith('//') ? from : '/';
  if (session?.locked) return <Navigate to="/unlock" replace />;
  if (session) return <Navigate to={session.mustChangePassword ? '/change-password' : back} replace />;
  return <LoginPage />;
}

/** Pad mode's lock screen: only for a locked session; anyone else goes where they belong. */
function UnlockRoute() {
  const { session, loading } = useAuth();
  if (loading) return <FullPageSpin />;
  if (!session) return <Navigate to="/login" replace />;
  // Just unlocked: back to the work order the device was handed over from (the unlock answer names it).
  if (!session.locked)
    return <Navigate to={session.padWorkOrderId ? `/work-orders/${session.padWorkOrderId}` : '/'} replace />;
  return (
    <Suspense fallback={<FullPageSpin />}>
      <UnlockPage />
    </Suspense>
  );
}

function ChangePasswordRoute() {
  const { session, loading } = useAuth();
  if (loading) return <FullPageSpin />;
  if (!session) return <Navigate to="/login" replace />;
  if (session.locked) return <Navigate to="/unlock" replace />;
  return (
    <Suspense fallback={<FullPageSpin />}>
      <ChangePasswordPage />
    </Suspense>
  );
}

function SignedInLayout() {
  return (
    <Suspense fallback={<FullPageSpin />}>
      <AppLayout />
    </Suspense>
  );
}

export function AppRoutes() {
  return (
    <>
      <ApiNavigationBridge />
      <Routes>
        <Route path="/login" element={<LoginRoute />} />
        <Route path="/change-password" element={<ChangePasswordRoute />} />
        <Route path="/unlock" element={<UnlockRoute />} />
        <Route element={<RequireSession />}>
          <Route element={<SignedInLayout />}>
            <Route index element={<HomePage />} />
            <Route
              path="dashboard"
              element={
                <RequireArea area="analytics">
                  <DashboardPage />
                </RequireArea>
              }
            />
            <Route
              path="ratings"
              element={
                <RequireArea area="analytics">
                  <RatingsPage />
                </RequireArea>
              }
            />
            <Route
              path="ratings/:id"
              element={
                <RequireArea area="analytics">
                  <RatingDetailPage />
                </RequireArea>
              }
            />
            <Route
              path="org/departments"
              element={
                <RequireArea area="departments">
                  <DepartmentsPage />
                </RequireArea>
              }
            />
            <Route
              path="org/employees"
              element={
                <RequireArea area="employees">
                  <EmployeesPage />
                </RequireArea>
              }
            />
            <Route
              path="org/service-types"
              element={
                <RequireArea area="serviceTypes">
                  <ServiceTypesPage />
                </RequireArea>
              }
            />
            <Route
              path="org/service-types/:id/workflow"
              element={
                <RequireArea area="serviceTypes">
                  <WorkflowEditorPage />
                </RequireArea>
              }
            />
            <Route
              path="work-orders"
              element={
                <RequireArea area="workOrders">
                  <WorkOrdersPage />
                </RequireArea>
              }
            />
            <Route
              path="my-work-orders"
              element={
                <RequireArea area="workOrders">
                  <MyWorkOrdersPage />
                </RequireArea>
              }
            />
            <Route
              path="work-orders/:id"
              element={
                <RequireArea area="workOrders">
                  <WorkOrderDetailPage />
                </RequireArea>
              }
            />
            <Route
              path="cases"
              element={
                <RequireArea area="cases">
                  <CasesPage />
                </RequireArea>
              }
            />
            <Route
              path="cases/:id"
              element={
                <RequireArea area="cases">
                  <CaseDetailPage />
                </RequireArea>
              }
            />
            <Route
              path="follow-ups"
              element={
                <RequireArea area="followUps">
                  <MyFollowUpsPage />
                </RequireArea>
              }
            />
            <Route
              path="follow-ups/tasks/:id"
              element={
                <RequireArea area="followUps">
                  <FollowUpTaskPage />
                </RequireArea>
              }
            />
            <Route
              path="follow-ups/team"
              element={
                <RequireArea area="followUpTeam">
                  <FollowUpTeamPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/follow-ups"
              element={
                <RequireArea area="followUpSettings">
                  <FollowUpSettingsPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/organisation"
              element={
                <RequireArea area="organisation">
                  <OrganisationPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/privacy"
              element={
                <RequireArea area="privacy">
                  <PrivacyPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/sla-policies"
              element={
                <RequireArea area="sla">
                  <SlaPoliciesPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/alert-rules"
              element={
                <RequireArea area="alertRules">
                  <AlertRulesPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/keyword-dictionary"
              element={
                <RequireArea area="keywordDictionary">
                  <KeywordDictionaryPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/business-calendars"
              element={
                <RequireArea area="sla">
                  <BusinessCalendarsPage />
                </RequireArea>
              }
            />
            <Route
              path="invitations"
              element={
                <RequireArea area="invitations">
                  <InvitationsPage />
                </RequireArea>
              }
            />
            <Route
              path="rating/templates"
              element={
                <RequireArea area="templates">
                  <TemplatesPage />
                </RequireArea>
              }
            />
            <Route
              path="rating/templates/:id"
              element={
                <RequireArea area="templates">
                  <TemplateEditorPage />
                </RequireArea>
              }
            />
            <Route
              path="rating/rules"
              element={
                <RequireArea area="rules">
                  <RulesPage />
                </RequireArea>
              }
            />
            <Route
              path="rating/follow-up-rules"
              element={
                <RequireArea area="rules">
                  <FollowUpRulesPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/api-keys"
              element={
                <RequireArea area="apiKeys">
                  <ApiKeysPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/channels"
              element={
                <RequireArea area="channels">
                  <ChannelsPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/message-templates"
              element={
                <RequireArea area="messageTemplates">
                  <MessageTemplatesPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/sandbox"
              element={
                <RequireArea area="sandbox">
                  <SandboxPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/stores"
              element={
                <RequireArea area="analytics">
                  <StoresPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/stores/:store"
              element={
                <RequireArea area="analytics">
                  <StorePage />
                </RequireArea>
              }
            />
            <Route
              path="settings/touchpoints"
              element={
                <RequireArea area="serviceTypes">
                  <TouchpointsPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/engineers/:id"
              element={
                <RequireArea area="analytics">
                  <MemberPage by="engineer" />
                </RequireArea>
              }
            />
            <Route
              path="analytics/departments/:id"
              element={
                <RequireArea area="analytics">
                  <MemberPage by="department" />
                </RequireArea>
              }
            />
            <Route
              path="my-report"
              element={
                <RequireArea area="myReport">
                  <MyReportPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/rankings"
              element={
                <RequireArea area="analytics">
                  <RankingsPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/exports"
              element={
                <RequireArea area="exports">
                  <ExportsPage />
                </RequireArea>
              }
            />
            <Route
              path="analytics/reports"
              element={
                <RequireArea area="reports">
                  <ReportsPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/audit"
              element={
                <RequireArea area="audit">
                  <AuditPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/system"
              element={
                <RequireArea area="system">
                  <SystemPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/webhooks"
              element={
                <RequireArea area="webhooks">
                  <WebhooksPage />
                </RequireArea>
              }
            />
            <Route
              path="settings/webhooks/:id"
              element={
                <RequireArea area="webhooks">
                  <WebhookEndpointPage />
                </RequireArea>
              }
            />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Route>
      </Routes>
    </>
  );
}
