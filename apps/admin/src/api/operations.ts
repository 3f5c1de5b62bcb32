/**
 * Every GraphQL document the console sends, and nothing else: test/h5-operation-limits.e2e-spec.ts
 * weighs each against the server's limits. Page sizes are written into the documents (not passed
 * as variables), so that what the test weighs is what the console sends.
 */
import type { Role } from '../session';

const STAFF_FIELDS = 'id username displayName role enabled region { code name level }';

export const LOGIN = `mutation ConsoleLogin($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt viewer { staff { ${STAFF_FIELDS} } } }
}`;
export const LOGOUT = `mutation ConsoleLogout { logout }`;
export const ME = `query ConsoleMe { me { staff { ${STAFF_FIELDS} } } }`;
export const CHANGE_MY_PASSWORD = `mutation ConsoleChangeMyPassword($currentPassword: String!, $newPassword: String!) {
  changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) { id }
}`;

export interface RegionRef {
  code: string;
  name: string;
  level: 'DISTRICT' | 'TOWN' | 'VILLAGE';
}
export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  enabled: boolean;
  region: RegionRef;
}
export interface Session {
  token: string;
  expiresAt: string;
  viewer: { staff: Staff | null };
}

// ---- 首页
export const OVERVIEW = `query ConsoleOverview {
  fundraisingOverview {
    raisedFen donationCount personalFen rootUnitsFen
    byCampaign { campaignId slug title kind status raisedFen donationCount goalFen }
    byRegion { regionCode regionName raisedFen donationCount organizations }
  }
}`;
export interface Overview {
  raisedFen: number;
  donationCount: number;
  personalFen: number;
  rootUnitsFen: number;
  byCampaign: {
    campaignId: string;
    slug: string;
    title: string;
    kind: CampaignKind;
    status: CampaignStatus;
    raisedFen: number;
    donationCount: number;
    goalFen: number | null;
  }[];
  byRegion: {
    regionCode: string;
    regionName: string;
    raisedFen: number;
    donationCount: number;
    organizations: number;
  }[];
}

// ---- 项目管理
export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'CLOSED';
export type CampaignKind = 'GENERAL' | 'ONE_DAY_PAY' | 'PARTY_DUES' | 'PROJECT';
const CAMPAIGN_FIELDS = `id slug title kind status story goalFen raisedFen matchedFen donationCount
  minAmountFen maxAmountFen fixedAmountFen suggestedAmountsFen startsAt endsAt coverImageId coverImageUrl imageIds imageUrls`;
export interface Campaign {
  id: string;
  slug: string;
  title: string;
  kind: CampaignKind;
  status: CampaignStatus;
  story: string | null;
  goalFen: number | null;
  raisedFen: number;
  matchedFen: number;
  donationCount: number;
  minAmountFen: number;
  maxAmountFen: number;
  fixedAmountFen: number | null;
  suggestedAmountsFen: number[];
  startsAt: string | null;
  endsAt: string | null;
  coverImageId: string | null;
  coverImageUrl: string | null;
  imageIds: string[];
  imageUrls: string[];
}
export const CAMPAIGNS = `query ConsoleCampaigns($status: CampaignStatus) { campaigns(status: $status) { ${CAMPAIGN_FIELDS} } }`;
export const CAMPAIGN = `query ConsoleCampaign($slug: String!) { campaign(slug: $slug) { ${CAMPAIGN_FIELDS} } }`;
export const CREATE_CAMPAIGN = `mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) { ${CAMPAIGN_FIELDS} }
}`;
export const UPDATE_CAMPAIGN = `mutation ConsoleUpdateCampaign($campaignId: ID!, $input: UpdateCampaignInput!) {
  updateCampaign(campaignId: $campaignId, input: $input) { ${CAMPAIGN_FIELDS} }
}`;
export const ACTIVATE_CAMPAIGN = `mutation ConsoleActivateCampaign($campaignId: ID!) {
  activateCampaign(campaignId: $campaignId) { ${CAMPAIGN_FIELDS} }
}`;
export const CLOSE_CAMPAIGN = `mutation ConsoleCloseCampaign($campaignId: ID!) {
  closeCampaign(campaignId: $campaignId) { ${CAMPAIGN_FIELDS} }
}`;

// ---- 项目进展
export interface CampaignUpdate {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
  imageUrls: string[];
}
export const CAMPAIGN_UPDATES = `query ConsoleCampaignUpdates($slug: String!) {
  campaign(slug: $slug) { id updates { id title body publishedAt imageUrls } }
}`;
export const PUBLISH_CAMPAIGN_UPDATE = `mutation ConsolePublishCampaignUpdate($input: PublishCampaignUpdateInput!) {
  publishCampaignUpdate(input: $input) { id title body publishedAt imageUrls }
}`;

// ---- 捐赠查询
export type DonationStatus = 'PENDING' | 'PAID' | 'CLOSED' | 'REFUNDING' | 'REFUNDED' | 'REFUND_FAILED' | 'REVERSED';
const DONATION_FIELDS = `id receiptNo amountFen matchedFen status displayName message paidAt refundedAt
  refundFailedAt refundFailureReason ledgerSeq campaign { id slug title } organization { id name }`;
