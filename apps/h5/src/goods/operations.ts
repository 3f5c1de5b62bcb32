/** The goods operations (统一登记、消毒、打包、配送) the staff and donor pages send, and their shapes. */

export type ItemStatus = 'REGISTERED' | 'DISINFECTED' | 'PACKED' | 'IN_TRANSIT' | 'DELIVERED' | 'REJECTED';
export type ParcelStatus = 'PACKED' | 'IN_TRANSIT' | 'RECEIVED' | 'DELIVERED' | 'UNPACKED';
export type ScanAction =
  | 'REGISTER_ITEM'
  | 'DISINFECT'
  | 'PACK'
  | 'DISPATCH'
  | 'RECEIVE'
  | 'UNPACK'
  | 'DELIVER'
  | 'DELIVER_ITEM'
  | 'ADJUST_STOCK';

export const ITEM_STATUS_NAMES: Record<ItemStatus, string> = {
  REGISTERED: '已登记',
  DISINFECTED: '已消毒',
  PACKED: '已打包',
  IN_TRANSIT: '运送中',
  DELIVERED: '已发放',
  REJECTED: '不可用',
};

export const PARCEL_STATUS_NAMES: Record<ParcelStatus, string> = {
  PACKED: '已打包',
  IN_TRANSIT: '运送中',
  RECEIVED: '已签收',
  DELIVERED: '已发放到户',
  UNPACKED: '已拆包',
};

export const ACTION_NAMES: Record<ScanAction, string> = {
  REGISTER_ITEM: '登记入库',
  DISINFECT: '消毒',
  PACK: '打包',
  DISPATCH: '发出',
  RECEIVE: '签收',
  UNPACK: '拆包',
  DELIVER: '发放到户',
  DELIVER_ITEM: '直接发放到户',
  ADJUST_STOCK: '盘点调整',
};

/** What a custody step is called on the timeline. */
export const STEP_NAMES: Record<string, string> = {
  REGISTERED: '登记入库',
  REJECTED: '不可用，未入库',
  DISINFECTED: '消毒',
  PACKED: '打包',
  DISPATCHED: '发出',
  RECEIVED: '签收',
  UNPACKED: '拆包',
  DELIVERED: '发放到户',
  ADJUSTED: '盘点调整',
  WRITTEN_OFF: '盘点核销',
};

export const DISINFECTION_METHODS = [
  { value: 'UV', text: '紫外线' },
  { value: 'STEAM', text: '蒸汽' },
  { value: 'CHEMICAL', text: '消毒液' },
  { value: 'HEAT', text: '高温' },
  { value: 'OZONE', text: '臭氧' },
] as const;

export interface ServiceNode {
  id: string;
  name: string;
  kind: string;
}

export interface CustodyEvent {
  at: string;
  action: string;
  node: { id: string; name: string } | null;
  toNode: { id: string; name: string } | null;
  actor: string | null;
  note: string | null;
}

const STEP_FIELDS = 'at action node { id name } toNode { id name } actor note';

export interface Item {
  id: string;
  code: string;
  category: string;
  description: string;
  quantity: number;
  unit: string;
  condition: string;
  status: ItemStatus;
  disinfectedAt: string | null;
  registeredAt: string;
  ledgerSeq: number | null;
  node: { id: string; name: string } | null;
  parcel: { code: string; status: ParcelStatus } | null;
}

const ITEM_FIELDS = `id code category description quantity unit condition status disinfectedAt registeredAt ledgerSeq
  node { id name } parcel { code status }`;

export interface Parcel {
  id: string;
  code: string;
  status: ParcelStatus;
  currentNode: { id: string; name: string } | null;
  toNode: { id: string; name: string } | null;
  items: { code: string; category: string; description: string; quantity: number; unit: string; status: ItemStatus }[];
}

const PARCEL_FIELDS = `id code status currentNode { id name } toNode { id name }
  items { code category description quantity unit status }`;

export interface ScanResult {
  kind: 'ITEM' | 'PARCEL' | 'OFFER';
  code: string;
  summary: string;
  actions: ScanAction[];
  dispatchTargets: ServiceNode[];
  node: { id: string; name: string } | null;
  toNode: { id: string; name: string } | null;
  item: Item | null;
  parcel: Parcel | null;
  offer: { code: string; category: string; description: string; quantity: number; unit: string; status: string } | null;
}

export const SCAN = `query Scan($code: String!) {
  scan(code: $code) {
    kind code summary actions dispatchTargets { id name kind } node { id name } toNode { id name }
    item { ${ITEM_FIELDS} } parcel { ${PARCEL_FIELDS} }
    offer { code category description quantity unit status }
  }
}`;

export interface RegisterItemInput {
  category: string;
  description: string;
  quantity: number;
  unit?: string;
  condition?: string;
  donorName?: string;
  donorPhone?: string;
  offerCode?: string;
  rejectionReason?: string;
  note?: string;
}

