import { createRouter, createWebHistory, type RouteLocationNormalized, type Router } from 'vue-router';
import CampaignListPage from './pages/CampaignListPage.vue';
import { isSignedIn, type SignedAudience } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title WeChat shows in its bar. */
    title?: string;
    /** Who must be signed in: a donor (WeChat) or staff. */
    auth?: SignedAudience;
    /** Which tab bar the page sits under. */
    tabs?: 'donor' | 'staff';
  }
}

/** Every page but the first is loaded when it is first opened, so the first screen comes up fast. */
export const routes = [
  { path: '/', name: 'campaigns', component: CampaignListPage, meta: { title: '善筹', tabs: 'donor' } },
  {
    path: '/campaigns/:slug',
    name: 'campaign',
    component: () => import('./pages/CampaignPage.vue'),
    meta: { title: '项目详情' },
  },
  {
    path: '/campaigns/:slug/donate',
    name: 'donate',
    component: () => import('./pages/DonatePage.vue'),
    meta: { title: '我要捐款', auth: 'donor' },
  },
  {
    path: '/donations/:receiptNo',
    name: 'donation',
    component: () => import('./pages/DonationResultPage.vue'),
    meta: { title: '捐赠结果', auth: 'donor' },
  },
  {
    path: '/donations/:receiptNo/certificate',
    name: 'certificate',
    component: () => import('./pages/CertificatePage.vue'),
    meta: { title: '电子捐赠证书', auth: 'donor' },
  },
  {
    path: '/me',
    name: 'me',
    component: () => import('./pages/MePage.vue'),
    meta: { title: '我的', tabs: 'donor' },
  },
  {
    path: '/me/donations',
    name: 'my-donations',
    component: () => import('./pages/MyDonationsPage.vue'),
    meta: { title: '我的捐赠', auth: 'donor' },
  },
  {
    path: '/me/phone',
    name: 'my-phone',
    component: () => import('./pages/MyPhonePage.vue'),
    meta: { title: '绑定手机号', auth: 'donor' },
  },
  {
    path: '/me/statement',
    name: 'statement',
    component: () => import('./pages/YearlyStatementPage.vue'),
    meta: { title: '年度捐赠汇总', auth: 'donor' },
  },
  {
    path: '/ledger',
    name: 'ledger',
    component: () => import('./pages/LedgerPage.vue'),
    meta: { title: '公开账本', tabs: 'donor' },
  },
  {
    path: '/notices',
    name: 'fund-notices',
    component: () => import('./pages/FundNoticesPage.vue'),
    meta: { title: '资金公示' },
  },
  {
    path: '/ledger/verify',
    name: 'ledger-verify',
    component: () => import('./pages/LedgerVerifyPage.vue'),
    meta: { title: '账本核验' },
  },
  {
    path: '/signin',
    name: 'signin',
    component: () => import('./pages/SignInPage.vue'),
    meta: { title: '微信登录' },
  },
  {
    path: '/oauth-callback',
    name: 'oauth-callback',
    component: () => import('./pages/OAuthCallbackPage.vue'),
    meta: { title: '正在登录' },
  },
  {
    path: '/staff/login',
    name: 'staff-login',
    component: () => import('./pages/StaffLoginPage.vue'),
    meta: { title: '工作人员登录' },
  },
  {
    path: '/admin',
    name: 'admin',
    component: () => import('./admin/AdminOverviewPage.vue'),
    meta: { title: '数据总览', auth: 'staff' },
  },
  {
    path: '/outreach',
    name: 'outreach',
    component: () => import('./outreach/EventsPage.vue'),
    meta: { title: '志愿服务', tabs: 'donor' },
  },
  {
    path: '/outreach/events/:id',
    name: 'outreach-event',
    component: () => import('./outreach/EventPage.vue'),
    meta: { title: '活动详情' },
  },
  {
    path: '/outreach/register',
    name: 'volunteer-register',
    component: () => import('./outreach/RegisterPage.vue'),
    meta: { title: '志愿者登记', auth: 'donor' },
  },
  {
    path: '/outreach/me',
    name: 'my-volunteer',
    component: () => import('./outreach/MyVolunteerPage.vue'),
    meta: { title: '我的志愿服务', auth: 'donor' },
  },
  {
    path: '/outreach/scan',
    name: 'outreach-scan',
    component: () => import('./outreach/ScanPage.vue'),
    meta: { title: '扫码签到' },
  },
  {
    path: '/outreach/certificates/verify',
    name: 'volunteer-certificate-verify',
    component: () => import('./outreach/CertificateVerifyPage.vue'),
    meta: { title: '核验志愿服务证明' },
  },
  {
    path: '/outreach/certificates/:no',
    name: 'volunteer-certificate',
    component: () => import('./outreach/VolunteerCertificatePage.vue'),
    meta: { title: '志愿服务证明', auth: 'donor' },
  },
  {
    path: '/staff',
    name: 'staff-home',
    component: () => import('./staff/StaffHomePage.vue'),
    meta: { title: '工作台', auth: 'staff', tabs: 'staff' },
  },
  {
    path: '/staff/events',
    name: 'staff-events',
    component: () => import('./staff/StaffEventsPage.vue'),
    meta: { title: '活动与签到', auth: 'staff', tabs: 'staff' },
  },
  {
    path: '/staff/events/:id',
    name: 'staff-event',
    component: () => import('./staff/StaffEventPage.vue'),
    meta: { title: '活动签到', auth: 'staff' },
  },
  {
    path: '/staff/scan',
    name: 'staff-scan',
    component: () => import('./staff/StaffScanPage.vue'),
    meta: { title: '扫码', auth: 'staff', tabs: 'staff' },
  },
  {
    path: '/staff/register',
    name: 'staff-register',
    component: () => import('./staff/StaffRegisterPage.vue'),
    meta: { title: '登记物品', auth: 'staff' },
  },
  {
    path: '/staff/disinfect',
    name: 'staff-disinfect',
    component: () => import('./staff/StaffDisinfectPage.vue'),
    meta: { title: '批量消毒', auth: 'staff' },
  },
  {
    path: '/staff/pack',
    name: 'staff-pack',
    component: () => import('./staff/StaffPackPage.vue'),
    meta: { title: '打包', auth: 'staff' },
  },
  {
    path: '/staff/deliver',
    name: 'staff-deliver',
    component: () => import('./staff/StaffDeliverPage.vue'),
    meta: { title: '发放到户', auth: 'staff' },
  },
  {
    path: '/staff/stock',
    name: 'staff-stock',
    component: () => import('./staff/StaffStockPage.vue'),
    meta: { title: '库存', auth: 'staff', tabs: 'staff' },
  },
  {
    path: '/staff/labels',
    name: 'staff-labels',
    component: () => import('./staff/StaffLabelsPage.vue'),
    meta: { title: '打印标签', auth: 'staff' },
  },
  {
    path: '/goods/offer',
    name: 'goods-offer',
    component: () => import('./goods/OfferGoodsPage.vue'),
    meta: { title: '我要捐物', auth: 'donor' },
  },
  {
    path: '/goods/mine',
    name: 'my-goods',
    component: () => import('./goods/MyGoodsPage.vue'),
    meta: { title: '我的捐物', auth: 'donor' },
  },
  {
    path: '/goods/track',
    name: 'goods-track',
    component: () => import('./goods/TrackGoodsPage.vue'),
    meta: { title: '物资去向' },
  },
  {
    path: '/:rest(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: '页面不存在' },
  },
] as const;

/** Where someone who must sign in first is sent: WeChat for donors, the sign-in form for staff. */
export function signInRoute(to: RouteLocationNormalized) {
  if (to.meta.auth === 'staff') return { name: 'staff-login', query: { redirect: to.fullPath } };
  return { name: 'signin', query: { redirect: to.fullPath } };
}

export function createH5Router(history = createWebHistory('/h5/')): Router {
  const router = createRouter({
    history,
    routes: [...routes],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  router.beforeEach((to) => {
    if (to.meta.auth && !isSignedIn(to.meta.auth)) return signInRoute(to);
    return true;
  });
  router.afterEach((to) => {
    document.title = to.meta.title ?? '善筹';
  });
  return router;
}