export interface Donation {
  id: string;
  receiptNo: string;
  amountFen: number;
  matchedFen: number;
  status: DonationStatus;
  displayName: string;
  message: string | null;
  paidAt: string | null;
  refundedAt: string | null;
  refundFailedAt: string | null;
  refundFailureReason: string | null;
  ledgerSeq: number | null;
  campaign: { id: string; slug: string; title: string };
  organization: { id: string; name: string } | null;
}
/** searchDonations, one document per page size (the cost depends on it). */
const searchDonations = (
  size: number,
): string => `query ConsoleSearchDonations${size}($filter: DonationSearchInput, $before: String) {
  searchDonations(filter: $filter, before: $before, first: ${size}) { nextBefore donations { ${DONATION_FIELDS} } }
}`;
export const SEARCH_DONATIONS_20 = searchDonations(20);
export const SEARCH_DONATIONS_50 = searchDonations(50);
export const SEARCH_DONATIONS_BY_SIZE: Record<number, string> = {
  20: SEARCH_DONATIONS_20,
  50: SEARCH_DONATIONS_50,
};
/** 100 a page would pass the cost limit (5000). */
export const SEARCH_DONATIONS_PAGE_SIZES = [20, 50];
export interface DonationSearchFilter {
  receiptNo?: string;
  campaignId?: string;
  organizationId?: string;
  status?: DonationStatus[];
  from?: string;
  to?: string;
  minAmountFen?: number;
  maxAmountFen?: number;
}
export interface DonationSearchPage {
  donations: Donation[];
  nextBefore: string | null;
}
/** The campaigns and organisations a search may be narrowed to. */
export const DONATION_SEARCH_CHOICES = `query ConsoleDonationSearchChoices {
  campaigns { id slug title }
  organizations { id name }
}`;
export const FAILED_REFUNDS = `query ConsoleFailedRefunds { failedRefunds { ${DONATION_FIELDS} } }`;
export const REFUND_DONATION = `mutation ConsoleRefundDonation($receiptNo: String!, $reason: String!) {
  refundDonation(receiptNo: $receiptNo, reason: $reason) { ${DONATION_FIELDS} }
}`;
export const RETRY_REFUND = `mutation ConsoleRetryRefund($receiptNo: String!) {
  retryRefund(receiptNo: $receiptNo) { ${DONATION_FIELDS} }
}`;

// ---- 对账
export type DifferenceKind = 'AMOUNT_MISMATCH' | 'MISSING_AT_WECHAT' | 'MISSING_HERE' | 'STATUS_MISMATCH';
export interface ReconciliationReport {
  date: string;
  status: 'BALANCED' | 'DIFFERENCES' | 'FAILED';
  reason: string | null;
  startedAt: string;
  finishedAt: string;
  billSha1: string | null;
  billPaymentCount: number | null;
  billPaymentFen: number | null;
  billRefundCount: number | null;
  billRefundFen: number | null;
  ourPaymentCount: number;
  ourPaymentFen: number;
  ourRefundCount: number;
  ourRefundFen: number;
  differenceCount: number;
  differences: {
    kind: DifferenceKind;
    note: string;
    outTradeNo: string;
    outRefundNo: string | null;
    transactionId: string | null;
    ourAmountFen: number | null;
    billAmountFen: number | null;
  }[];
}
const REPORT_FIELDS = `date status reason startedAt finishedAt billSha1 billPaymentCount billPaymentFen
  billRefundCount billRefundFen ourPaymentCount ourPaymentFen ourRefundCount ourRefundFen differenceCount
  differences { kind note outTradeNo outRefundNo transactionId ourAmountFen billAmountFen }`;
export const RECONCILIATION_REPORT = `query ConsoleReconciliation($date: String!) {
  reconciliationReport(date: $date) { ${REPORT_FIELDS} }
}`;
export const RUN_RECONCILIATION = `mutation ConsoleRunReconciliation($date: String!) {
  runReconciliation(date: $date) { ${REPORT_FIELDS} }
}`;
export interface DeadJob {
  id: string;
  queue: string;
  name: string;
  key: string | null;
  attempts: number;
  failedAt: string;
  lastError: string | null;
}
const DEAD_JOB_FIELDS = 'id queue name key attempts failedAt lastError';
export const DEAD_JOBS = `query ConsoleDeadJobs { deadJobs { ${DEAD_JOB_FIELDS} } }`;
export const RETRY_DEAD_JOB = `mutation ConsoleRetryDeadJob($id: ID!) { retryDeadJob(id: $id) { ${DEAD_JOB_FIELDS} } }`;

// ---- 人员管理
export const STAFF_LIST = `query ConsoleStaffList($regionCode: String!) { staffList(regionCode: $regionCode) { ${STAFF_FIELDS} } }`;
export const CREATE_STAFF = `mutation ConsoleCreateStaff($input: CreateStaffInput!) { createStaff(input: $input) { ${STAFF_FIELDS} } }`;
export const DISABLE_STAFF = `mutation ConsoleDisableStaff($staffId: ID!) { disableStaff(staffId: $staffId) { ${STAFF_FIELDS} } }`;
export const ENABLE_STAFF = `mutation ConsoleEnableStaff($staffId: ID!) { enableStaff(staffId: $staffId) { ${STAFF_FIELDS} } }`;
export const RESET_STAFF_PASSWORD = `mutation ConsoleResetStaffPassword($staffId: ID!, $newPassword: String!) {
  resetStaffPassword(staffId: $staffId, newPassword: $newPassword) { ${STAFF_FIELDS} }
}`;

/** The region tree under a region, three levels (district → towns → villages). */
export const REGION_TREE = `query ConsoleRegionTree($code: String!) {
  region(code: $code) { code name level children { code name level children { code name level } } }
}`;
export interface RegionNode extends RegionRef {
  children?: RegionNode[];
}

