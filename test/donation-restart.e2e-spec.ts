import { SimNotification } from '@shanchou/wechat-sim';
import { bearer, createDemoDatabase, createTestApp, donorLogin, TestApp, TestDatabase, waitFor } from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** A notification that arrives again after the API restarted credits nothing more. */
describe('a payment notification replayed after a restart', () => {
  let database: TestDatabase;
  let dataDir: string;
  const onDisk = () => ({ inMemory: false, runMigrations: false, pgliteTemplate: undefined });

  beforeAll(async () => {
    database = await createDemoDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-restart-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('credits once', async () => {
    const first: TestApp = await createTestApp({
      database,
      listen: true,
      env: { DATA_DIR: dataDir },
      core: { database: { ...onDisk(), pgliteTemplate: database.pgliteTemplate } },
      wechatSim: { notifyRetryScale: 0.001 },
    });
    let sent: SimNotification;
    let receiptNo: string;
    try {
      const { token } = await donorLogin(first, 'oRestart-donor-01');
      const id = (await first.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!
        .campaign.id;
      const res = await first.gql<{ createDonation: { donation: { receiptNo: string } } }>(
        `mutation { createDonation(input: { campaignId: "${id}", amountFen: 2600 }) { donation { receiptNo } } }`,
        {},
        bearer(token),
      );
      receiptNo = res.data!.createDonation.donation.receiptNo;
      await fetch(`${first.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
      await waitFor('PAID', async () => {
        const d = await first.gql<{ donation: { status: string } }>(
          `{ donation(receiptNo: "${receiptNo}") { status } }`,
          {},
          bearer(token),
        );
        return d.data?.donation.status === 'PAID';
      });
      [sent] = (await (
        await fetch(`${first.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=${receiptNo}`)
      ).json()) as SimNotification[];
    } finally {
      await first.close();
    }

    const second: TestApp = await createTestApp({
      database,
      listen: true,
      env: { DATA_DIR: dataDir },
      core: { database: onDisk() },
    });
    try {
      const before = (
        await second.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
          '{ campaign(slug: "fupin-shanchou") { raisedFen donationCount } }',
        )
      ).data!.campaign;
      expect(before).toEqual({ raisedFen: 2600, donationCount: 1 });
      const again = await fetch(`${second.baseUrl}/wechatpay/notify`, {
        method: 'POST',
        headers: sent.headers,
        body: sent.body,
      });
      expect(again.status).toBe(204);
      const after = (
        await second.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
          '{ campaign(slug: "fupin-shanchou") { raisedFen donationCount } }',
        )
      ).data!.campaign;
      expect(after).toEqual(before);
      await second.integrateLedger();
      const ledger = await second.gql<{ ledger: { entries: { memo: string }[] } }>(
        '{ ledger(first: 50) { entries { memo } } }',
      );
      expect(ledger.data!.ledger.entries.filter((e) => e.memo.endsWith(receiptNo))).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
