import { createRouter, createWebHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router';
import { rolesFor } from './menu';
import { session, type Role } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page's name in the breadcrumbs and the tab title. */
    title?: string;
    /** Who may open it; anyone signed in when absent. */
    roles?: readonly Role[];
    /** The breadcrumb above this page (its list). */
    parent?: { title: string; path: string };
    /** Open without signing in (the sign-in page). */
    public?: boolean;
  }
}

const campaigns = { title: '项目管理', path: '/campaigns' };
const fundRequests = { title: '资金申请', path: '/fund-requests' };
const remittances = { title: '线下汇款', path: '/remittances' };
const offlineGift = { title: '登记个人捐赠', path: '/offline-gifts/new' };

export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { title: '登录', public: true } },
  {
    path: '/',
    component: () => import('./layout/ConsoleLayout.vue'),
    children: [
      { path: '', component: () => import('./pages/HomePage.vue'), meta: { title: '首页' } },
      {
        path: 'campaigns',
        component: () => import('./pages/CampaignsPage.vue'),
        meta: { title: '项目管理', roles: rolesFor('/campaigns') },
      },
      {
        path: 'campaigns/new',
        component: () => import('./pages/CampaignEditPage.vue'),
        meta: { title: '新建项目', roles: ['DISTRICT_ADMIN'], parent: campaigns },
      },
      {
        path: 'campaigns/:slug',
        component: () => import('./pages/CampaignDetailPage.vue'),
        props: true,
        meta: { title: '项目详情', roles: rolesFor('/campaigns'), parent: campaigns },
      },
      {
        path: 'campaigns/:slug/edit',
        component: () => import('./pages/CampaignEditPage.vue'),
        props: true,
        meta: { title: '编辑项目', roles: ['DISTRICT_ADMIN'], parent: campaigns },
      },
      {
        path: 'donations',
        component: () => import('./pages/DonationsPage.vue'),
        meta: { title: '捐赠查询', roles: rolesFor('/donations') },
      },
      {
        path: 'fund-requests',
        component: () => import('./pages/FundRequestsPage.vue'),
        meta: { title: '资金申请', roles: rolesFor('/fund-requests') },
      },
      {
        path: 'fund-requests/new',
        component: () => import('./pages/FundRequestNewPage.vue'),
        meta: {
          title: '上报资金申请',
          roles: ['DISTRICT_ADMIN', 'TOWN_OPERATOR', 'VILLAGE_OPERATOR'],
          parent: fundRequests,
        },
      },
      {
        path: 'fund-requests/:id',
        component: () => import('./pages/FundRequestDetailPage.vue'),
        props: true,
        meta: { title: '资金申请详情', roles: rolesFor('/fund-requests'), parent: fundRequests },
      },
      {
        path: 'remittances',
        component: () => import('./pages/RemittancesPage.vue'),
        meta: { title: '线下汇款', roles: rolesFor('/remittances') },
      },
      {
        path: 'remittances/new',
        component: () => import('./pages/RemittanceNewPage.vue'),
        meta: { title: '录入线下汇款', roles: ['DISTRICT_ADMIN', 'TOWN_OPERATOR'], parent: remittances },
      },
      {
        path: 'remittances/:id',
        component: () => import('./pages/RemittanceDetailPage.vue'),
        props: true,
        meta: { title: '线下汇款详情', roles: rolesFor('/remittances'), parent: remittances },
      },
      { path: 'offline-gifts', redirect: '/offline-gifts/new' },
      {
        path: 'offline-gifts/new',
        component: () => import('./pages/OfflineGiftNewPage.vue'),
        meta: { title: '登记个人捐赠', roles: rolesFor('/offline-gifts/new') },
      },
      {
        // Printed on the spot, and again later by its receipt number.
        path: 'offline-gifts/:receiptNo/receipt',
        component: () => import('./pages/OfflineGiftReceiptPage.vue'),
        props: true,
        meta: { title: '捐赠收据', roles: rolesFor('/offline-gifts/new'), parent: offlineGift },
      },
      {
        path: 'official-receipts',
        component: () => import('./pages/OfficialReceiptsPage.vue'),
        meta: { title: '捐赠票据', roles: rolesFor('/official-receipts') },
      },
      {
        path: 'reconciliation',
        component: () => import('./pages/ReconciliationPage.vue'),
        meta: { title: '对账', roles: rolesFor('/reconciliation') },
      },
      {
        path: 'bank-statements',
        component: () => import('./pages/BankStatementsPage.vue'),
        meta: { title: '银行流水对账', roles: rolesFor('/bank-statements') },
      },
      {
        path: 'participation',
        component: () => import('./pages/ParticipationPage.vue'),
        meta: { title: '参与情况', roles: rolesFor('/participation') },
      },
      {
        path: 'jobs',
        component: () => import('./pages/DeadJobsPage.vue'),
        meta: { title: '失败任务', roles: rolesFor('/jobs') },
      },
      {
        path: 'goods',
        component: () => import('./pages/GoodsPage.vue'),
        meta: { title: '物资', roles: rolesFor('/goods') },
      },
      {
        path: 'households',
        component: () => import('./pages/HouseholdsPage.vue'),
        meta: { title: '贫困户', roles: rolesFor('/households') },
      },
      {
        path: 'needs',
        component: () => import('./pages/NeedsPage.vue'),
        meta: { title: '帮扶需求', roles: rolesFor('/needs') },
      },
      {
        path: 'offers',
        component: () => import('./pages/OffersPage.vue'),
        meta: { title: '捐赠意向', roles: rolesFor('/offers') },
      },
      {
        path: 'events',
        component: () => import('./pages/EventsPage.vue'),
        meta: { title: '下乡活动', roles: rolesFor('/events') },
      },
      {
        path: 'staff',
        component: () => import('./pages/StaffPage.vue'),
        meta: { title: '人员管理', roles: rolesFor('/staff') },
      },
      {
        path: 'organizations',
        component: () => import('./pages/OrganizationsPage.vue'),
        meta: { title: '组织', roles: rolesFor('/organizations') },
      },
      {
        path: 'audit',
        component: () => import('./pages/AuditLogPage.vue'),
        meta: { title: '操作日志', roles: rolesFor('/audit') },
      },
      {
        path: 'exports',
        component: () => import('./pages/ExportsPage.vue'),
        meta: { title: '数据导出', roles: rolesFor('/exports') },
      },
      { path: 'account', component: () => import('./pages/MyAccountPage.vue'), meta: { title: '我的账号' } },
      { path: 'password', component: () => import('./pages/PasswordPage.vue'), meta: { title: '修改密码' } },
      { path: ':rest(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '找不到页面' } },
    ],
  },
];

/** The console's router: history mode under /admin/, so every page has its own address. */
export function createConsoleRouter(history: RouterHistory = createWebHistory('/admin/')): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
  router.beforeEach((to) => {
    const current = session.current;
    if (to.meta.public) return current && to.path === '/login' ? '/' : true;
    if (!current) return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    if (to.meta.roles && !to.meta.roles.includes(current.role)) return '/';
    return true;
  });
  router.afterEach((to) => {
    document.title = `${to.meta.title ?? '后台'} · 善筹区众筹管理中心`;
  });
  return router;
}