export const REGISTER_ITEM = `mutation RegisterItem($input: RegisterItemInput!) { registerItem(input: $input) { ${ITEM_FIELDS} } }`;
export const RECORD_DISINFECTION = `mutation Disinfect($input: DisinfectionInput!) {
  recordDisinfection(input: $input) { ${ITEM_FIELDS} }
}`;
export const PACK_PARCEL = `mutation Pack($input: PackParcelInput!) { packParcel(input: $input) { ${PARCEL_FIELDS} } }`;
export const DISPATCH_PARCEL = `mutation Dispatch($parcelCode: String!, $toNodeId: ID!) {
  dispatchParcel(parcelCode: $parcelCode, toNodeId: $toNodeId) { ${PARCEL_FIELDS} }
}`;
export const RECEIVE_PARCEL = `mutation Receive($parcelCode: String!) { receiveParcel(parcelCode: $parcelCode) { ${PARCEL_FIELDS} } }`;
export const UNPACK_PARCEL = `mutation Unpack($parcelCode: String!) { unpackParcel(parcelCode: $parcelCode) { ${PARCEL_FIELDS} } }`;
export const DELIVER_PARCEL = `mutation DeliverParcel($input: DeliverParcelInput!) { deliverParcel(input: $input) { ${PARCEL_FIELDS} } }`;
export const DELIVER_ITEMS = `mutation DeliverItems($input: DeliverItemsInput!) { deliverItems(input: $input) { ${ITEM_FIELDS} } }`;
export const ADJUST_STOCK = `mutation AdjustStock($input: AdjustStockInput!) { adjustStock(input: $input) { ${ITEM_FIELDS} } }`;

export interface Household {
  id: string;
  code: string;
  headName: string;
  memberCount: number;
  region: { code: string; name: string };
}

export const HOUSEHOLDS = `query Households($regionCode: String!) {
  households(regionCode: $regionCode) { id code headName memberCount region { code name } }
}`;

export interface StockLine {
  category: string;
  unit: string;
  items: number;
  inStock: number;
  disinfected: number;
  packed: number;
  inTransit: number;
}

export const STOCK = `query Stock($nodeId: ID!) { stock(nodeId: $nodeId) { category unit items inStock disinfected packed inTransit } }`;

/** Items per page of the stock page's list. */
export const ITEM_PAGE_SIZE = 50;

export interface ItemPage {
  items: Item[];
  nextAfter: string | null;
}

export const ITEM_PAGE = `query ItemPage($nodeId: ID, $status: [ItemStatus!], $after: String) {
  itemPage(nodeId: $nodeId, status: $status, first: ${ITEM_PAGE_SIZE}, after: $after) { items { ${ITEM_FIELDS} } nextAfter }
}`;

export const MY_NODE = `query MyNode { me { staff { region { code name node { id name kind } } } } }`;

export const TRACK_GOODS = `query Track($code: String!) { trackGoods(code: $code) { ${STEP_FIELDS} } }`;

export interface GoodsOffer {
  id: string;
  code: string;
  category: string;
  description: string;
  quantity: number;
  unit: string;
  status: 'OPEN' | 'MATCHED' | 'CANCELLED';
  createdAt: string;
  matchedAt: string | null;
  dropOffNode: { id: string; name: string };
  itemCodes: string[];
}

const OFFER_FIELDS =
  'id code category description quantity unit status createdAt matchedAt dropOffNode { id name } itemCodes';

export const MY_GOODS_OFFERS = `query MyOffers { myGoodsOffers { ${OFFER_FIELDS} } }`;
export const OFFER_GOODS = `mutation OfferGoods($input: CreateOfferInput!) { offerGoods(input: $input) { ${OFFER_FIELDS} } }`;
export const WITHDRAW_OFFER = `mutation Withdraw($code: String!) { withdrawGoodsOffer(code: $code) { ${OFFER_FIELDS} } }`;

export interface CreateOfferInput {
  category: string;
  description: string;
  quantity: number;
  unit?: string;
  dropOffNodeId: string;
  donorName?: string;
  anonymous?: boolean;
}

/** The drop-off centres: every region's service node (district, towns, villages). */
export const CENTRES = `query Centres {
  regions { code name node { id name kind } children { code name node { id name kind } } }
}`;

export interface GoodsBalance {
  registeredUnits: number;
  deliveredUnits: number;
  holds: boolean;
  lines: {
    category: string;
    unit: string;
    registered: number;
    inStock: number;
    packed: number;
    inTransit: number;
    delivered: number;
    rejected: number;
  }[];
}

export const GOODS_BALANCE = `query GoodsBalance {
  goodsBalance { registeredUnits deliveredUnits holds lines { category unit registered inStock packed inTransit delivered rejected } }
}`;

/** Labels (QR) a staff member prints: the API's /labels routes, which want the bearer token. */
export const labelSheetPath = (codes: string[]) => `/labels/sheet.svg?codes=${encodeURIComponent(codes.join(','))}`;
