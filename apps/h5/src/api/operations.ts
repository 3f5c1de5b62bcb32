/** The GraphQL operations the pages send (the public contract in schema.gql), and their shapes. */
import type { EntryView, InclusionProofView, LedgerKeyView, TreeHeadView } from '../ledger/verify';

export type CampaignKind = 'ONE_DAY_PAY' | 'PARTY_DUES' | 'GENERAL' | 'PROJECT';
export type CampaignStatus = 'DRAFT' | 'ACTIVE' | 'CLOSED';
export type DonationStatus = 'PENDING' | 'PAID' | 'CLOSED' | 'REFUNDING' | 'REFUNDED' | 'REFUND_FAILED' | 'REVERSED';
export type OrganizationKind = 'WORK_UNIT' | 'PARTY_BRANCH';

export interface ClientConfig {
  wechatAppId: string;
  wechatAuthorizeUrl: string;
  wechatPaySimulated: boolean;
}

export const CLIENT_CONFIG = `query ClientConfig { clientConfig { wechatAppId wechatAuthorizeUrl wechatPaySimulated } }`;

export interface Campaign {
  id: string;
  slug: string;
  kind: CampaignKind;
  title: string;
  story: string | null;
  status: CampaignStatus;
  goalFen: number | null;
  raisedFen: number;
  matchedFen: number;
  donationCount: number;
  fixedAmountFen: number | null;
  suggestedAmountsFen: number[];
  minAmountFen: number;
  maxAmountFen: number;
  startsAt: string | null;
  endsAt: string | null;
}

const CAMPAIGN_FIELDS = `id slug kind title story status goalFen raisedFen matchedFen donationCount fixedAmountFen
  suggestedAmountsFen minAmountFen maxAmountFen startsAt endsAt`;

export const CAMPAIGNS = `query Campaigns($status: CampaignStatus) { campaigns(status: $status) { ${CAMPAIGN_FIELDS} } }`;
export const CAMPAIGN = `query Campaign($slug: String!) { campaign(slug: $slug) { ${CAMPAIGN_FIELDS} } }`;

export interface MatchPool {
  id: string;
  sponsorName: string;
  totalFen: number;
  matchedFen: number;
  remainingFen: number;
  perDonorCapFen: number;
  status: 'ACTIVE' | 'CLOSED';
  endsAt: string | null;
}

export const MATCH_POOLS = `query MatchPools($campaignId: ID!) {
  matchPools(campaignId: $campaignId) { id sponsorName totalFen matchedFen remainingFen perDonorCapFen status endsAt }
}`;

export interface Organization {
  id: string;
  kind: OrganizationKind;
  name: string;
  regionCode: string;
  regionName: string;
}

export interface OrganizationStanding {
  rank: number;
  organization: Organization;
  rosterSize: number | null;
  participants: number;
  participationRate: number | null;
  raisedFen: number;
  donationCount: number;
}

/** How many organisations a campaign page ranks. */
export const RANKING_SIZE = 10;

export const ORGANIZATION_RANKING = `query Ranking($campaignId: ID!) {
  organizationRanking(campaignId: $campaignId, first: ${RANKING_SIZE}) {
    rank rosterSize participants participationRate raisedFen donationCount
    organization { id kind name regionCode regionName }
  }
}`;

export const ORGANIZATIONS = `query Organizations($search: String) {
  organizations(search: $search) { id kind name regionCode regionName }
}`;

export interface LedgerPage {
  entries: EntryView[];
  nextAfter: number | null;
  totalFen: number;
}

const ENTRY_FIELDS = 'seq kind amountFen quantity campaignId donor memo occurredAt canonical leafHash';

/** Ledger entries per page of the public ledger. */
export const LEDGER_PAGE_SIZE = 30;

export const LEDGER = `query Ledger($campaignId: ID, $after: Int) {
  ledger(campaignId: $campaignId, after: $after, first: ${LEDGER_PAGE_SIZE}) { entries { ${ENTRY_FIELDS} } nextAfter totalFen }
}`;

/** A campaign's gift as its page lists the newest. */
export type RecentGift = Pick<EntryView, 'seq' | 'kind' | 'amountFen' | 'donor' | 'occurredAt'>;

/** Entries per request when looking for a campaign's newest gifts: as many as the cost limit lets through. */
export const RECENT_GIFTS_PAGE_SIZE = 250;

export const RECENT_GIFTS = `query RecentGifts($campaignId: ID, $after: Int) {
  ledger(campaignId: $campaignId, after: $after, first: ${RECENT_GIFTS_PAGE_SIZE}) { entries { seq kind amountFen donor occurredAt } nextAfter }
}`;

export interface LedgerKindTotal {
  kind: string;
  amountFen: number;
  quantity: number;
  entries: number;
}