// ---- 操作日志: one document per page size (the cost depends on it)
export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  actionLabel: string;
  actorUsername: string;
  targetType: string;
  targetLabel: string;
  targetId: string;
  requestId: string | null;
  summary: Record<string, unknown>;
  region: { code: string; name: string };
}
export interface AuditPage {
  entries: AuditEntry[];
  nextBefore: string | null;
}
const auditLog = (size: number): string => `query ConsoleAuditLog${size}($before: ID, $filter: AuditFilterInput) {
  auditLog(before: $before, filter: $filter, first: ${size}) {
    nextBefore entries { id at action actionLabel actorUsername targetType targetLabel targetId requestId summary region { code name } }
  }
}`;
export const AUDIT_LOG_20 = auditLog(20);
export const AUDIT_LOG_50 = auditLog(50);
export const AUDIT_LOG_100 = auditLog(100);
export const AUDIT_LOG_BY_SIZE: Record<number, string> = { 20: AUDIT_LOG_20, 50: AUDIT_LOG_50, 100: AUDIT_LOG_100 };
/** The actions the log records, with their Chinese names: the action filter's choices. */
export const AUDIT_ACTIONS = `query ConsoleAuditActions { auditActions { code label } }`;
export interface AuditActionChoice {
  code: string;
  label: string;
}

// ---- 组织
export interface Organization {
  id: string;
  name: string;
  kind: 'WORK_UNIT' | 'PARTY_BRANCH';
  regionCode: string;
  regionName: string;
}
export const ORGANIZATIONS = `query ConsoleOrganizations($kind: OrganizationKind, $regionCode: String, $search: String) {
  organizations(kind: $kind, regionCode: $regionCode, search: $search) { id name kind regionCode regionName }
}`;

// ---- 物资, 贫困户, 帮扶需求, 下乡活动 (operators' own region)
export interface Item {
  id: string;
  code: string;
  category: string;
  description: string;
  quantity: number;
  unit: string;
  status: string;
  registeredAt: string;
  node: { name: string } | null;
}
const itemPage = (size: number): string => `query ConsoleItemPage${size}($after: String, $status: [ItemStatus!]) {
  itemPage(after: $after, first: ${size}, status: $status) {
    nextAfter items { id code category description quantity unit status registeredAt node { name } }
  }
}`;
export const ITEM_PAGE_20 = itemPage(20);
export const ITEM_PAGE_50 = itemPage(50);
export const ITEM_PAGE_BY_SIZE: Record<number, string> = { 20: ITEM_PAGE_20, 50: ITEM_PAGE_50, 100: ITEM_PAGE_50 };

export interface Household {
  id: string;
  code: string;
  headName: string;
  memberCount: number;
  needs: string | null;
  privileged: boolean;
  region: { code: string; name: string };
}
export const HOUSEHOLDS = `query ConsoleHouseholds($regionCode: String!) {
  households(regionCode: $regionCode) { id code headName memberCount needs privileged region { code name } }
}`;
export interface Need {
  id: string;
  category: string;
  quantity: number;
  unit: string;
  note: string | null;
  status: 'OPEN' | 'ANSWERED' | 'FULFILLED' | 'CANCELLED';
  createdAt: string;
  region: { code: string; name: string };
  household: { id: string; code: string; headName: string } | null;
  /** The parcel packed to answer it (answerNeed), once it is answered. */
  parcel: NeedParcel | null;
}
export type ParcelStatus = 'PACKED' | 'IN_TRANSIT' | 'RECEIVED' | 'DELIVERED' | 'UNPACKED';
export interface NeedParcel {
  code: string;
  status: ParcelStatus;
  packedAt: string;
  packedNode: { name: string };
  currentNode: { name: string } | null;
  toNode: { name: string } | null;
  otherItemCount: number;
  items: { code: string; category: string; description: string; quantity: number; unit: string }[];
}
const NEED_FIELDS = `id category quantity unit note status createdAt region { code name } household { id code headName }
  parcel { code status packedAt packedNode { name } currentNode { name } toNode { name } otherItemCount
    items { code category description quantity unit } }`;
export const NEEDS = `query ConsoleNeeds($regionCode: String!, $status: [NeedStatus!]) {
  needs(regionCode: $regionCode, status: $status) { ${NEED_FIELDS} }
}`;

// ---- 贫困户: register and edit (village and town operators); 帮扶需求: post, withdraw, answer from stock
export interface HouseholdMember {
  name: string;
  relation: string;
}
/** A household as its editor sees it: identity number and members only when `privileged`. */
export interface HouseholdDetail extends Household {
  identityNumber: string | null;
  members: HouseholdMember[];
}
const HOUSEHOLD_DETAIL_FIELDS =
  'id code headName memberCount needs privileged identityNumber members { name relation } region { code name }';
export interface CreateHouseholdInput {
  regionCode: string;
  headName: string;
  identityNumber?: string;
  memberCount: number;
  members?: HouseholdMember[];
  needs?: string;
}
/** Only the fields that changed; null clears an optional one. */
export interface UpdateHouseholdInput {
  headName?: string;
  identityNumber?: string | null;
  memberCount?: number;
  members?: HouseholdMember[];
  needs?: string | null;
}
export const HOUSEHOLD = `query ConsoleHousehold($householdId: ID!) {
  household(householdId: $householdId) { ${HOUSEHOLD_DETAIL_FIELDS} }
}`;
export const CREATE_HOUSEHOLD = `mutation ConsoleCreateHousehold($input: CreateHouseholdInput!) {
  createHousehold(input: $input) { ${HOUSEHOLD_DETAIL_FIELDS} }
}`;
export const UPDATE_HOUSEHOLD = `mutation ConsoleUpdateHousehold($householdId: ID!, $input: UpdateHouseholdInput!) {
  updateHousehold(householdId: $householdId, input: $input) { ${HOUSEHOLD_DETAIL_FIELDS} }
}`;
export interface PostNeedInput {
  regionCode?: string;
  householdId?: string;
  category: string;
  quantity: number;
  unit?: string;
  note?: string;
}
export const POST_NEED = `mutation ConsolePostNeed($input: PostNeedInput!) { postNeed(input: $input) { ${NEED_FIELDS} } }`;
export const CANCEL_NEED = `mutation ConsoleCancelNeed($needId: ID!) { cancelNeed(needId: $needId) { ${NEED_FIELDS} } }`;
/** Packs items of the caller's centre into a parcel for the need (the district or the town above it). */
export const ANSWER_NEED = `mutation ConsoleAnswerNeed($input: AnswerNeedInput!) {
  answerNeed(input: $input) { id code status needId }
}`;
export interface OutreachEvent {
  id: string;
  title: string;
  kind: 'SCIENCE_TECH' | 'CULTURE' | 'LAW' | 'MEDICAL';
  status: string;
  startsAt: string;
  endsAt: string;
  place: string;
  organiser: string;
  capacity: number;
  confirmedCount: number;
  waitlistCount: number;
  region: { name: string };
}
export const EVENTS = `query ConsoleEvents($regionCode: String, $from: DateTime) {
  events(regionCode: $regionCode, from: $from) {
    id title kind status startsAt endsAt place organiser capacity confirmedCount waitlistCount region { name }
  }
}`;

