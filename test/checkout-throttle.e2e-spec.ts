import { CHECKOUT_POLICY } from '@shanchou/donations';
import { bearer, createTestApp, donorLogin, outcome, TestApp } from '@shanchou/test';

describe('checkout throttling', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
  });
  afterAll(() => t.close());

  it(`refuses a donor's ${CHECKOUT_POLICY.perDonor + 1}th payment started in a minute`, async () => {
    const { token } = await donorLogin(t, 'oThrottle-donor-01');
    const id = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!.campaign
      .id;
    const start = () =>
      t.gql(
        `mutation { createDonation(input: { campaignId: "${id}", amountFen: 100 }) { donation { status } } }`,
        {},
        bearer(token),
      );
    const results: string[] = [];
    for (let i = 0; i <= CHECKOUT_POLICY.perDonor; i++) results.push(outcome(await start()));
    expect(results).toEqual([...Array.from({ length: CHECKOUT_POLICY.perDonor }, () => 'OK'), 'FORBIDDEN']);
    const other = await donorLogin(t, 'oThrottle-donor-02');
    expect(
      outcome(
        await t.gql(
          `mutation { createDonation(input: { campaignId: "${id}", amountFen: 100 }) { donation { status } } }`,
          {},
          bearer(other.token),
        ),
      ),
    ).toBe('OK');
  });
});
