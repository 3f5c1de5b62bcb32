import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  loginAs,
  outcome,
  paidDonation,
  TestApp,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

/**
 * 署名 (issue 19 item 3): a donor gives under a name of their choosing, set once and changeable;
 * their own certificate carries it whole, with the work unit they gave for; the public ledger, the
 * staff's view and an anonymous gift's certificate do not.
 */
describe('the name a donor gives under', () => {
  let t: TestApp;
  let oneDay: string;
  let district: string;

  const RECEIPT = `query($r: String!) { donationReceipt(receiptNo: $r) { donor donorName organizationName } }`;

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    oneDay = await campaignIdOf(t, 'cixin-yiri-juan-2026');
    district = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  it('prints the chosen name whole on the donor’s own certificate, with their unit; masked everywhere else', async () => {
    const donor = await donorLogin(t, 'o-display-name-wang');
    const tooLong = await t.gql(
      'mutation($n: String) { setMyDisplayName(name: $n) { displayName } }',
      { n: '王'.repeat(21) },
      bearer(donor.token),
    );
    expect(tooLong.errors![0]).toMatchObject({
      message: 'name: 署名最长 20 个字，这个有 21 个',
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
    const set = await t.gql<{ setMyDisplayName: { displayName: string } }>(
      'mutation($n: String) { setMyDisplayName(name: $n) { displayName } }',
      { n: '  王  小明 ' },
      bearer(donor.token),
    );
    expect(set.data!.setMyDisplayName.displayName).toBe('王 小明');
    const me = await t.gql<{ me: { donor: { displayName: string } } }>(
      '{ me { donor { displayName } } }',
      {},
      bearer(donor.token),
    );
    expect(me.data!.me.donor.displayName).toBe('王 小明');

    const orgs = await t.gql<{ organizations: { id: string; name: string }[] }>(
      '{ organizations(regionCode: "370404") { id name } }',
    );
    const unit = orgs.data!.organizations[0];
    const named = await paidDonation(t, donor.token, { campaignId: oneDay, amountFen: 5_000, organizationId: unit.id });
    const own = await t.gql<{ donationReceipt: Record<string, string | null> }>(
      RECEIPT,
      { r: named },
      bearer(donor.token),
    );
    expect(own.data!.donationReceipt).toEqual({ donor: '王***', donorName: '王 小明', organizationName: unit.name });
    const staffView = await t.gql<{ donationReceipt: Record<string, string | null> }>(
      RECEIPT,
      { r: named },
      bearer(district),
    );
    expect(staffView.data!.donationReceipt).toMatchObject({ donor: '王***', donorName: null });
    const [entry] = await t.app
      .get(DataSource)
      .query<{ donor: string }[]>(
        'SELECT e.donor FROM ledger_entry e JOIN donation d ON d.ledger_seq = e.seq WHERE d.receipt_no = $1',
        [named],
      );
    expect(entry.donor).toBe('王***');

    // Anonymous this time: no name on the certificate either.
    const hidden = await paidDonation(t, donor.token, { campaignId: oneDay, amountFen: 1_000, anonymous: true });
    const anon = await t.gql<{ donationReceipt: Record<string, string | null> }>(
      RECEIPT,
      { r: hidden },
      bearer(donor.token),
    );
    expect(anon.data!.donationReceipt).toEqual({ donor: '爱心人士', donorName: null, organizationName: null });

    // Cleared: the next gift is 爱心人士's; the earlier gifts keep the name they were given under.
    const cleared = await t.gql('mutation { setMyDisplayName(name: null) { displayName } }', {}, bearer(donor.token));
    expect(cleared.data).toEqual({ setMyDisplayName: { displayName: null } });
    const later = await paidDonation(t, donor.token, { campaignId: oneDay, amountFen: 1_000 });
    const unnamed = await t.gql<{ donationReceipt: Record<string, string | null> }>(
      RECEIPT,
      { r: later },
      bearer(donor.token),
    );
    expect(unnamed.data!.donationReceipt).toMatchObject({ donor: '爱心人士', donorName: null });
    const again = await t.gql<{ donationReceipt: Record<string, string | null> }>(
      RECEIPT,
      { r: named },
      bearer(donor.token),
    );
    expect(again.data!.donationReceipt.donorName).toBe('王 小明');
    expect(outcome(await t.gql('mutation { setMyDisplayName(name: "张三") { id } }', {}, bearer(district)))).toBe(
      'FORBIDDEN',
    );
  });
});