// ---- 资金申请 (six gates)
export type FundRequestStatus =
  'FILED' | 'REVIEWED' | 'PUBLICIZED' | 'APPROVED' | 'DISBURSED' | 'ACCEPTED' | 'REJECTED';
export type PayeeKind = 'ORGANIZATION' | 'HOUSEHOLD' | 'PERSON';
export interface FundRequestStep {
  at: string;
  gate: string;
  actor: string | null;
  note: string | null;
  status: FundRequestStatus;
}
export interface FundRequestObjection {
  id: string;
  text: string;
  phone: string | null;
  recordedByStaff: boolean;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}
export interface FundRequestSummary {
  id: string;
  code: string;
  title: string;
  amountFen: number;
  status: FundRequestStatus;
  createdAt: string;
  publicUntil: string | null;
  campaign: { id: string; slug: string; title: string };
  region: { code: string; name: string };
}
export interface FundRequest extends FundRequestSummary {
  purpose: string;
  budget: string | null;
  payee: string | null;
  payeeKind: PayeeKind | null;
  voucherNo: string | null;
  ledgerSeq: number | null;
  supervisionPhone: string | null;
  attachmentIds: string[];
  history: FundRequestStep[];
  objections: FundRequestObjection[];
}
const FUND_REQUEST_SUMMARY =
  'id code title amountFen status createdAt publicUntil campaign { id slug title } region { code name }';
const FUND_REQUEST_FIELDS = `${FUND_REQUEST_SUMMARY} purpose budget payee payeeKind voucherNo ledgerSeq supervisionPhone
  attachmentIds history { at gate actor note status }
  objections { id text phone recordedByStaff answer answeredAt createdAt }`;
/** The newest 100 (200 would pass the cost limit). */
export const FUND_REQUESTS = `query ConsoleFundRequests($status: [FundRequestStatus!]) {
  fundRequests(status: $status, first: 100) { ${FUND_REQUEST_SUMMARY} }
}`;
export const FUND_REQUEST = `query ConsoleFundRequest($fundRequestId: ID!) { fundRequest(fundRequestId: $fundRequestId) { ${FUND_REQUEST_FIELDS} } }`;
export const FILE_FUND_REQUEST = `mutation ConsoleFileFundRequest($input: FileFundRequestInput!) {
  fileFundRequest(input: $input) { ${FUND_REQUEST_FIELDS} }
}`;
export const REVIEW_FUND_REQUEST = `mutation ConsoleReviewFundRequest($fundRequestId: ID!, $note: String!) {
  reviewFundRequest(fundRequestId: $fundRequestId, note: $note) { ${FUND_REQUEST_FIELDS} }
}`;
export const PUBLICIZE_FUND_REQUEST = `mutation ConsolePublicizeFundRequest($fundRequestId: ID!, $days: Int!) {
  publicizeFundRequest(fundRequestId: $fundRequestId, days: $days) { ${FUND_REQUEST_FIELDS} }
}`;
export const APPROVE_FUND_REQUEST = `mutation ConsoleApproveFundRequest($fundRequestId: ID!, $note: String) {
  approveFundRequest(fundRequestId: $fundRequestId, note: $note) { ${FUND_REQUEST_FIELDS} }
}`;
export const DISBURSE_FUND_REQUEST = `mutation ConsoleDisburseFundRequest($fundRequestId: ID!, $payee: String!, $payeeKind: PayeeKind,
  $voucherNo: String!, $attachmentIds: [ID!]) {
  disburseFundRequest(fundRequestId: $fundRequestId, payee: $payee, payeeKind: $payeeKind, voucherNo: $voucherNo,
    attachmentIds: $attachmentIds) { ${FUND_REQUEST_FIELDS} }
}`;
export const ACCEPT_FUND_REQUEST = `mutation ConsoleAcceptFundRequest($fundRequestId: ID!, $note: String!, $attachmentIds: [ID!]) {
  acceptFundRequest(fundRequestId: $fundRequestId, note: $note, attachmentIds: $attachmentIds) { ${FUND_REQUEST_FIELDS} }
}`;
export const REJECT_FUND_REQUEST = `mutation ConsoleRejectFundRequest($fundRequestId: ID!, $reason: String!) {
  rejectFundRequest(fundRequestId: $fundRequestId, reason: $reason) { ${FUND_REQUEST_FIELDS} }
}`;
export const ANSWER_FUND_OBJECTION = `mutation ConsoleAnswerFundObjection($objectionId: ID!, $answer: String!) {
  answerFundRequestObjection(objectionId: $objectionId, answer: $answer) { id answer answeredAt }
}`;
/** The campaigns a request may draw on. */
export const FUND_REQUEST_CAMPAIGNS = `query ConsoleFundRequestCampaigns { campaigns { id slug title status raisedFen } }`;

