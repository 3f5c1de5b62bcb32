import { PNG } from 'pngjs';
import { DataSource } from 'typeorm';
import { bearer, loginAs } from './auth-helpers';
import { GraphqlResponse, TestApp } from './test-app';

/** The demo centres the goods tests use. */
export interface DemoCentres {
  /** 峄城区众筹管理中心 */
  district: string;
  /** 坛山街道周转中心 */
  tanshan: string;
  /** 吴林街道周转中心 */
  wulin: string;
  /** 坛山社区配送中心: demo-village's */
  village: string;
  /** 东关社区配送中心: another village of 坛山街道 */
  dongguan: string;
}

export const DEMO_VILLAGE_CODE = '370404001001';

/** Service node ids by region code, read through the public regions query. */
export async function demoCentres(t: TestApp): Promise<DemoCentres> {
  const res = await t.gql<{
    regions: {
      code: string;
      node: { id: string };
      children: { code: string; node: { id: string }; children: { code: string; node: { id: string } }[] }[];
    }[];
  }>('{ regions { code node { id } children { code node { id } children { code node { id } } } } }');
  const byCode = new Map<string, string>();
  for (const d of res.data!.regions) {
    byCode.set(d.code, d.node.id);
    for (const town of d.children) {
      byCode.set(town.code, town.node.id);
      for (const v of town.children) byCode.set(v.code, v.node.id);
    }
  }
  return {
    district: byCode.get('370404')!,
    tanshan: byCode.get('370404001')!,
    wulin: byCode.get('370404002')!,
    village: byCode.get(DEMO_VILLAGE_CODE)!,
    dongguan: byCode.get('370404001002')!,
  };
}

/** The demo staff's tokens. */
export async function demoStaffTokens(t: TestApp) {
  return {
    district: await loginAs(t, 'demo-district'),
    town: await loginAs(t, 'demo-town'),
    town2: await loginAs(t, 'demo-town2'),
    village: await loginAs(t, 'demo-village'),
  };
}

/** A GraphQL caller with a token. */
export function caller(t: TestApp, token?: string) {
  return <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphqlResponse<T>> => t.gql<T>(query, variables, token ? bearer(token) : {});
}

/** Registers an item through GraphQL and returns its code. */
export async function registerItem(t: TestApp, token: string, input: Record<string, unknown> = {}): Promise<string> {
  const res = await caller(t, token)<{ registerItem: { code: string } }>(
    'mutation($input: RegisterItemInput!) { registerItem(input: $input) { code } }',
    { input: { category: '粮油', description: '东北大米 5kg', quantity: 10, unit: '袋', ...input } },
  );
  if (!res.data?.registerItem) throw new Error(`registerItem failed: ${JSON.stringify(res.errors)}`);
  return res.data.registerItem.code;
}

/** A small PNG, as a receiver's signature drawn on a phone would be. */
export function signaturePng(): string {
  const png = new PNG({ width: 8, height: 4 });
  png.data.fill(255);
  for (let x = 0; x < 8; x++) png.data[(2 * 8 + x) * 4] = 0;
  return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
}

/**
 * Everything a goods step could change: items, parcels, custody events, deliveries, the audit
 * log and the ledger. Two equal snapshots mean nothing changed.
 */
export async function goodsSnapshot(t: TestApp): Promise<unknown> {
  const ds = t.app.get(DataSource);
  const rows = (sql: string): Promise<Record<string, unknown>[]> => ds.query(sql);
  const count = async (table: string) => Number((await rows(`SELECT count(*) AS n FROM ${table}`))[0].n);
  return {
    items: await rows(
      `SELECT code, status, quantity, node_id, parcel_id, household_id, disinfected_at FROM goods_item ORDER BY code`,
    ),
    parcels: await rows(
      `SELECT code, status, from_node_id, to_node_id, current_node_id FROM goods_parcel ORDER BY code`,
    ),
    needs: await rows(`SELECT id, status, parcel_id FROM goods_need ORDER BY id`),
    offers: await rows(`SELECT code, status FROM goods_offer ORDER BY code`),
    events: await count('custody_event'),
    deliveries: await count('delivery'),
    disinfections: await count('disinfection_record'),
    audit: await count('audit_entry'),
    ledger: await count('ledger_entry'),
  };
}

/** A household as the staff API returns it (masked or in clear: `privileged` says which). */
export interface HouseholdView {
  id: string;
  code: string;
  headName: string;
  identityNumber: string | null;
  memberCount: number;
  members: { name: string; relation: string }[];
  needs: string | null;
  privileged: boolean;
  region: { code: string };
}

/** The selection of every HouseholdView field. */
export const HOUSEHOLD_FIELDS =
  'id code headName identityNumber memberCount members { name relation } needs privileged region { code }';