const HEAD_FIELDS = 'treeSize rootHash timestamp signature keyId';

export const LEDGER_TOTALS = `query LedgerTotals($campaignId: ID) {
  ledgerTotals(campaignId: $campaignId) { kind amountFen quantity entries }
  ledgerTreeHead { ${HEAD_FIELDS} }
}`;

export const LEDGER_TREE_HEAD = `query TreeHead { ledgerTreeHead { ${HEAD_FIELDS} } }`;

/** The entry and the latest head, for one check. */
export const LEDGER_ENTRY_AND_HEAD = `query EntryAndHead($after: Int) {
  ledger(after: $after, first: 1) { entries { ${ENTRY_FIELDS} } }
  ledgerTreeHead { ${HEAD_FIELDS} }
}`;

/** The proofs, and the keys: asked after the head, so the key it names is listed with its size. */
export const LEDGER_PROOFS = `query Proofs($seq: Int!, $treeSize: Int!, $earlier: Int!, $withConsistency: Boolean!) {
  ledgerInclusionProof(seq: $seq, treeSize: $treeSize) { leafIndex treeSize leafHash auditPath }
  ledgerConsistencyProof(first: $earlier, second: $treeSize) @include(if: $withConsistency)
  ledgerPublicKeys { keyId publicKey firstTreeSize lastTreeSize }
}`;

export type { EntryView, InclusionProofView, LedgerKeyView, TreeHeadView };

export interface Donation {
  id: string;
  receiptNo: string;
  amountFen: number;
  status: DonationStatus;
  /** WECHAT_PAY, or given at a centre: CASH, BANK_TRANSFER, CHEQUE. */
  channel: string;
  paidAt: string | null;
  displayName: string;
  message: string | null;
  ledgerSeq: number | null;
  campaign: { id: string; slug: string; title: string; kind: CampaignKind };
  organization: { id: string; name: string } | null;
}

const DONATION_FIELDS = `id receiptNo amountFen status channel paidAt displayName message ledgerSeq
  campaign { id slug title kind } organization { id name }`;

export const DONATION = `query Donation($receiptNo: String!) { donation(receiptNo: $receiptNo) { ${DONATION_FIELDS} } }`;
export const MY_DONATIONS = `query MyDonations { myDonations { ${DONATION_FIELDS} } }`;

export interface WechatPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface CreateDonationInput {
  campaignId: string;
  amountFen: number;
  anonymous?: boolean;
  message?: string;
  organizationId?: string;
}

export const CREATE_DONATION = `mutation CreateDonation($input: CreateDonationInput!) {
  createDonation(input: $input) {
    donation { ${DONATION_FIELDS} }
    payParams { appId timeStamp nonceStr package signType paySign }
  }
}`;

export interface DonationReceipt {
  receiptNo: string;
  /** Masked (张*), or 爱心人士. */
  donor: string;
  /** The name the gift was given under, whole: on the donor's own certificate only; null when anonymous. */
  donorName?: string | null;
  /** The work unit or party branch it was given on behalf of. */
  organizationName?: string | null;
  amountFen: number;
  amountYuan: string;
  campaignTitle: string;
  paidAt: string;
  /** Null until the gift is integrated into the public ledger (正在入账). */
  ledgerSeq: number | null;
  /** Null until then too. */
  verifyUrl: string | null;
}

export const DONATION_RECEIPT = `query Receipt($receiptNo: String!) {
  donationReceipt(receiptNo: $receiptNo) { receiptNo donor donorName organizationName amountFen amountYuan campaignTitle paidAt ledgerSeq verifyUrl }
}`;

export interface YearlyStatement {
  year: number;
  totalFen: number;
  gifts: number;
  donations: Donation[];
}

export const YEARLY_STATEMENT = `query Statement($year: Int!) {
  myYearlyStatement(year: $year) { year totalFen gifts donations { ${DONATION_FIELDS} } }
}`;

export interface Viewer {
  staff: {
    id: string;
    username: string;
    displayName: string;
    role: string;
    region: { code: string; name: string };
  } | null;
  /** phone: the number proved by SMS, masked (138****1234), or null. */
  donor: { id: string; nickname: string | null; displayName: string | null; phone: string | null } | null;
}

const VIEWER_FIELDS =
  'staff { id username displayName role region { code name } } donor { id nickname displayName phone }';

export interface Session {
  token: string;
  expiresAt: string;
  viewer: Viewer;
}

export const WECHAT_LOGIN = `mutation WechatLogin($code: String!) {
  wechatLogin(code: $code) { token expiresAt viewer { ${VIEWER_FIELDS} } }
}`;

export const STAFF_LOGIN = `mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) { token expiresAt viewer { ${VIEWER_FIELDS} } }
}`;