// ---- 人员管理: edit a member, the signed-in member's own WeChat binding
const STAFF_EDIT_FIELDS = 'id username displayName role enabled wechatBound region { code name level }';
export interface StaffWithWechat extends Staff {
  wechatBound: boolean;
}
export interface UpdateStaffInput {
  displayName?: string;
  role?: Role;
  regionCode?: string;
}
export const UPDATE_STAFF = `mutation ConsoleUpdateStaff($staffId: ID!, $input: UpdateStaffInput!) {
  updateStaff(staffId: $staffId, input: $input) { ${STAFF_EDIT_FIELDS} }
}`;
export const MY_ACCOUNT = `query ConsoleMyAccount { me { staff { ${STAFF_EDIT_FIELDS} } } }`;
export const BIND_MY_WECHAT = `mutation ConsoleBindMyWechat($code: String!) { bindMyWechat(code: $code) { ${STAFF_EDIT_FIELDS} } }`;
export const UNBIND_MY_WECHAT = `mutation ConsoleUnbindMyWechat { unbindMyWechat { ${STAFF_EDIT_FIELDS} } }`;
export interface WechatConfig {
  wechatAppId: string;
  wechatAuthorizeUrl: string;
}
export const CONSOLE_CLIENT_CONFIG = `query ConsoleClientConfig { clientConfig { wechatAppId wechatAuthorizeUrl } }`;

// ---- 组织: edit, rosters (花名册)
export interface RosterMember {
  line: number;
  name: string;
  memberNo: string | null;
}
export const UPDATE_ORGANIZATION = `mutation ConsoleUpdateOrganization($organizationId: ID!, $input: UpdateOrganizationInput!) {
  updateOrganization(organizationId: $organizationId, input: $input) { id name kind regionCode regionName }
}`;
export const ORGANIZATION_ROSTER = `query ConsoleOrganizationRoster($organizationId: ID!, $campaignId: ID!) {
  organizationRoster(organizationId: $organizationId, campaignId: $campaignId) { line name memberNo }
}`;
export const IMPORT_ROSTER = `mutation ConsoleImportRoster($organizationId: ID!, $campaignId: ID!, $csv: String!) {
  importRoster(organizationId: $organizationId, campaignId: $campaignId, csv: $csv) { size previousSize }
}`;
/** The campaigns a roster or an export may be narrowed to. */
export const CAMPAIGN_CHOICES = `query ConsoleCampaignChoices { campaigns { id slug title status } }`;
export interface CampaignChoice {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
}

// ---- 对账: resolution notes
export interface ReconciliationResolution {
  note: string;
  resolvedBy: string;
  resolvedAt: string;
}
export interface ResolvedDifference {
  id: string;
  resolution: ReconciliationResolution | null;
}
/** The day's differences with their ids and resolution notes (the report's own fields are the other page's). */
export const RECONCILIATION_RESOLUTIONS = `query ConsoleReconciliationResolutions($date: String!) {
  reconciliationReport(date: $date) { date differences { id outTradeNo kind resolution { note resolvedBy resolvedAt } } }
}`;
export const RESOLVE_DIFFERENCE = `mutation ConsoleResolveDifference($differenceId: ID!, $note: String!) {
  resolveReconciliationDifference(differenceId: $differenceId, note: $note) {
    id outTradeNo kind resolution { note resolvedBy resolvedAt }
  }
}`;

// ---- 贫困户: import from the Excel template
export const IMPORT_HOUSEHOLDS = `mutation ConsoleImportHouseholds($regionCode: String!, $file: String!) {
  importHouseholds(regionCode: $regionCode, file: $file) { id code headName memberCount needs privileged region { code name } }
}`;

// ---- 下乡活动: create, edit, cancel, roster, outcome
export type OutreachKind = 'SCIENCE_TECH' | 'CULTURE' | 'LAW' | 'MEDICAL';
const EVENT_DETAIL_FIELDS = `id title kind status startsAt endsAt place organiser capacity confirmedCount waitlistCount
  description neededSkills cancelReason region { code name }
  record { attendance peopleServed summary recordedAt photoUrls photoIds photos { id url contentType }
    services { name quantity unit } }`;
