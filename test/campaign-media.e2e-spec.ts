import { CampaignUpdateService } from '@shanchou/campaigns';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';

interface CampaignPage {
  id: string;
  coverImageId: string | null;
  coverImageUrl: string | null;
  imageIds: string[];
  imageUrls: string[];
  updates: { title: string; body: string; publishedAt: string; imageUrls: string[] }[];
}
const PAGE = 'id coverImageId coverImageUrl imageIds imageUrls updates { title body publishedAt imageUrls }';

/** A campaign's cover, gallery and progress updates (issue 17 item 2), read back as the donor's page reads them. */
describe('campaign images and progress updates', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let town: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-campaign-media-'));
    t = await createTestApp({ demo: true, env: { FILES_DIR: dir } });
    [admin, town] = await Promise.all([loginAs(t, 'demo-district'), loginAs(t, 'demo-town')]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(
    token: string,
    colour: string,
    purpose = 'campaign-image',
  ): Promise<{ id: string; url: string }> {
    const jpeg = await sharp({ create: { width: 120, height: 80, channels: 3, background: colour } })
      .jpeg()
      .toBuffer();
    const data = new FormData();
    data.append('purpose', purpose);
    data.append('file', new Blob([jpeg]), 'photo.jpg');
    const request = new Request('http://localhost/files', { method: 'POST', body: data });
    const res = await t.app.inject({
      method: 'POST',
      url: '/files',
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type') ?? '', ...bearer(token) },
    });
    if (res.statusCode !== 201) throw new Error(`upload failed: ${res.body}`);
    return res.json<{ id: string; url: string }>();
  }

  async function page(slug: string): Promise<CampaignPage> {
    const res = await t.gql<{ campaign: CampaignPage }>(`query($s: String!) { campaign(slug: $s) { ${PAGE} } }`, {
      s: slug,
    });
    expect(res.errors).toBeUndefined();
    return res.data!.campaign;
  }

  it('creates a campaign with a cover and a gallery, publishes progress, and the public page shows them', async () => {
    const [cover, one, two, progressPhoto] = await Promise.all(
      ['#c00', '#0c0', '#00c', '#cc0'].map((c) => upload(admin, c)),
    );
    const created = await t.gql<{ createCampaign: { id: string } }>(
      `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }`,
      {
        input: {
          slug: 'shuijiao-2026',
          kind: 'GENERAL',
          title: '村村通水窖',
          coverImageId: cover.id,
          imageIds: [one.id, two.id],
        },
      },
      bearer(admin),
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCampaign.id;
    await t.gql(`mutation { activateCampaign(campaignId: "${id}") { status } }`, {}, bearer(admin));

    const publish = (title: string, body: string, imageIds?: string[]) =>
      t.gql<{ publishCampaignUpdate: { id: string; imageUrls: string[] } }>(
        `mutation($input: PublishCampaignUpdateInput!) { publishCampaignUpdate(input: $input) { id title imageUrls } }`,
        { input: { campaignId: id, title, body, imageIds } },
        bearer(admin),
      );
    expect(outcome(await publish('开工', '水窖**开挖**，共 12 户。'))).toBe('OK');
    const second = await publish('完工验收', '## 验收\n\n全部通水。', [progressPhoto.id]);
    expect(second.data!.publishCampaignUpdate.imageUrls).toEqual([progressPhoto.url]);

    const shown = await page('shuijiao-2026');
    expect(shown.coverImageUrl).toBe(cover.url);
    expect(shown.imageUrls).toEqual([one.url, two.url]);
    // The ids behind the addresses, so the console can send back what it keeps.
    expect(shown.coverImageId).toBe(cover.id);
    expect(shown.imageIds).toEqual([one.id, two.id]);
    expect(shown.updates.map((u) => u.title)).toEqual(['完工验收', '开工']);
    expect(shown.updates[0]).toMatchObject({ body: '## 验收\n\n全部通水。', imageUrls: [progressPhoto.url] });
    expect(shown.updates[1].imageUrls).toEqual([]);
    expect(new Date(shown.updates[0].publishedAt) >= new Date(shown.updates[1].publishedAt)).toBe(true);
    // The addresses the page shows are served to anyone.
    const img = await t.app.inject({ method: 'GET', url: shown.coverImageUrl! });
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');

    const audit = await t.gql<{ auditLog: { entries: { action: string; targetId: string }[] } }>(
      `{ auditLog(filter: { action: "campaign.publishUpdate" }, first: 10) { entries { action targetId } } }`,
      {},
      bearer(admin),
    );
    expect(audit.data!.auditLog.entries).toEqual([
      { action: 'campaign.publishUpdate', targetId: id },
      { action: 'campaign.publishUpdate', targetId: id },
    ]);

    // Editing: a new gallery order, the cover removed.
    const edited = await t.gql<{ updateCampaign: CampaignPage }>(
      `mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(campaignId: $id, input: $input) { ${PAGE} } }`,
      { id, input: { coverImageId: null, imageIds: [two.id, one.id, cover.id] } },
      bearer(admin),
    );
    expect(edited.errors).toBeUndefined();
    expect(edited.data!.updateCampaign).toMatchObject({
      coverImageId: null,
      coverImageUrl: null,
      imageIds: [two.id, one.id, cover.id],
      imageUrls: [two.url, one.url, cover.url],
    });
  });

  it('takes only campaign images, naming the field; progress only from a district admin, with title and body', async () => {
    const { id } = (await t.gql<{ campaigns: { id: string }[] }>('{ campaigns(status: ACTIVE) { id } }')).data!
      .campaigns[0];
    const attachment = await upload(admin, '#888', 'attachment');
    const photo = await upload(admin, '#444');
    const update = (input: Record<string, unknown>) =>
      t.gql(
        `mutation($id: ID!, $input: UpdateCampaignInput!) { updateCampaign(campaignId: $id, input: $input) { id } }`,
        { id, input },
        bearer(admin),
      );
    const wrong = await update({ coverImageId: attachment.id });
    expect(wrong.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.coverImageId' });
    expect(wrong.errors![0].message).toMatch(/attachment/);
    const unknown = await update({ imageIds: [photo.id, '00000000-0000-4000-8000-000000000000'] });
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.imageIds[1]' });
    const malformed = await update({ imageIds: ['not-an-id'] });
    expect(outcome(malformed)).toBe('BAD_USER_INPUT');

    const publish = (token: string, input: Record<string, unknown>) =>
      t.gql(
        `mutation($input: PublishCampaignUpdateInput!) { publishCampaignUpdate(input: $input) { id } }`,
        { input: { campaignId: id, title: '进展', body: '内容', ...input } },
        bearer(token),
      );
    expect(outcome(await publish(town, {}))).toBe('FORBIDDEN');
    const blank = await publish(admin, { title: '  ' });
    expect(blank.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.title' });
    const long = await publish(admin, { body: 'x'.repeat(20_001) });
    expect(outcome(long)).toBe('BAD_USER_INPUT');
    const notImage = await publish(admin, { imageIds: [attachment.id] });
    expect(notImage.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.imageIds' });
    expect((await page('shuijiao-2026')).updates).toHaveLength(2);
  });

  it('reads the updates of a whole list of campaigns in one batch', async () => {
    const service = t.app.get(CampaignUpdateService);
    const spy = jest.spyOn(service, 'ofCampaigns');
    try {
      const res = await t.gql<{ campaigns: CampaignPage[] }>(`{ campaigns { ${PAGE} } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.campaigns.length).toBeGreaterThanOrEqual(4);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
