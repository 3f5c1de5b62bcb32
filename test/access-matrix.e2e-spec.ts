import { Role, StaffService } from '@shanchou/identity';
import { DataSource } from 'typeorm';
import { OutreachEventService, OutreachKind } from '@shanchou/outreach';
import {
  bearer,
  createTestApp,
  donorLogin,
  GraphqlResponse,
  loginAs,
  newVolunteer,
  outcome,
  shanghaiAt,
  TestApp,
  loadOtherDistrict,
} from '@shanchou/test';

/**
 * Every role × every operation so far × own region / another region / the parent region.
 * Goods: items, stock and households of each region; steps refused outside the scope.
 * Allowed calls succeed; the rest fail with UNAUTHENTICATED, FORBIDDEN or NOT_FOUND, reveal
 * nothing of the record, and change nothing.
 */
type Subject = 'anonymous' | 'donor' | 'district' | 'auditor' | 'town' | 'village';
type StaffSubject = Exclude<Subject, 'anonymous' | 'donor'>;
type Where = 'own' | 'other' | 'parent';
const STAFF_SUBJECTS: StaffSubject[] = ['district', 'auditor', 'town', 'village'];

/** The region each subject calls own, other and parent. */
const REGION: Record<StaffSubject, Partial<Record<Where, string>>> = {
  district: { own: '370404', other: '370405' },
  auditor: { own: '370404', other: '370405' },
  town: { own: '370404001', other: '370404002', parent: '370404' },
  village: { own: '370404001001', other: '370404001002', parent: '370404001' },
};
/** A staff member in each subject's own, other and parent region. */
const MEMBER: Record<StaffSubject, Partial<Record<Where, string>>> = {
  district: { own: 'v-east', other: 'v-taierzhuang' },
  auditor: { own: 'v-east', other: 'v-taierzhuang' },
  town: { own: 'v-east', other: 'v-wulin', parent: 'demo-district' },
  village: { own: 'v-same', other: 'v-east', parent: 'demo-town' },
};
/** A village in each subject's own and other region, to create a village operator in. */
const VILLAGE: Record<StaffSubject, Partial<Record<Where, string>>> = {
  district: { own: '370404002201', other: '370405001001' },
  auditor: { own: '370404002201', other: '370405001001' },
  town: { own: '370404001003', other: '370404002202' },
  village: { own: '370404001001', other: '370404001002' },
};

type Expect = Record<Subject, Partial<Record<Where, string>> | string>;