export interface OutreachEventDetail {
  id: string;
  title: string;
  kind: OutreachKind;
  status: string;
  startsAt: string;
  endsAt: string;
  place: string;
  organiser: string;
  capacity: number;
  confirmedCount: number;
  waitlistCount: number;
  description: string | null;
  neededSkills: string[];
  cancelReason: string | null;
  region: { code: string; name: string };
  record: {
    attendance: number;
    peopleServed: number;
    summary: string | null;
    recordedAt: string;
    /** Addresses typed in before photos were uploaded (older records). */
    photoUrls: string[];
    /** The uploaded photos (event-photo files, public), in order. */
    photoIds: string[];
    photos: { id: string; url: string; contentType: string }[];
    services: { name: string; quantity: number | null; unit: string | null }[];
  } | null;
}
/** 活动记录 as recordEventOutcome takes it: photos as ids of files uploaded with purpose event-photo. */
export interface EventRecordInput {
  peopleServed: number;
  summary?: string;
  services?: { name: string; quantity?: number; unit?: string }[];
  photoIds?: string[];
}
export interface EventInput {
  title?: string;
  kind?: OutreachKind;
  regionCode?: string;
  startsAt?: string;
  endsAt?: string;
  place?: string;
  organiser?: string;
  capacity?: number;
  description?: string;
}
export const EVENT_DETAIL = `query ConsoleEventDetail($eventId: ID!) { event(eventId: $eventId) { ${EVENT_DETAIL_FIELDS} } }`;
export const CREATE_EVENT = `mutation ConsoleCreateEvent($input: CreateEventInput!) { createEvent(input: $input) { ${EVENT_DETAIL_FIELDS} } }`;
export const UPDATE_EVENT = `mutation ConsoleUpdateEvent($eventId: ID!, $input: UpdateEventInput!) {
  updateEvent(eventId: $eventId, input: $input) { ${EVENT_DETAIL_FIELDS} }
}`;
export const CANCEL_EVENT = `mutation ConsoleCancelEvent($eventId: ID!, $reason: String!) {
  cancelEvent(eventId: $eventId, reason: $reason) { ${EVENT_DETAIL_FIELDS} }
}`;
export const RECORD_EVENT_OUTCOME = `mutation ConsoleRecordEventOutcome($eventId: ID!, $input: EventRecordInput!) {
  recordEventOutcome(eventId: $eventId, input: $input) { ${EVENT_DETAIL_FIELDS} }
}`;
export interface EventRosterEntry {
  phone: string;
  volunteer: { id: string; name: string };
  signUp: {
    id: string;
    status: string;
    signedUpAt: string;
    checkedInAt: string | null;
    hours: number;
    waitlistPosition: number | null;
  };
}
export const EVENT_ROSTER = `query ConsoleEventRoster($eventId: ID!) {
  eventRoster(eventId: $eventId) { phone volunteer { id name } signUp { id status signedUpAt checkedInAt hours waitlistPosition } }
}`;

/** 参与情况: the organisation ranking of one campaign, with participation against the roster. */
export const ORGANIZATION_PARTICIPATION = `query ConsoleOrganizationParticipation($campaignId: ID!, $kind: OrganizationKind, $regionCode: String) {
  organizationRanking(campaignId: $campaignId, kind: $kind, regionCode: $regionCode, first: 150) {
    rank participants rosterSize participationRate donationCount raisedFen
    organization { id name kind regionCode regionName }
  }
}`;
export interface OrganizationStanding {
  rank: number;
  participants: number;
  rosterSize: number | null;
  participationRate: number | null;
  donationCount: number;
  raisedFen: number;
  organization: Organization;
}

// ---- 捐赠意向: donors' offers at the centres of the member's region
export interface GoodsOffer {
  code: string;
  status: 'OPEN' | 'MATCHED' | 'CANCELLED';
  category: string;
  description: string;
  quantity: number;
  unit: string;
  itemCodes: string[];
  createdAt: string;
  dropOffNode: { id: string; name: string };
}
export const GOODS_OFFERS = `query ConsoleGoodsOffers($regionCode: String!, $status: [OfferStatus!]) {
  goodsOffers(regionCode: $regionCode, status: $status) {
    code status category description quantity unit itemCodes createdAt dropOffNode { id name }
  }
}`;

// ---- 捐赠票据 (公益事业捐赠票据): asked for by a donor for one gift, or by a unit for its whole remittance
export type OfficialReceiptStatus = 'REQUESTED' | 'ISSUED' | 'REFUSED';
/** GIFT: one gift, asked by its donor; REMITTANCE: a unit's whole confirmed remittance. */
export type OfficialReceiptKind = 'GIFT' | 'REMITTANCE';
export interface OfficialReceiptRequest {
  id: string;
  kind: OfficialReceiptKind;
  /** The gift's receipt number, or the remittance's voucher reference (流水号). */
  receiptNo: string;
  remittanceId: string | null;
  amountFen: number;
  /** 抬头 */
  title: string;
  /** 统一社会信用代码, for a unit. */
  taxId: string | null;
  email: string | null;
  status: OfficialReceiptStatus;
  requestedAt: string;
  officialReceiptNo: string | null;
  issuedAt: string | null;
  /** Once issued: a signed address of the 票据's file, opened as it is (no token needed). */
  fileUrl: string | null;
  refusedReason: string | null;
}
export interface OfficialReceiptDetailsInput {
  title: string;
  taxId?: string;
  email?: string;
}
const OFFICIAL_RECEIPT_FIELDS = `id kind receiptNo remittanceId amountFen title taxId email status requestedAt
  officialReceiptNo issuedAt fileUrl refusedReason`;
/**
 * The requests of the member's scope, those waiting first (oldest first), then the rest newest first:
 * the first 200 (more would pass the server's query cost limit).
 */
export const OFFICIAL_RECEIPT_REQUESTS = `query ConsoleOfficialReceiptRequests($status: String) {
  officialReceiptRequests(status: $status, first: 200) { ${OFFICIAL_RECEIPT_FIELDS} }
}`;
/** 开具: the number printed on the 票据 (used once) and its scan (POST /files, purpose official-receipt). */
export const ISSUE_OFFICIAL_RECEIPT = `mutation ConsoleIssueOfficialReceipt($requestId: ID!, $officialReceiptNo: String!, $fileId: ID!) {
  issueOfficialReceipt(requestId: $requestId, officialReceiptNo: $officialReceiptNo, fileId: $fileId) {
    ${OFFICIAL_RECEIPT_FIELDS}
  }
}`;
/** 不予开具, with the reason the one who asked reads. */
export const REFUSE_OFFICIAL_RECEIPT = `mutation ConsoleRefuseOfficialReceipt($requestId: ID!, $reason: String!) {
  refuseOfficialReceipt(requestId: $requestId, reason: $reason) { ${OFFICIAL_RECEIPT_FIELDS} }
}`;
/** A unit's request for one 票据 covering its whole confirmed remittance, recorded by staff in scope. */
export const REQUEST_REMITTANCE_RECEIPT = `mutation ConsoleRequestRemittanceReceipt($remittanceId: ID!, $input: OfficialReceiptDetailsInput!) {
  requestRemittanceReceipt(remittanceId: $remittanceId, input: $input) { ${OFFICIAL_RECEIPT_FIELDS} }
}`;

