import { Role, StaffService } from '@shanchou/identity';
import {
  caller,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoStaffTokens,
  GraphqlResponse,
  HOUSEHOLD_FIELDS,
  HouseholdView,
  loginAs,
  outcome,
  TestApp,
  loadOtherDistrict,
} from '@shanchou/test';

type Household = HouseholdView;
const HOUSEHOLD = HOUSEHOLD_FIELDS;

/**
 * Issue 17 item 5: the district registers and edits households it reads masked ("write without
 * read"). What it writes its village's town reads in clear; what it was shown masked it cannot
 * write back over the real values.
 */
describe('households written by the district, read masked by it', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let auditor: string;
  /** The district admin of 台儿庄区, another district. */
  let otherDistrict: string;
  let created: Household;

  const create = (token: string, input: Record<string, unknown>) =>
    caller(t, token)<{ createHousehold: Household }>(
      `mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) { ${HOUSEHOLD} } }`,
      { input },
    );
  const update = (token: string, householdId: string, input: Record<string, unknown>) =>
    caller(t, token)<{ updateHousehold: Household }>(
      `mutation($id: ID!, $input: UpdateHouseholdInput!) { updateHousehold(householdId: $id, input: $input) { ${HOUSEHOLD} } }`,
      { id: householdId, input },
    );
  /** The household as its town reads it: in clear. */
  const readByTown = async (id: string): Promise<Household> => {
    const res = await caller(t, tokens.town)<{ household: Household }>(
      `query($id: ID!) { household(householdId: $id) { ${HOUSEHOLD} } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.household;
  };
  const refusal = (res: GraphqlResponse): { field: unknown; message: string } => ({
    field: res.errors?.[0]?.extensions?.field,
    message: res.errors?.[0]?.message ?? '',
  });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    await loadOtherDistrict(t);
    await t.app.get(StaffService).provision([
      { username: 'auditor-hd', displayName: '审计', role: Role.AUDITOR, regionCode: '370404', password: 'audit-2026' },
      {
        username: 'district-tez',
        displayName: '台儿庄区管理员',
        role: Role.DISTRICT_ADMIN,
        regionCode: '370405',
        password: 'district-2026',
      },
    ]);
    tokens = await demoStaffTokens(t);
    auditor = await loginAs(t, 'auditor-hd', 'audit-2026');
    otherDistrict = await loginAs(t, 'district-tez', 'district-2026');
  }, 90_000);
  afterAll(() => t.close());

  it('registers a household in a village of its district and gets it back masked', async () => {
    const res = await create(tokens.district, {
      regionCode: DEMO_VILLAGE_CODE,
      headName: '周德胜',
      identityNumber: '37040419600101127x',
      memberCount: 3,
      members: [
        { name: '吴秀兰', relation: '配偶' },
        { name: '周小宇', relation: '子女' },
      ],
      needs: '冬衣三件',
    });
    expect(res.errors).toBeUndefined();
    created = res.data!.createHousehold;
    expect(created).toMatchObject({
      headName: '周**',
      identityNumber: null,
      members: [],
      memberCount: 3,
      needs: '冬衣三件',
      privileged: false,
      region: { code: DEMO_VILLAGE_CODE },
    });
    expect(JSON.stringify(res.data)).not.toMatch(/周德胜|吴秀兰|周小宇|37040419600101127/);
  });

  it('its town then reads exactly the name, identity number and members the district wrote', async () => {
    expect(await readByTown(created.id)).toMatchObject({
      code: created.code,
      headName: '周德胜',
      identityNumber: '37040419600101127X',
      members: [
        { name: '吴秀兰', relation: '配偶' },
        { name: '周小宇', relation: '子女' },
      ],
      privileged: true,
    });
  });

  it('changes the family size and needs without sending names: the real names stay', async () => {
    const res = await update(tokens.district, created.id, { memberCount: 4, needs: '冬衣四件，助学' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateHousehold).toMatchObject({
      headName: '周**',
      identityNumber: null,
      members: [],
      memberCount: 4,
      privileged: false,
    });
    expect(await readByTown(created.id)).toMatchObject({
      headName: '周德胜',
      identityNumber: '37040419600101127X',
      memberCount: 4,
      members: [
        { name: '吴秀兰', relation: '配偶' },
        { name: '周小宇', relation: '子女' },
      ],
      needs: '冬衣四件，助学',
    });
  });

  it('refuses what it was shown masked, naming the field, and changes nothing', async () => {
    const before = await readByTown(created.id);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ headName: '周**' }, 'input.headName', '「户主姓名」不能填遮挡后的姓名（周**）：不改请不填'],
      [{ headName: '周*', needs: '改了' }, 'input.headName', '「户主姓名」不能填遮挡后的姓名（周*）'],
      [{ identityNumber: null }, 'input.identityNumber', '「户主身份证号」对你不显示，不能清空'],
      [{ identityNumber: '' }, 'input.identityNumber', '「户主身份证号」对你不显示，不能清空'],
      [{ members: [] }, 'input.members', '「家庭成员」对你不显示，不能按空列表保存'],
      [
        { members: [{ name: '吴**', relation: '配偶' }] },
        'input.members[0].name',
        '「家庭成员」第 1 位的姓名不能填遮挡后的姓名（吴**）',
      ],
      [{ memberCount: 2 }, 'input.memberCount', '「家庭人口」改成 2 人，少于已登记的家庭成员：请同时重新填写家庭成员'],
    ];
    for (const [input, field, message] of cases) {
      const res = await update(tokens.district, created.id, input);
      expect(outcome(res)).toBe('BAD_USER_INPUT');
      const refused = refusal(res);
      expect(refused.field).toBe(field);
      expect(refused.message).toContain(message);
    }
    expect(await readByTown(created.id)).toEqual(before);
  });

  it('replaces the name, identity number and members with new ones it types', async () => {
    const res = await update(tokens.district, created.id, {
      headName: '周德顺',
      identityNumber: '11010519491231002X',
      memberCount: 2,
      members: [{ name: '吴秀芳', relation: '配偶' }],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateHousehold).toMatchObject({ headName: '周**', identityNumber: null, members: [] });
    expect(await readByTown(created.id)).toMatchObject({
      headName: '周德顺',
      identityNumber: '11010519491231002X',
      memberCount: 2,
      members: [{ name: '吴秀芳', relation: '配偶' }],
    });
    // A household of one: the empty list is then a statement, not the masked one sent back.
    const alone = await update(tokens.district, created.id, { memberCount: 1, members: [] });
    expect(alone.errors).toBeUndefined();
    expect(await readByTown(created.id)).toMatchObject({ headName: '周德顺', memberCount: 1, members: [] });
  });

  it('refuses a masked name on a new household too', async () => {
    const res = await create(tokens.district, { regionCode: DEMO_VILLAGE_CODE, headName: '王*', memberCount: 1 });
    expect(outcome(res)).toBe('BAD_USER_INPUT');
    expect(refusal(res)).toEqual({
      field: 'input.headName',
      message: expect.stringContaining('「户主姓名」不能填遮挡后的姓名（王*）') as unknown,
    });
  });

  it('keeps the district to villages of its district, and keeps the auditor out', async () => {
    // A town is no village.
    expect(
      outcome(await create(tokens.district, { regionCode: '370404001', headName: '钱多多', memberCount: 1 })),
    ).toBe('BAD_USER_INPUT');
    // Another district's admin: our villages are outside its scope, our households not found.
    expect(
      outcome(await create(otherDistrict, { regionCode: DEMO_VILLAGE_CODE, headName: '钱多多', memberCount: 1 })),
    ).toBe('FORBIDDEN');
    expect(outcome(await update(otherDistrict, created.id, { needs: '越界' }))).toBe('NOT_FOUND');
    // …and our district admin is kept out of its villages.
    expect(
      outcome(await create(tokens.district, { regionCode: '370405001001', headName: '钱多多', memberCount: 1 })),
    ).toBe('FORBIDDEN');
    // The auditor reads, and changes nothing.
    expect(outcome(await create(auditor, { regionCode: DEMO_VILLAGE_CODE, headName: '钱多多', memberCount: 1 }))).toBe(
      'FORBIDDEN',
    );
    expect(outcome(await update(auditor, created.id, { needs: '审计' }))).toBe('FORBIDDEN');
    expect(await readByTown(created.id)).toMatchObject({ headName: '周德顺', needs: '冬衣四件，助学' });
  });

  it('audits the district’s writes with the name masked and no identity number', async () => {
    const res = await caller(
      t,
      tokens.district,
    )<{ auditLog: { entries: { action: string; summary: unknown }[] } }>(
      '{ auditLog(filter: { action: "household.update" }) { entries { action summary } } }',
    );
    const text = JSON.stringify(res.data!.auditLog.entries);
    expect(res.data!.auditLog.entries.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('周**');
    expect(text).not.toMatch(/周德胜|周德顺|11010519491231002X|37040419600101127X/);
  });
});