describe('access matrix', () => {
  let t: TestApp;
  const tokens: Partial<Record<Subject, string>> = {};
  const ids: Record<string, string> = {};
  /** An outreach event in each region of REGION, by region code. */
  const eventIn: Record<string, string> = {};
  let serial = 0;

  const call = (subject: Subject, query: string): Promise<GraphqlResponse> =>
    t.gql(query, {}, tokens[subject] ? bearer(tokens[subject]) : {});

  /** Whether a member is enabled, read as the district admin of their district would. */
  async function isEnabled(id: string): Promise<boolean> {
    const all = [
      ...(await t.app.get(StaffService).list(SEE_ALL, '370404')),
      ...(await t.app.get(StaffService).list(SEE_ALL, '370405')),
    ];
    return all.find((s) => s.id === id)!.enabled;
  }
  const SEE_ALL = { covers: () => true } as unknown as Parameters<StaffService['list']>[0];

  async function freshOperatorLike(username: string): Promise<string> {
    const region = {
      'v-east': '370404001002',
      'v-wulin': '370404002001',
      'v-taierzhuang': '370405001001',
      'v-same': '370404001001',
    }[username];
    if (!region) return ids[username]; // demo accounts: act on them as they are
    const [member] = await t.app.get(StaffService).provision([
      {
        username: `t${++serial}-${username}`,
        displayName: '目标',
        role: Role.VILLAGE_OPERATOR,
        regionCode: region,
        password: 'target1234',
      },
    ]);
    return member.id;
  }

  function expected(table: Expect, subject: Subject, where: Where): string {
    const row = table[subject];
    return typeof row === 'string' ? row : (row[where] ?? 'n/a');
  }

  function cases(table: Expect): [Subject, Where, string][] {
    const rows: [Subject, Where, string][] = [];
    for (const subject of ['anonymous', 'donor', ...STAFF_SUBJECTS] as Subject[]) {
      for (const where of ['own', 'other', 'parent'] as Where[]) {
        const exp = expected(table, subject, where);
        const staffSubject = subject === 'anonymous' || subject === 'donor' ? 'town' : subject;
        if (exp !== 'n/a' && REGION[staffSubject][where]) rows.push([subject, where, exp]);
      }
    }
    return rows;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    // A second district, so a district's staff have an "other" region too.
    await loadOtherDistrict(t);
    const members = await t.app.get(StaffService).provision([
      {
        username: 'auditor-a',
        displayName: '审计',
        role: Role.AUDITOR,
        regionCode: '370404',
        password: 'audit-2026',
      },
      {
        username: 'v-east',
        displayName: '东关',
        role: Role.VILLAGE_OPERATOR,
        regionCode: '370404001002',
        password: 'village1234',
      },
      {
        username: 'v-same',
        displayName: '坛山',
        role: Role.VILLAGE_OPERATOR,
        regionCode: '370404001001',
        password: 'village1234',
      },
      {
        username: 'v-wulin',
        displayName: '吴林',
        role: Role.VILLAGE_OPERATOR,
        regionCode: '370404002001',
        password: 'village1234',
      },
      {
        username: 'v-taierzhuang',
        displayName: '运河',
        role: Role.VILLAGE_OPERATOR,
        regionCode: '370405001001',
        password: 'village1234',
      },
    ]);
    for (const m of members) ids[m.username] = m.id;
    tokens.district = await loginAs(t, 'demo-district');
    tokens.town = await loginAs(t, 'demo-town');
    tokens.village = await loginAs(t, 'demo-village');
    tokens.auditor = await loginAs(t, 'auditor-a', 'audit-2026');
    tokens.donor = (await donorLogin(t, 'oMatrix-donor-01')).token;
    const events = t.app.get(OutreachEventService);
    const regionCodes = new Set(Object.values(REGION).flatMap((r) => Object.values(r)));
    for (const code of regionCodes) {
      await events.provisionDemo([
        {
          title: `矩阵活动 ${code}`,
          kind: OutreachKind.LAW,
          regionCode: code,
          place: '村委会',
          organiser: '司法局',
          description: '',
          neededSkills: [],
          capacity: 5,
          inDays: 30,
          from: '09:00',
          until: '10:00',
        },
      ]);
      const listed = await events.list({ regionCode: code, from: shanghaiAt(29, '00:00') });
      eventIn[code] = listed.find((e) => e.title === `矩阵活动 ${code}`)!.id;
    }
    for (const name of ['demo-district', 'demo-town']) {
      const me = await t.gql<{ me: { staff: { id: string } } }>(
        '{ me { staff { id } } }',
        {},
        bearer(await loginAs(t, name)),
      );
      ids[name] = me.data!.me.staff.id;
    }
  });
  afterAll(() => t.close());

  describe('public operations', () => {
    it.each(['anonymous', 'donor', ...STAFF_SUBJECTS] as Subject[])('regions and region answer %s', async (subject) => {
      expect(outcome(await call(subject, '{ regions { code } region(code: "370404001") { name } }'))).toBe('OK');
    });
    it.each(['anonymous', 'donor', ...STAFF_SUBJECTS] as Subject[])('clientConfig answers %s', async (subject) => {
      expect(outcome(await call(subject, '{ clientConfig { wechatAppId wechatAuthorizeUrl } }'))).toBe('OK');
    });
  });

  describe('me', () => {
    it.each(['donor', ...STAFF_SUBJECTS] as Subject[])('answers %s', async (subject) => {
      expect(outcome(await call(subject, '{ me { staff { id } donor { id } } }'))).toBe('OK');
    });
    it('refuses an anonymous caller', async () => {
      expect(outcome(await call('anonymous', '{ me { staff { id } } }'))).toBe('UNAUTHENTICATED');
    });
  });

  describe('staffList(regionCode)', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: { own: 'OK', other: 'FORBIDDEN' },
      town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(table))('%s in the %s region → %s', async (subject, where, exp) => {
      const region = REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      const res = await call(subject, `{ staffList(regionCode: "${region}") { username region { code } } }`);
      expect(outcome(res)).toBe(exp);
      if (exp === 'OK') {
        const listed = res.data!.staffList as { region: { code: string } }[];
        expect(listed.length).toBeGreaterThan(0);
        expect(listed.every((s) => s.region.code.startsWith(region))).toBe(true);
      } else {
        expect(res.data).toBeNull();
      }
    });
  });

  describe('staffMember(staffId)', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'NOT_FOUND' },
      auditor: { own: 'OK', other: 'NOT_FOUND' },
      town: { own: 'OK', other: 'NOT_FOUND', parent: 'NOT_FOUND' },
      village: { own: 'OK', other: 'NOT_FOUND', parent: 'NOT_FOUND' },
    };
    it.each(cases(table))('%s reading a member of the %s region → %s', async (subject, where, exp) => {
      const target = ids[MEMBER[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!];
      const res = await call(subject, `{ staffMember(staffId: "${target}") { username } }`);
      expect(outcome(res)).toBe(exp);
      if (exp === 'NOT_FOUND') {
        // The same answer as for an id that exists nowhere: nothing is revealed.
        expect(res.errors![0].message).toBe(`staffId: 找不到工作人员 ${target}`);
        const nowhere = await call(
          subject,
          '{ staffMember(staffId: "00000000-0000-4000-8000-000000000000") { username } }',
        );
        expect(outcome(nowhere)).toBe('NOT_FOUND');
      }
    });
  });

  describe('createStaff (a village operator)', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'OK', other: 'FORBIDDEN' },
      village: 'FORBIDDEN',
    };
    it.each(cases(table).filter(([, where]) => where !== 'parent'))(
      '%s in the %s region → %s',
      async (subject, where, exp) => {
        const village = VILLAGE[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
        const username = `new-${++serial}`;
        const res = await call(
          subject,
          `mutation { createStaff(input: { username: "${username}", displayName: "新人", role: VILLAGE_OPERATOR, regionCode: "${village}", password: "newcomer-2026" }) { id region { code } } }`,
        );
        expect(outcome(res)).toBe(exp);
        const exists = (await t.app.get(StaffService).list(SEE_ALL, village.slice(0, 6))).some(
          (s) => s.username === username,
        );
        expect(exists).toBe(exp === 'OK');
      },
    );

    it('refuses a town operator creating another town operator in its own town', async () => {
      const res = await call(
        'town',
        'mutation { createStaff(input: { username: "town-peer", displayName: "同级", role: TOWN_OPERATOR, regionCode: "370404001", password: "peer-pass-2026" }) { id } }',
      );
      expect(outcome(res)).toBe('FORBIDDEN');
    });
  });

  describe.each([
    ['disableStaff', false],
    ['resetStaffPassword', true],
  ] as const)('%s', (operation, stillEnabled) => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'NOT_FOUND' },
      auditor: 'FORBIDDEN',
      town: { own: 'OK', other: 'NOT_FOUND', parent: 'NOT_FOUND' },
      village: 'FORBIDDEN',
    };
    it.each(cases(table))('%s acting on a member of the %s region → %s', async (subject, where, exp) => {
      const name = MEMBER[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      const target = await freshOperatorLike(name);
      const args =
        operation === 'disableStaff' ? `staffId: "${target}"` : `staffId: "${target}", newPassword: "reset12345"`;
      const res = await call(subject, `mutation { ${operation}(${args}) { id } }`);
      expect(outcome(res)).toBe(exp);
      expect(await isEnabled(target)).toBe(exp === 'OK' ? stillEnabled : true);
    });
  });

  describe('enableStaff', () => {
    it.each([
      ['district', 'OK'],
      ['town', 'OK'],
      ['auditor', 'FORBIDDEN'],
      ['village', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as [Subject, string][])('%s enabling a disabled village operator of 坛山街道 → %s', async (subject, exp) => {
      const target = await freshOperatorLike('v-east');
      await call('district', `mutation { disableStaff(staffId: "${target}") { id } }`);
      expect(outcome(await call(subject, `mutation { enableStaff(staffId: "${target}") { id } }`))).toBe(exp);
      expect(await isEnabled(target)).toBe(exp === 'OK');
    });
  });

  describe('auditLog', () => {
    it.each([
      ['district', 'OK'],
      ['auditor', 'OK'],
      ['town', 'FORBIDDEN'],
      ['village', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as [Subject, string][])('%s → %s', async (subject, exp) => {
      expect(outcome(await call(subject, '{ auditLog { entries { action } } }'))).toBe(exp);
    });
    it('refuses a district admin the audit of another district', async () => {
      expect(
        outcome(await call('district', '{ auditLog(filter: { regionCode: "370405" }) { entries { action } } }')),
      ).toBe('FORBIDDEN');
    });
  });

  describe('reconciliationReport and runReconciliation', () => {
    /** Runs of the day, counted by their audit rows: a refused run leaves none. */
    const runsAudited = async (): Promise<number> => {
      const rows: { n: string | number }[] = await t.app
        .get(DataSource)
        .query(`SELECT count(*) AS n FROM audit_entry WHERE action = 'reconciliation.run'`);
      return Number(rows[0].n);
    };
    it.each([
      ['district', 'OK', 'OK'],
      ['auditor', 'OK', 'FORBIDDEN'],
      ['town', 'FORBIDDEN', 'FORBIDDEN'],
      ['village', 'FORBIDDEN', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ] as [Subject, string, string][])('%s reads → %s, runs → %s', async (subject, read, run) => {
      const before = await runsAudited();
      const ran = await call(subject, 'mutation { runReconciliation(date: "2025-11-01") { status } }');
      expect(outcome(ran)).toBe(run);
      expect(await runsAudited()).toBe(before + (run === 'OK' ? 1 : 0));
      const report = await call(
        subject,
        '{ reconciliationReport(date: "2025-11-01") { status differences { kind } } }',
      );
      expect(outcome(report)).toBe(read);
      if (read !== 'OK') expect(report.data?.reconciliationReport ?? null).toBeNull();
    });
  });

  describe('goodsOverview', () => {
    it.each([
      ['district', 'OK'],
      ['auditor', 'OK'],
      ['town', 'FORBIDDEN'],
      ['village', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as [Subject, string][])('%s → %s', async (subject, exp) => {
      expect(outcome(await call(subject, '{ goodsOverview { unitsReceived byRegion { regionCode } } }'))).toBe(exp);
    });
  });

  describe('outreachOverview', () => {
    it.each([
      ['district', 'OK'],
      ['auditor', 'OK'],
      ['town', 'FORBIDDEN'],
      ['village', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as [Subject, string][])('%s → %s', async (subject, exp) => {
      expect(outcome(await call(subject, '{ outreachOverview { eventsHeld byRegion { regionCode } } }'))).toBe(exp);
    });
  });

  describe('fundraisingOverview', () => {
    it.each([
      ['district', 'OK'],
      ['auditor', 'OK'],
      ['town', 'FORBIDDEN'],
      ['village', 'FORBIDDEN'],
      ['donor', 'FORBIDDEN'],
      ['anonymous', 'UNAUTHENTICATED'],
    ] as [Subject, string][])('%s → %s', async (subject, exp) => {
      const res = await call(subject, '{ fundraisingOverview { raisedFen byRegion { regionCode } } }');
      expect(outcome(res)).toBe(exp);
      if (exp === 'OK') {
        const towns = (res.data!.fundraisingOverview as { byRegion: { regionCode: string }[] }).byRegion;
        expect(towns.every((r) => r.regionCode.startsWith('370404'))).toBe(true);
      }
    });
  });

  describe('goods logistics', () => {
    /** Who registers the item each subject calls own, other and parent (a centre of that region). */
    const REGISTRAR: Record<StaffSubject, Partial<Record<Where, string>>> = {
      district: { own: 'demo-district', other: 'v-taierzhuang' },
      auditor: { own: 'demo-district', other: 'v-taierzhuang' },
      town: { own: 'demo-town', other: 'v-wulin', parent: 'demo-district' },
      village: { own: 'demo-village', other: 'v-east', parent: 'demo-town' },
    };
    const PASSWORDS: Record<string, string> = {
      'v-taierzhuang': 'village1234',
      'v-wulin': 'village1234',
      'v-east': 'village1234',
    };
    const itemOf: Record<string, string> = {};
    const nodeOf: Record<string, string> = {};
    const householdOf: Record<string, string> = {};
    const staffOf = (subject: Subject): StaffSubject =>
      subject === 'anonymous' || subject === 'donor' ? 'town' : subject;

    beforeAll(async () => {
      for (const username of new Set(Object.values(REGISTRAR).flatMap((r) => Object.values(r)))) {
        const token = await loginAs(t, username, PASSWORDS[username]);
        const res = await t.gql<{ registerItem: { code: string; node: { id: string } } }>(
          'mutation { registerItem(input: { category: "粮油", description: "大米", quantity: 1 }) { code node { id } } }',
          {},
          bearer(token),
        );
        itemOf[username] = res.data!.registerItem.code;
        nodeOf[username] = res.data!.registerItem.node.id;
      }
      for (const code of ['370404001001', '370404001002']) {
        const res = await t.gql<{ households: { id: string }[] }>(
          `{ households(regionCode: "${code}") { id } }`,
          {},
          bearer(tokens.district!),
        );
        householdOf[code] = res.data!.households[0].id;
      }
    });

    const reads: [string, (username: string) => string][] = [
      ['item(code)', (u) => `{ item(code: "${itemOf[u]}") { code } }`],
      ['scan(code)', (u) => `{ scan(code: "${itemOf[u]}") { kind } }`],
    ];
    describe.each(reads)('%s', (_name, query) => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { own: 'OK', other: 'NOT_FOUND' },
        auditor: { own: 'OK', other: 'NOT_FOUND' },
        town: { own: 'OK', other: 'NOT_FOUND', parent: 'NOT_FOUND' },
        village: { own: 'OK', other: 'NOT_FOUND', parent: 'NOT_FOUND' },
      };
      it.each(cases(table))('%s reading an item of the %s region → %s', async (subject, where, exp) => {
        const res = await call(subject, query(REGISTRAR[staffOf(subject)][where]!));
        expect(outcome(res)).toBe(exp);
        if (exp !== 'OK') expect(Object.values(res.data ?? { none: null })).toEqual([null]);
      });
    });

    describe('stock(nodeId)', () => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { own: 'OK', other: 'FORBIDDEN' },
        auditor: { own: 'OK', other: 'FORBIDDEN' },
        town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
        village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      };
      it.each(cases(table))('%s reading the stock of a centre of the %s region → %s', async (subject, where, exp) => {
        const node = nodeOf[REGISTRAR[staffOf(subject)][where]!];
        const res = await call(subject, `{ stock(nodeId: "${node}") { category inStock } }`);
        expect(outcome(res)).toBe(exp);
        if (exp === 'OK') expect(res.data!.stock).toEqual([expect.objectContaining({ category: '粮油' })]);
      });
    });

    describe('households(regionCode)', () => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { own: 'OK', other: 'FORBIDDEN' },
        auditor: { own: 'OK', other: 'FORBIDDEN' },
        town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
        village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      };
      it.each(cases(table))('%s listing the households of the %s region → %s', async (subject, where, exp) => {
        const region = REGION[staffOf(subject)][where]!;
        const res = await call(subject, `{ households(regionCode: "${region}") { id headName } }`);
        expect(outcome(res)).toBe(exp);
      });
    });

    describe.each([
      ['deliveries(regionCode)', (region: string) => `{ deliveries(regionCode: "${region}") { id } }`],
      ['needs(regionCode)', (region: string) => `{ needs(regionCode: "${region}") { id } }`],
    ])('%s', (_name, query) => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { own: 'OK', other: 'FORBIDDEN' },
        auditor: { own: 'OK', other: 'FORBIDDEN' },
        town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
        village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      };
      it.each(cases(table))('%s reading the %s region → %s', async (subject, where, exp) => {
        expect(outcome(await call(subject, query(REGION[staffOf(subject)][where]!)))).toBe(exp);
      });
    });

    describe('stockAdjustments(nodeId)', () => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { own: 'OK', other: 'FORBIDDEN' },
        auditor: { own: 'OK', other: 'FORBIDDEN' },
        town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
        village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      };
      it.each(cases(table))(
        '%s reading the stock-takes of a centre of the %s region → %s',
        async (subject, where, exp) => {
          const node = nodeOf[REGISTRAR[staffOf(subject)][where]!];
          expect(outcome(await call(subject, `{ stockAdjustments(nodeId: "${node}") { itemCode } }`))).toBe(exp);
        },
      );
    });

    describe('household(householdId)', () => {
      it.each([
        ['village', '370404001001', 'OK'],
        ['village', '370404001002', 'NOT_FOUND'],
        ['town', '370404001002', 'OK'],
        ['district', '370404001002', 'OK'],
        ['auditor', '370404001002', 'OK'],
        ['donor', '370404001001', 'FORBIDDEN'],
        ['anonymous', '370404001001', 'UNAUTHENTICATED'],
      ] as [Subject, string, string][])('%s reading a household of %s → %s', async (subject, village, exp) => {
        const res = await call(subject, `{ household(householdId: "${householdOf[village]}") { id } }`);
        expect(outcome(res)).toBe(exp);
      });
    });

    describe('registerItem', () => {
      it.each([
        ['district', 'OK'],
        ['town', 'OK'],
        ['village', 'OK'],
        ['auditor', 'FORBIDDEN'],
        ['donor', 'FORBIDDEN'],
        ['anonymous', 'UNAUTHENTICATED'],
      ] as [Subject, string][])('%s → %s', async (subject, exp) => {
        const res = await call(
          subject,
          'mutation { registerItem(input: { category: "衣物", description: "毛衣", quantity: 2 }) { code } }',
        );
        expect(outcome(res)).toBe(exp);
      });
    });

    describe.each([
      ['packParcel', (code: string) => `mutation { packParcel(input: { itemCodes: ["${code}"] }) { code } }`],
      [
        'recordDisinfection',
        (code: string) => `mutation { recordDisinfection(input: { itemCodes: ["${code}"], method: "UV" }) { code } }`,
      ],
    ])('%s', (_name, mutation) => {
      const table: Expect = {
        anonymous: 'UNAUTHENTICATED',
        donor: 'FORBIDDEN',
        district: { other: 'NOT_FOUND' },
        auditor: 'FORBIDDEN',
        town: { other: 'NOT_FOUND', parent: 'NOT_FOUND' },
        village: { other: 'NOT_FOUND', parent: 'NOT_FOUND' },
      };
      it.each(cases(table))('%s acting on an item of the %s region → %s', async (subject, where, exp) => {
        const res = await call(subject, mutation(itemOf[REGISTRAR[staffOf(subject)][where]!]));
        expect(outcome(res)).toBe(exp);
      });
      it.each(['district', 'town', 'village'] as StaffSubject[])(
        '%s acting on its own fresh item → OK',
        async (subject) => {
          const res = await call(
            subject,
            'mutation { registerItem(input: { category: "文具", description: "笔", quantity: 1 }) { code } }',
          );
          const code = (res.data!.registerItem as { code: string }).code;
          expect(outcome(await call(subject, mutation(code)))).toBe('OK');
        },
      );
    });

    describe('goodsBalance', () => {
      it.each([
        ['district', 'OK'],
        ['auditor', 'OK'],
        ['town', 'FORBIDDEN'],
        ['village', 'FORBIDDEN'],
        ['donor', 'FORBIDDEN'],
        ['anonymous', 'UNAUTHENTICATED'],
      ] as [Subject, string][])('%s → %s', async (subject, exp) => {
        expect(outcome(await call(subject, '{ goodsBalance { holds } }'))).toBe(exp);
      });
    });

    describe('createHousehold', () => {
      it.each([
        ['village', '370404001001', 'OK'],
        ['village', '370404001002', 'FORBIDDEN'],
        ['town', '370404001003', 'OK'],
        ['town', '370404002201', 'FORBIDDEN'],
        ['district', '370404001001', 'OK'],
        ['district', '370405001001', 'FORBIDDEN'],
        ['auditor', '370404001001', 'FORBIDDEN'],
        ['donor', '370404001001', 'FORBIDDEN'],
        ['anonymous', '370404001001', 'UNAUTHENTICATED'],
      ] as [Subject, string, string][])('%s in %s → %s', async (subject, village, exp) => {
        const res = await call(
          subject,
          `mutation { createHousehold(input: { regionCode: "${village}", headName: "测试户", memberCount: 1 }) { id } }`,
        );
        expect(outcome(res)).toBe(exp);
      });
    });

    describe('updateHousehold', () => {
      it.each([
        ['village', '370404001001', 'OK'],
        ['village', '370404001002', 'NOT_FOUND'],
        ['town', '370404001002', 'OK'],
        ['district', '370404001001', 'OK'],
        ['auditor', '370404001001', 'FORBIDDEN'],
        ['donor', '370404001001', 'FORBIDDEN'],
        ['anonymous', '370404001001', 'UNAUTHENTICATED'],
      ] as [Subject, string, string][])('%s a household of %s → %s', async (subject, village, exp) => {
        const res = await call(
          subject,
          `mutation { updateHousehold(householdId: "${householdOf[village]}", input: { needs: "矩阵 ${subject}" }) { id } }`,
        );
        expect(outcome(res)).toBe(exp);
      });
    });

    describe('needs', () => {
      it.each([
        ['village', 'postNeed', 'OK'],
        ['town', 'postNeed', 'BAD_USER_INPUT'],
        ['district', 'postNeed', 'FORBIDDEN'],
        ['auditor', 'postNeed', 'FORBIDDEN'],
        ['donor', 'postNeed', 'FORBIDDEN'],
        ['anonymous', 'postNeed', 'UNAUTHENTICATED'],
      ] as [Subject, string, string][])('%s %s for its own region → %s', async (subject, _op, exp) => {
        // A town posts for one of its villages, naming it; without a village it is told so.
        const res = await call(subject, 'mutation { postNeed(input: { category: "粮油", quantity: 1 }) { id } }');
        expect(outcome(res)).toBe(exp);
      });
    });

    describe('trackGoods', () => {
      it.each(['anonymous', 'donor', ...STAFF_SUBJECTS] as Subject[])('answers %s', async (subject) => {
        const res = await call(subject, `{ trackGoods(code: "${itemOf['demo-town']}") { action node { name } } }`);
        expect(outcome(res)).toBe('OK');
      });
    });

    describe('offers', () => {
      it.each([
        ['donor', 'OK'],
        ['district', 'FORBIDDEN'],
        ['village', 'FORBIDDEN'],
        ['anonymous', 'UNAUTHENTICATED'],
      ] as [Subject, string][])('offerGoods and myGoodsOffers: %s → %s', async (subject, exp) => {
        const offer = await call(
          subject,
          `mutation { offerGoods(input: { category: "衣物", description: "外套", quantity: 1, dropOffNodeId: "${nodeOf['demo-town']}" }) { code } }`,
        );
        expect(outcome(offer)).toBe(exp);
        expect(outcome(await call(subject, '{ myGoodsOffers { code } }'))).toBe(exp);
      });
    });

    describe('GET /labels', () => {
      it.each([
        ['town', 'own', 200],
        ['town', 'other', 404],
        ['village', 'parent', 404],
        ['auditor', 'own', 200],
        ['donor', 'own', 403],
        ['anonymous', 'own', 401],
      ] as [Subject, Where, number][])('%s printing an item of the %s region → %s', async (subject, where, status) => {
        const code = itemOf[REGISTRAR[staffOf(subject)][where]!];
        const res = await t.app.inject({
          method: 'GET',
          url: `/labels/items/${code}.png`,
          headers: tokens[subject] ? bearer(tokens[subject]) : {},
        });
        expect(res.statusCode).toBe(status);
      });
    });
  });

  describe('changeMyPassword and logout', () => {
    it('are refused to anonymous callers', async () => {
      expect(outcome(await call('anonymous', 'mutation { logout }'))).toBe('UNAUTHENTICATED');
      expect(
        outcome(
          await call('anonymous', 'mutation { changeMyPassword(currentPassword: "a", newPassword: "b") { id } }'),
        ),
      ).toBe('UNAUTHENTICATED');
    });
    it('refuses changeMyPassword to a donor', async () => {
      expect(
        outcome(await call('donor', 'mutation { changeMyPassword(currentPassword: "a", newPassword: "b") { id } }')),
      ).toBe('FORBIDDEN');
    });
  });

  describe('outreach: createEvent(regionCode)', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(table))('%s in the %s region → %s', async (subject, where, exp) => {
      const region = REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      const title = `matrix-${++serial}`;
      const res = await call(
        subject,
        `mutation { createEvent(input: { title: "${title}", kind: CULTURE, regionCode: "${region}",
           startsAt: "${shanghaiAt(40, '09:00').toISOString()}", endsAt: "${shanghaiAt(40, '10:00').toISOString()}",
           capacity: 3 }) { id region { code } } }`,
      );
      expect(outcome(res)).toBe(exp);
      const listed = await t.app.get(OutreachEventService).list({ regionCode: region });
      expect(listed.some((e) => e.title === title)).toBe(exp === 'OK');
    });
  });

  describe('outreach: updateEvent and cancelEvent', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(table))('%s editing an event of the %s region → %s', async (subject, where, exp) => {
      const eventId = eventIn[REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!];
      const before = await t.app.get(OutreachEventService).require(eventId);
      const res = await call(
        subject,
        `mutation { updateEvent(eventId: "${eventId}", input: { capacity: ${before.capacity + 1} }) { capacity } }`,
      );
      expect(outcome(res)).toBe(exp);
      expect((await t.app.get(OutreachEventService).require(eventId)).capacity).toBe(
        before.capacity + (exp === 'OK' ? 1 : 0),
      );
      if (exp !== 'OK') {
        const cancel = await call(subject, `mutation { cancelEvent(eventId: "${eventId}", reason: "x") { status } }`);
        expect(outcome(cancel)).toBe(exp);
        expect((await t.app.get(OutreachEventService).require(eventId)).status).toBe('SCHEDULED');
      }
    });
  });

  describe('outreach: eventRoster, eventCheckInCode and checkIn', () => {
    const roster: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: { own: 'OK', other: 'FORBIDDEN' },
      town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(roster))('eventRoster: %s, an event of the %s region → %s', async (subject, where, exp) => {
      const eventId = eventIn[REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!];
      const res = await call(subject, `{ eventRoster(eventId: "${eventId}") { phone } }`);
      expect(outcome(res)).toBe(exp);
      if (exp !== 'OK') expect(res.data).toBeNull();
    });

    const changing: Expect = { ...roster, auditor: 'FORBIDDEN' };
    it.each(cases(changing))('eventCheckInCode: %s, an event of the %s region → %s', async (subject, where, exp) => {
      const eventId = eventIn[REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!];
      const res = await call(subject, `{ eventCheckInCode(eventId: "${eventId}") { code } }`);
      expect(outcome(res)).toBe(exp);
    });

    // Staff reach the rules (a volunteer who never signed up) only inside their region.
    const checkIn: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'NOT_FOUND', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'NOT_FOUND', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'NOT_FOUND', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(checkIn))('checkIn: %s at an event of the %s region → %s', async (subject, where, exp) => {
      const eventId = eventIn[REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!];
      const res = await call(
        subject,
        `mutation { checkIn(eventId: "${eventId}", volunteerId: "00000000-0000-4000-8000-000000000000") { status } }`,
      );
      expect(outcome(res)).toBe(exp);
    });
  });

  describe('outreach: public and volunteer operations', () => {
    it.each(['anonymous', 'donor', ...STAFF_SUBJECTS] as Subject[])(
      'events, event, volunteerTeams and verifyCertificate answer %s',
      async (subject) => {
        const res = await call(
          subject,
          `{ events { id } event(eventId: "${eventIn['370404001']}") { title } volunteerTeams { id }
             verifyCertificate(certificateNo: "ZY2026010100000000000") { hours } }`,
        );
        expect(outcome(res)).toBe('OK');
      },
    );

    const DONOR_ONLY = [
      '{ mySignUps { id } }',
      '{ myVolunteer { id } }',
      '{ myCertificates { certificateNo } }',
      'mutation { registerVolunteer(input: { name: "张三", phone: "13800138000" }) { id } }',
      'mutation { checkInByCode(code: "x") { id } }',
      'mutation { checkOutByCode(code: "x") { id } }',
      'mutation { cancelSignUp(eventId: "00000000-0000-4000-8000-000000000000") { id } }',
      'mutation { issueMyCertificate(eventId: "00000000-0000-4000-8000-000000000000") { hours } }',
    ];
    it.each(DONOR_ONLY)('%s: anonymous → UNAUTHENTICATED, every staff role → FORBIDDEN', async (operation) => {
      expect(outcome(await call('anonymous', operation))).toBe('UNAUTHENTICATED');
      for (const subject of STAFF_SUBJECTS) expect(outcome(await call(subject, operation))).toBe('FORBIDDEN');
    });

    it('signUp: a volunteer → OK; staff → FORBIDDEN; anonymous → UNAUTHENTICATED', async () => {
      const volunteer = await newVolunteer(t, 'oMatrix-volunteer-01');
      const operation = `mutation { signUp(eventId: "${eventIn['370404001001']}") { status } }`;
      expect(outcome(await t.gql(operation, {}, bearer(volunteer.token)))).toBe('OK');
      expect(outcome(await call('anonymous', operation))).toBe('UNAUTHENTICATED');
      for (const subject of STAFF_SUBJECTS) expect(outcome(await call(subject, operation))).toBe('FORBIDDEN');
    });
  });

  describe('outreach: createVolunteerTeam(regionCode)', () => {
    const table: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'OK', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'OK', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    it.each(cases(table))('%s in the %s region → %s', async (subject, where, exp) => {
      const region = REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      const name = `矩阵志愿队 ${++serial}`;
      const res = await call(
        subject,
        `mutation { createVolunteerTeam(input: { name: "${name}", kind: VOLUNTEER_TEAM, regionCode: "${region}" }) { id } }`,
      );
      expect(outcome(res)).toBe(exp);
      const teams = await t.gql<{ volunteerTeams: { name: string }[] }>(
        `{ volunteerTeams(regionCode: "${region}") { name } }`,
      );
      expect(teams.data!.volunteerTeams.some((team) => team.name === name)).toBe(exp === 'OK');
    });
  });

  describe('GET /exports and /imports (issue 17 items 5 and 6)', () => {
    const download = (subject: Subject, url: string) =>
      t.app.inject({ method: 'GET', url, headers: tokens[subject] ? bearer(tokens[subject]) : {} });
    const scoped: Expect = {
      anonymous: '401',
      donor: '403',
      district: { own: '200', other: '403' },
      auditor: { own: '200', other: '403' },
      town: { own: '200', other: '403', parent: '403' },
      village: { own: '200', other: '403', parent: '403' },
    };
    it.each(
      ['goods-movements', 'stock', 'volunteer-hours'].flatMap((name) =>
        cases(scoped).map(([subject, where, exp]) => [name, subject, where, exp] as const),
      ),
    )('%s: %s asking for the %s region → %s', async (name, subject, where, exp) => {
      const region = REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      expect(String((await download(subject, `/exports/${name}.csv?regionCode=${region}`)).statusCode)).toBe(exp);
    });
    it.each([
      ['anonymous', 401, 401],
      ['donor', 403, 403],
      ['district', 200, 200],
      ['auditor', 200, 200],
      ['town', 200, 403],
      ['village', 200, 403],
    ] as [Subject, number, number][])('ledger and donations: %s → %s, %s', async (subject, ledger, donations) => {
      expect((await download(subject, '/exports/ledger.csv')).statusCode).toBe(ledger);
      expect((await download(subject, '/exports/donations.csv')).statusCode).toBe(donations);
    });
    const importing: Expect = {
      anonymous: 'UNAUTHENTICATED',
      donor: 'FORBIDDEN',
      district: { own: 'BAD_USER_INPUT', other: 'FORBIDDEN' },
      auditor: 'FORBIDDEN',
      town: { own: 'BAD_USER_INPUT', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
      village: { own: 'BAD_USER_INPUT', other: 'FORBIDDEN', parent: 'FORBIDDEN' },
    };
    // Not a workbook: refused as such inside the scope, FORBIDDEN before the file is read outside it.
    it.each(cases(importing))('importHouseholds: %s in the %s region → %s', async (subject, where, exp) => {
      const region = REGION[subject === 'anonymous' || subject === 'donor' ? 'town' : subject][where]!;
      const res = await call(subject, `mutation { importHouseholds(regionCode: "${region}", file: "AAAA") { id } }`);
      expect(outcome(res)).toBe(exp);
    });
  });
});