// ---- 线下汇款: a work unit's bank transfer, cash or cheque, split into its lines; a second admin confirms
export type RemittanceChannel = 'BANK_TRANSFER' | 'CASH' | 'CHEQUE';
export type RemittanceStatus = 'AWAITING_CONFIRMATION' | 'CONFIRMED' | 'AWAITING_REVERSAL' | 'REVERSED';
export interface RemittanceLine {
  line: number;
  /** As the unit reported it (staff only); null for the unit's own gift. */
  name: string | null;
  anonymous: boolean;
  /** As the public sees it (张*, 爱心人士, the unit). */
  displayName: string;
  amountFen: number;
  /** The member's phone if the unit reported it, masked (138****1234). */
  phone: string | null;
}
export interface RemittanceSummary {
  id: string;
  amountFen: number;
  channel: RemittanceChannel;
  status: RemittanceStatus;
  receivedOn: string;
  reference: string;
  recordedAt: string;
  confirmedAt: string | null;
  /** The unit that remitted it; null for one person's gift taken at a centre (个人线下捐赠). */
  organization: { id: string; name: string } | null;
  campaign: { id: string; title: string };
  lines: { line: number }[];
}
export interface Remittance extends Omit<RemittanceSummary, 'lines'> {
  voucherFileId: string;
  lines: RemittanceLine[];
  /** One per line once confirmed. */
  gifts: { receiptNo: string; amountFen: number; status: DonationStatus; ledgerSeq: number | null }[];
  /** 冲正: why it was (or is being) taken off; null until asked for. */
  reversalReason: string | null;
  reversedAt: string | null;
  /** The caller recorded it, or asked for its reversal: someone else confirms (the server refuses them). */
  recordedByYou: boolean;
  reversalRequestedByYou: boolean;
  /** The unit's latest request for one 捐赠票据 covering the whole remittance; null when none. */
  officialReceipt: OfficialReceiptRequest | null;
}
export interface RecordRemittanceInput {
  organizationId: string;
  campaignId: string;
  amountFen: number;
  channel: RemittanceChannel;
  receivedOn: string;
  reference: string;
  voucherFileId: string;
  lines: { name?: string; anonymous: boolean; amountFen: number }[];
}
const REMITTANCE_SUMMARY = `id amountFen channel status receivedOn reference recordedAt confirmedAt
  organization { id name } campaign { id title }`;
const REMITTANCE_FIELDS = `${REMITTANCE_SUMMARY} voucherFileId lines { line name anonymous displayName amountFen phone }
  gifts { receiptNo amountFen status ledgerSeq } reversalReason reversedAt recordedByYou reversalRequestedByYou
  officialReceipt { ${OFFICIAL_RECEIPT_FIELDS} }`;
/** The newest 100 of the member's scope (the lines only counted). */
export const REMITTANCES = `query ConsoleRemittances($campaignId: ID, $status: String) {
  remittances(campaignId: $campaignId, status: $status, first: 100) { ${REMITTANCE_SUMMARY} lines { line } }
}`;
/** One remittance of the member's scope with its lines and gifts (NOT_FOUND outside it). */
export const REMITTANCE_DETAIL = `query ConsoleRemittanceDetail($id: ID!) {
  remittance(id: $id) { ${REMITTANCE_FIELDS} }
}`;
export const RECORD_REMITTANCE = `mutation ConsoleRecordRemittance($input: RecordRemittanceInput!) {
  recordRemittance(input: $input) { ${REMITTANCE_FIELDS} }
}`;
export const CONFIRM_REMITTANCE = `mutation ConsoleConfirmRemittance($id: ID!) {
  confirmRemittance(id: $id) { ${REMITTANCE_FIELDS} }
}`;
/** 冲正: a confirmed one's gifts taken off (above the threshold once another admin confirms); a waiting one cancelled. */
export const REVERSE_REMITTANCE = `mutation ConsoleReverseRemittance($id: ID!, $reason: String!) {
  reverseRemittance(id: $id, reason: $reason) { ${REMITTANCE_FIELDS} }
}`;
/** 复核冲正: a district admin other than the one who asked for it. */
export const CONFIRM_REMITTANCE_REVERSAL = `mutation ConsoleConfirmRemittanceReversal($id: ID!) {
  confirmRemittanceReversal(id: $id) { ${REMITTANCE_FIELDS} }
}`;
/** The campaigns a remittance may be recorded for, with the fixed amount a member's line must be. */
export const REMITTANCE_CAMPAIGNS = `query ConsoleRemittanceCampaigns { campaigns { id slug title status fixedAmountFen } }`;
export interface RemittanceCampaign {
  id: string;
  slug: string;
  title: string;
  status: CampaignStatus;
  fixedAmountFen: number | null;
}