export const ME = `query Me { me { ${VIEWER_FIELDS} } }`;

/** 署名: the name the donor gives under from now (null clears it). */
export const SET_MY_DISPLAY_NAME = `mutation SetMyDisplayName($name: String) {
  setMyDisplayName(name: $name) { id displayName }
}`;

/** 公益事业捐赠票据: a request for a gift's official receipt, and the receipt once issued. */
export interface OfficialReceipt {
  id: string;
  status: 'REQUESTED' | 'ISSUED' | 'REFUSED';
  title: string;
  taxId: string | null;
  officialReceiptNo: string | null;
  fileUrl: string | null;
  requestedAt: string;
  issuedAt: string | null;
  refusedReason: string | null;
}

const OFFICIAL_RECEIPT_FIELDS = 'id status title taxId officialReceiptNo fileUrl requestedAt issuedAt refusedReason';

export const DONATION_OFFICIAL_RECEIPT = `query DonationOfficialReceipt($receiptNo: String!) {
  donation(receiptNo: $receiptNo) { id receiptNo officialReceipt { ${OFFICIAL_RECEIPT_FIELDS} } }
}`;

export const REQUEST_OFFICIAL_RECEIPT = `mutation RequestOfficialReceipt($input: RequestOfficialReceiptInput!) {
  requestOfficialReceipt(input: $input) { ${OFFICIAL_RECEIPT_FIELDS} }
}`;

/** 绑定手机号: a code by SMS, then the code; offline gifts recorded against the number become the donor's. */
export const SEND_MY_PHONE_CODE = `mutation SendMyPhoneCode($phone: String!) {
  sendMyPhoneCode(phone: $phone) { phone expiresAt resendAfterSeconds }
}`;
export const VERIFY_MY_PHONE = `mutation VerifyMyPhone($phone: String!, $code: String!) {
  verifyMyPhone(phone: $phone, code: $code) { phone verifiedAt claimedDonations }
}`;
export const LOGOUT = `mutation Logout { logout }`;

export interface FundraisingOverview {
  raisedFen: number;
  donationCount: number;
  byCampaign: {
    campaignId: string;
    slug: string;
    title: string;
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
  rootUnitsFen: number;
  personalFen: number;
}

export const FUNDRAISING_OVERVIEW = `query Overview($campaignId: ID) {
  fundraisingOverview(campaignId: $campaignId) {
    raisedFen donationCount rootUnitsFen personalFen
    byCampaign { campaignId slug title raisedFen donationCount goalFen }
    byRegion { regionCode regionName raisedFen donationCount organizations }
  }
}`;

export interface OutreachOverview {
  eventsHeld: number;
  eventsUpcoming: number;
  volunteers: number;
  volunteersServed: number;
  serviceHours: number;
  peopleServed: number;
  byRegion: {
    regionCode: string;
    regionName: string;
    eventsHeld: number;
    volunteersServed: number;
    serviceHours: number;
    peopleServed: number;
  }[];
}

export const OUTREACH_OVERVIEW = `query OutreachOverview($from: DateTime) {
  outreachOverview(from: $from) {
    eventsHeld eventsUpcoming volunteers volunteersServed serviceHours peopleServed
    byRegion { regionCode regionName eventsHeld volunteersServed serviceHours peopleServed }
  }
}`;

export interface GoodsOverview {
  itemsReceived: number;
  unitsReceived: number;
  unitsDelivered: number;
  householdsReached: number;
  unitsInStock: number;
  byRegion: {
    regionCode: string;
    regionName: string;
    itemsReceived: number;
    unitsReceived: number;
    unitsDelivered: number;
    householdsReached: number;
  }[];
}

export const GOODS_OVERVIEW = `query GoodsOverview {
  goodsOverview {
    itemsReceived unitsReceived unitsDelivered householdsReached unitsInStock
    byRegion { regionCode regionName itemsReceived unitsReceived unitsDelivered householdsReached }
  }
}`;

/** 资金公示: a fund request on public notice, as anyone may read it (no personal data). */
export interface FundNotice {
  id: string;
  code: string;
  title: string;
  purpose: string;
  amountFen: number;
  publicUntil: string;
  supervisionPhone: string | null;
  region: { name: string };
  campaign: { title: string };
  history: { gate: string; at: string }[];
}

export const FUND_REQUEST_NOTICES = `query FundRequestNotices {
  fundRequestNotices { id code title purpose amountFen publicUntil supervisionPhone
    region { name } campaign { title } history { gate at } }
}`;

export const OBJECT_TO_FUND_REQUEST = `mutation ObjectToFundRequest($fundRequestId: ID!, $text: String!, $phone: String) {
  objectToFundRequest(fundRequestId: $fundRequestId, text: $text, phone: $phone) { id receivedAt supervisionPhone }
}`;
