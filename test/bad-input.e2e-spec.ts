import { bearer, campaignIdOf, createTestApp, donorLogin, loginAs, TestApp, waitFor } from '@shanchou/test';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Clear answers to bad input (issue 15 item 6): control characters, documents that do not parse or validate, APQ. */
describe('bad input', () => {
  let t: TestApp;
  let donor: string;
  let staff: string;
  let campaignId: string;

  const errorLines = () => t.logs.filter((l) => l.level === 'error');
  const count = async (table: string) =>
    Number((await t.app.get(DataSource).query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const post = (payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    // A burst window short enough to read the notify test's line soon, long enough that 30 requests
    // on a loaded 2-core machine fall inside it (400 ms split them into two lines once in CI).
    t = await createTestApp({ demo: true, listen: true, logLevel: 'info', env: { LOG_BURST_WINDOW_MS: '3000' } });
    donor = (await donorLogin(t, 'o-bad-input')).token;
    staff = await loginAs(t, 'demo-town');
    campaignId = await campaignIdOf(t, 'fupin-shanchou');
  });
  afterAll(() => t?.close());

  describe('a control character in a string input', () => {
    it('refuses createDonation.message with a NUL: 400 BAD_USER_INPUT naming input.message, in Chinese, and no order is made', async () => {
      const before = await count('donation');
      const res = await t.gql(
        'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
        { input: { campaignId, amountFen: 1000, message: '加油\u0000' } },
        bearer(donor),
      );
      expect(res.status).toBe(400);
      expect(res.errors).toEqual([
        {
          message:
            'createDonation 的参数 input.message（U+0000） 含有不允许的控制字符：除制表符、换行符和回车符外，文字中不能有控制字符，请删除后重试',
          extensions: { code: 'BAD_USER_INPUT', field: 'input.message' },
        },
      ]);
      expect(await count('donation')).toBe(before);
      expect(errorLines()).toEqual([]);
    });

    it('refuses the unauthenticated login, inline or in a variable, without counting a failed sign-in', async () => {
      const inline = await t.gql('mutation { login(username: "demo-town\\u0000", password: "x") { token } }');
      const variable = await t.gql('mutation($u: String!) { login(username: $u, password: "x") { token } }', {
        u: 'demo\u0007town',
      });
      for (const res of [inline, variable]) {
        expect(res.status).toBe(400);
        expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'username' });
      }
      // Six refusals would have locked the username had they been counted as wrong passwords.
      for (let i = 0; i < 6; i++)
        await t.gql('mutation { login(username: "demo-town", password: "\\u0000") { token } }');
      expect(await loginAs(t, 'demo-town')).toEqual(expect.any(String));
    });

    it('names a list element and a nested field, and every field at fault, and DEL is refused too', async () => {
      const volunteer = await t.gql(
        'mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { id } }',
        { input: { name: '李\u007f四', phone: '13900000000', skills: ['急救', '护理\u001b[31m'] } },
        bearer(donor),
      );
      expect(volunteer.status).toBe(400);
      expect(volunteer.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
      expect(volunteer.errors![0].message).toMatch(
        /^registerVolunteer 的参数 input\.name（U\+007F）、input\.skills\.1（U\+001B）/,
      );
      expect(await count('volunteer')).toBe(0);

      const item = await t.gql(
        'mutation { registerItem(input: { category: "衣物", description: "棉衣\\u0000", quantity: 2, unit: "件" }) { code } }',
        {},
        bearer(staff),
      );
      expect(item.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.description' });
    });

    it('refuses REST text: the ics and CSV filters, a label code, a path', async () => {
      for (const [url, field] of [
        ['/events.ics?regionCode=370404%00', 'query.regionCode'],
        ['/ledger.csv?campaignId=%01', 'query.campaignId'],
        ['/labels/items/IT-%00.svg', 'params.file'],
        ['/h5/staff%00', 'params.path'],
      ]) {
        const res = await t.app.inject({ method: 'GET', url, headers: bearer(staff) });
        expect([url, res.statusCode]).toEqual([url, 400]);
        expect(res.json()).toEqual({
          code: 'BAD_USER_INPUT',
          field,
          message: expect.stringContaining(`${field}（U+00`) as unknown,
        });
      }
      const clean = await t.app.inject({ method: 'GET', url: '/events.ics?regionCode=370404' });
      expect(clean.statusCode).toBe(200);
    });
  });

  describe('documents that do not parse or validate', () => {
    it.each([
      ['an unclosed selection', '{ regions { code }'],
      ['an unterminated string', '{ regions(parentCode: "37) { code } }'],
      ['a raw NUL in the document', '{ regions\u0000 { code } }'],
      ['a stray brace', '{ regions { code } } }'],
      ['nothing but a comment', '# nothing'],
    ])('answers %s with 400 GRAPHQL_PARSE_FAILED', async (_what, query) => {
      const res = await post({ query });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ errors: { extensions: unknown }[] }>().errors[0].extensions).toEqual({
        code: 'GRAPHQL_PARSE_FAILED',
      });
    });

    it('answers an operation that does not validate with 400 GRAPHQL_VALIDATION_FAILED, naming what is wrong', async () => {
      for (const [query, says] of [
        ['{ regions { nope } }', 'nope'],
        ['{ region { code } }', 'code'],
        ['mutation { login(username: "a") { token } }', 'password'],
      ]) {
        const res = await t.gql(query);
        expect(res.status).toBe(400);
        expect(res.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
        expect(res.errors![0].message).toContain(says);
      }
      expect(errorLines()).toEqual([]);
    });
  });

  describe('automatic persisted queries', () => {
    const query = '{ regions { code } }';
    const sha256 = createHash('sha256').update(query).digest('hex');

    it('answers a hash that is not the query’s with 400 BAD_USER_INPUT naming it, not as an unexpected error', async () => {
      const res = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        errors: [
          {
            message: expect.stringContaining('SHA-256 不一致') as unknown,
            extensions: { code: 'BAD_USER_INPUT', field: 'extensions.persistedQuery.sha256Hash' },
          },
        ],
      });
      const version = await post({ query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256 } } });
      expect(version.statusCode).toBe(400);
      expect(version.json<{ errors: { extensions: unknown }[] }>().errors[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'extensions.persistedQuery.version',
      });
      expect(errorLines()).toEqual([]);
    });

    it('still registers a query under its right hash and answers it by the hash alone', async () => {
      const registered = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256 } } });
      expect(registered.statusCode).toBe(200);
      const byHash = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256 } } });
      expect(byHash.json()).toEqual(registered.json());
    });
  });

  describe('WeChat Pay notifications refused', () => {
    it('are logged one line per burst, with the count and the reasons', async () => {
      const lines = () => t.logs.filter((l) => String(l.msg).startsWith('WeChat Pay notification'));
      expect(lines()).toEqual([]);
      const forged = (i: number) =>
        fetch(`${t.baseUrl}/wechatpay/notify`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'wechatpay-timestamp': String(Math.floor(Date.now() / 1000) - (i % 2 ? 3600 : 0)),
            'wechatpay-nonce': `n${i}`,
            'wechatpay-serial': 'PUB_KEY_ID_0000000000000000000000000000000000',
            'wechatpay-signature': Buffer.from(`forged ${i}`).toString('base64'),
          },
          body: JSON.stringify({ id: `forged-${i}`, event_type: 'TRANSACTION.SUCCESS' }),
        });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => forged(i)));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 401));
      await waitFor('the burst’s log line', () => lines().length > 0, 15_000);
      expect(lines()).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: 'WeChat Pay notifications refused',
          status: 401,
          count: 30,
          reasons: expect.any(Object) as unknown,
        }),
      ]);
      const reasons = lines()[0].reasons as Record<string, number>;
      expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(30);
      expect(Object.keys(reasons).every((r) => r.startsWith('signature refused'))).toBe(true);
    });
  });
});