// ---- 登记个人捐赠: one person's cash, transfer or cheque taken at a centre, its receipt printed on the spot
export interface RecordOfflineGiftInput {
  campaignId: string;
  amountFen: number;
  channel: RemittanceChannel;
  receivedOn: string;
  reference: string;
  voucherFileId: string;
  name?: string;
  anonymous: boolean;
  message?: string;
  organizationId?: string;
  /** 11 digits: the giver finds the gift in 我的捐赠 once they bind this phone. */
  phone?: string;
}
/** A gift as its receipt (捐赠收据) shows it. */
export interface OfflineGift {
  id: string;
  receiptNo: string;
  amountFen: number;
  /** PAID at once up to the threshold; PENDING until a second district admin confirms it. */
  status: DonationStatus;
  /** WECHAT_PAY, or offline: BANK_TRANSFER, CASH, CHEQUE. */
  channel: string;
  paidAt: string | null;
  /** Masked (张*), or 爱心人士. */
  displayName: string;
  message: string | null;
  campaign: { id: string; title: string };
  organization: { id: string; name: string } | null;
  /** The phone it was recorded with, masked (138****1234); null without one. */
  giverPhone: string | null;
  /** As it was taken: the day, the voucher's number and 经办人 (the recorder's name); null for WeChat Pay. */
  offlineRecord: { receivedOn: string; reference: string; recordedBy: string } | null;
}
const OFFLINE_GIFT_FIELDS = `id receiptNo amountFen status channel paidAt displayName message giverPhone
  campaign { id title } organization { id name } offlineRecord { receivedOn reference recordedBy }`;
export const RECORD_OFFLINE_GIFT = `mutation ConsoleRecordOfflineGift($input: RecordOfflineGiftInput!) {
  recordOfflineGift(input: $input) { ${OFFLINE_GIFT_FIELDS} }
}`;
/** A gift by its receipt number, to print (or reprint) its receipt; null when there is none in reach. */
export const OFFLINE_GIFT_RECEIPT = `query ConsoleOfflineGiftReceipt($receiptNo: String!) {
  donation(receiptNo: $receiptNo) { ${OFFLINE_GIFT_FIELDS} }
}`;

// ---- 银行流水对账: the receiving account's statement matched to the recorded bank transfers
/** 列对应: which header of a bank's export holds what; the money in is EITHER `credit` OR `amount`. */
export interface BankColumnMapping {
  date: string;
  /** 收入单列: the column of money in (贷方发生额). */
  credit: string | null;
  /** 收支同列: one column for both directions (交易金额) … */
  amount: string | null;
  /** … told apart by 借贷标志, whose values for money in are `creditValues`. */
  direction: string | null;
  creditValues: string[] | null;
  reference: string | null;
  counterparty: string | null;
  counterpartyAccount: string | null;
  serial: string | null;
}
export type BankColumnMappingInput = { date: string } & Partial<{
  [K in Exclude<keyof BankColumnMapping, 'date'>]: NonNullable<BankColumnMapping[K]>;
}>;
export interface BankStatementMapping {
  bank: string;
  mapping: BankColumnMapping;
  updatedAt: string;
}
const BANK_MAPPING_FIELDS = `bank updatedAt
  mapping { date credit amount direction creditValues reference counterparty counterpartyAccount serial }`;
export const BANK_STATEMENT_MAPPINGS = `query ConsoleBankStatementMappings { bankStatementMappings { ${BANK_MAPPING_FIELDS} } }`;
export const SAVE_BANK_STATEMENT_MAPPING = `mutation ConsoleSaveBankStatementMapping($bank: String!, $mapping: BankColumnMappingInput!) {
  saveBankStatementMapping(bank: $bank, mapping: $mapping) { ${BANK_MAPPING_FIELDS} }
}`;

/** An incoming transfer on the statement; `row` is its row in the file as Excel shows it. */
export interface BankStatementLine {
  row: number;
  date: string;
  amountFen: number;
  counterparty: string | null;
  counterpartyAccount: string | null;
  /** 摘要 / 附言; '' when the bank wrote none. */
  reference: string;
  serial: string | null;
}
/** A recorded bank transfer, as the reconciliation names it. */
export interface BankStatementRemittance {
  id: string;
  receivedOn: string;
  reference: string;
  amountFen: number;
  /** Null for one person's gift taken at a centre. */
  organization: { name: string } | null;
}
export interface BankStatementMatch {
  /** The line less the remittance, fen: 0 when they match. */
  differenceFen: number;
  line: BankStatementLine;
  remittance: BankStatementRemittance;
}
export interface BankStatementReconciliation {
  id: string;
  bank: string;
  fileName: string;
  from: string | null;
  to: string | null;
  lineCount: number;
  skippedDebits: number;
  importedAt: string;
  matched: BankStatementMatch[];
  amountDiffers: BankStatementMatch[];
  missingInRecords: BankStatementLine[];
  missingOnStatement: BankStatementRemittance[];
}
const BANK_LINE_FIELDS = 'row date amountFen counterparty counterpartyAccount reference serial';
const BANK_REMITTANCE_FIELDS = 'id receivedOn reference amountFen organization { name }';
const BANK_RECONCILIATION_FIELDS = `id bank fileName from to lineCount skippedDebits importedAt
  matched { differenceFen line { ${BANK_LINE_FIELDS} } remittance { ${BANK_REMITTANCE_FIELDS} } }
  amountDiffers { differenceFen line { ${BANK_LINE_FIELDS} } remittance { ${BANK_REMITTANCE_FIELDS} } }
  missingInRecords { ${BANK_LINE_FIELDS} }
  missingOnStatement { ${BANK_REMITTANCE_FIELDS} }`;
/** The file as base64 (at most 700 KB decoded), read with the bank's saved mapping. */
export const RECONCILE_BANK_STATEMENT = `mutation ConsoleReconcileBankStatement($bank: String!, $fileName: String!, $file: String!) {
  reconcileBankStatement(bank: $bank, fileName: $fileName, file: $file) { ${BANK_RECONCILIATION_FIELDS} }
}`;
/**
 * The newest 20 imports, each whole: the API has no reconciliation(id), so choosing one shows what
 * this answer already holds (20 whole ones stay within the cost limit).
 */
export const BANK_STATEMENT_RECONCILIATIONS = `query ConsoleBankStatementReconciliations {
  bankStatementReconciliations(first: 20) { ${BANK_RECONCILIATION_FIELDS} }
}`;
