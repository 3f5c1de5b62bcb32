import { DOMWrapper } from '@vue/test-utils';
import { ElMessageBox } from 'element-plus';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, type Role } from '../session';
import { graphqlError, settle, stubServer } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import HouseholdsPage from './HouseholdsPage.vue';
import NeedsPage from './NeedsPage.vue';

const VILLAGE = '370404001001';
const TOWN = '370404001';
const REGION_TREE = () => ({
  region: {
    code: TOWN,
    name: '坛山街道',
    level: 'TOWN',
    children: [{ code: VILLAGE, name: '东村', level: 'VILLAGE', children: [] }],
  },
});

const household = (over: Record<string, unknown> = {}) => ({
  id: 'h1',
  code: `${VILLAGE}-001`,
  headName: '王秀英',
  memberCount: 3,
  needs: '冬季衣物',
  privileged: true,
  region: { code: VILLAGE, name: '东村' },
  ...over,
});
const householdDetail = (over: Record<string, unknown> = {}) => ({
  ...household(),
  identityNumber: '37040419800101123X',
  members: [{ name: '李强', relation: '子女' }],
  ...over,
});

const need = (over: Record<string, unknown> = {}) => ({
  id: 'n1',
  category: '粮油',
  quantity: 2,
  unit: '袋',
  note: '大米',
  status: 'OPEN',
  createdAt: '2026-12-02T02:00:00Z',
  region: { code: VILLAGE, name: '东村' },
  household: { id: 'h1', code: `${VILLAGE}-001`, headName: '王秀英' },
  parcel: null,
  ...over,
});
const parcel = {
  code: 'PK-7Q2M9X4K1B',
  status: 'IN_TRANSIT',
  packedAt: '2026-12-02T06:00:00Z',
  packedNode: { name: '坛山街道周转中心' },
  currentNode: null,
  toNode: { name: '东村配送中心' },
  otherItemCount: 0,
  items: [{ code: 'IT-4F7K2M9QX3', category: '粮油', description: '东北大米 10kg', quantity: 2, unit: '袋' }],
};

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

function setupState<T>(wrapper: { vm: unknown }): T {
  return (wrapper.vm as { $: { setupState: T } }).$.setupState;
}
/** An element anywhere on the page (dialogs included). */
function el(selector: string): DOMWrapper<HTMLElement> {
  const found = document.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return new DOMWrapper(found);
}
function submit(selector: string): void {
  document.querySelector(selector)!.dispatchEvent(new Event('submit'));
}
function sent(calls: { operation: string; variables: Record<string, unknown> }[], operation: string) {
  return calls.filter((c) => c.operation === operation).map((c) => c.variables);
}
const writeButtons = (): string[] =>
  [...document.querySelectorAll('[data-test^=write-]')].map((b) => b.getAttribute('data-test')!);

// The first mount of a file loads Element Plus: slow on a busy machine.
describe('贫困户: register and edit', { timeout: 30_000 }, () => {
  async function open(role: Role, region: string, handlers: Record<string, (v: Record<string, unknown>) => unknown>) {
    signInAs(role, region);
    const calls = stubServer({
      ConsoleHouseholds: () => ({ households: [household()] }),
      ConsoleRegionTree: REGION_TREE,
      ...handlers,
    });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    return { wrapper, calls };
  }

  it('registers a household in the operator’s village with what was typed, members and all', async () => {
    const { wrapper, calls } = await open('VILLAGE_OPERATOR', VILLAGE, {
      ConsoleCreateHousehold: () => ({ createHousehold: householdDetail({ id: 'h2', code: `${VILLAGE}-002` }) }),
    });
    await wrapper.find('[data-test=write-new-household]').trigger('click');
    await settle(5);
    await el('[data-test=household-head-name]').setValue(' 赵桂兰 ');
    await el('[data-test=household-identity-number]').setValue('37040419800101123x');
    setupState<{ form: { memberCount: number } }>(wrapper).form.memberCount = 3;
    await settle(2);
    await el('[data-test=household-add-member]').trigger('click');
    await el('[data-test=household-add-member]').trigger('click');
    await settle(2);
    const rows = [...document.querySelectorAll('[data-test=household-member]')];
    expect(rows).toHaveLength(2);
    const [name, relation] = [...rows[0].querySelectorAll('input')];
    await new DOMWrapper(name).setValue('孙小明');
    await new DOMWrapper(relation).setValue('子女');
    // The second member row is left empty: it is not sent.
    await el('[data-test=household-needs]').setValue('助学');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleCreateHousehold')).toEqual([
      {
        input: {
          regionCode: VILLAGE,
          headName: '赵桂兰',
          identityNumber: '37040419800101123X',
          memberCount: 3,
          members: [{ name: '孙小明', relation: '子女' }],
          needs: '助学',
        },
      },
    ]);
    // The dialog closed and the list was read again.
    expect(setupState<{ formOpen: boolean }>(wrapper).formOpen).toBe(false);
    expect(sent(calls, 'ConsoleHouseholds')).toHaveLength(2);
  });

  it('shows the server’s refusal of the identity number under that field, and keeps the dialog open', async () => {
    const { wrapper, calls } = await open('VILLAGE_OPERATOR', VILLAGE, {
      ConsoleCreateHousehold: () => {
        throw graphqlError(
          'BAD_USER_INPUT',
          'input.identityNumber: 身份证号不对：须为 18 位居民身份证号，末位校验码须相符',
          'input.identityNumber',
        );
      },
    });
    await wrapper.find('[data-test=write-new-household]').trigger('click');
    await settle(5);
    await el('[data-test=household-head-name]').setValue('赵桂兰');
    await el('[data-test=household-identity-number]').setValue('370404198001011230');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleCreateHousehold')).toHaveLength(1);
    const error = el('[data-test=household-form] [data-field=identityNumber] [data-test=field-error]');
    // The server's own words, without its field prefix and without the generic 填写的内容有误.
    expect(error.text()).toBe('身份证号不对：须为 18 位居民身份证号，末位校验码须相符');
    expect(
      document.querySelector('[data-test=household-form] [data-field=headName] [data-test=field-error]'),
    ).toBeNull();
  });

  it('sends back only what was changed: the identity number and members untouched are not sent', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', TOWN, {
      ConsoleHousehold: () => ({ household: householdDetail() }),
      ConsoleUpdateHousehold: () => ({ updateHousehold: householdDetail({ needs: '助学' }) }),
    });
    await wrapper.find('[data-test=write-edit-household]').trigger('click');
    await settle(10);
    expect(sent(calls, 'ConsoleHousehold')).toEqual([{ householdId: 'h1' }]);
    expect((el('[data-test=household-identity-number]').element as HTMLInputElement).value).toBe('37040419800101123X');
    await el('[data-test=household-needs]').setValue('助学');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([{ householdId: 'h1', input: { needs: '助学' } }]);
  });

  it('clears an identity number emptied with null, and sends nothing when nothing changed', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', TOWN, {
      ConsoleHousehold: () => ({ household: householdDetail() }),
      ConsoleUpdateHousehold: () => ({ updateHousehold: householdDetail({ identityNumber: null }) }),
    });
    await wrapper.find('[data-test=write-edit-household]').trigger('click');
    await settle(10);
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([]);

    await wrapper.find('[data-test=write-edit-household]').trigger('click');
    await settle(10);
    await el('[data-test=household-identity-number]').setValue('');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([{ householdId: 'h1', input: { identityNumber: null } }]);
  });

  it('offers a town no editing of a household shown masked; the district admin registers, imports and edits', async () => {
    const masked = await open('TOWN_OPERATOR', TOWN, {
      ConsoleHouseholds: () => ({ households: [household({ headName: '王*', privileged: false })] }),
    });
    expect(masked.wrapper.text()).toContain('王*');
    expect(masked.wrapper.find('[data-test=write-edit-household]').exists()).toBe(false);
    masked.wrapper.unmount();
    clearSession();

    const district = await open('DISTRICT_ADMIN', '370404', {
      ConsoleHouseholds: () => ({ households: [household({ headName: '王*', privileged: false })] }),
    });
    expect(district.wrapper.text()).toContain('王*');
    expect(writeButtons().sort()).toEqual(['write-edit-household', 'write-import-households', 'write-new-household']);
    await district.wrapper.find('[data-test=write-new-household]').trigger('click');
    await settle(5);
    expect(setupState<{ formOpen: boolean }>(district.wrapper).formOpen).toBe(true);
    expect(document.querySelector('[data-test=household-form]')).not.toBeNull();
  });

  it('shows an auditor the households with no write button and no dialog', async () => {
    const { wrapper } = await open('AUDITOR', '370404', {
      ConsoleHouseholds: () => ({ households: [household({ headName: '王*', privileged: false })] }),
    });
    expect(wrapper.text()).toContain(`${VILLAGE}-001`);
    expect(writeButtons()).toEqual([]);
    expect(document.querySelector('[data-test=household-form]')).toBeNull();
  });
});

describe('贫困户: the district edits what it reads masked', { timeout: 30_000 }, () => {
  const masked = () => householdDetail({ headName: '王**', privileged: false, identityNumber: null, members: [] });
  async function openEdit() {
    signInAs('DISTRICT_ADMIN', '370404');
    const calls = stubServer({
      ConsoleHouseholds: () => ({ households: [household({ headName: '王**', privileged: false })] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleHousehold: () => ({ household: masked() }),
      ConsoleUpdateHousehold: () => ({ updateHousehold: masked() }),
    });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    await wrapper.find('[data-test=write-edit-household]').trigger('click');
    await settle(10);
    return { wrapper, calls };
  }
  const input = (selector: string) => el(selector).element as HTMLInputElement;

  it('puts the masked name in no field, only in the hint, and sends no name when it was not typed', async () => {
    const { calls } = await openEdit();
    expect(input('[data-test=household-head-name]').value).toBe('');
    expect(input('[data-test=household-head-name]').placeholder).toBe('王**（不改请留空）');
    expect(input('[data-test=household-identity-number]').value).toBe('');
    expect(input('[data-test=household-identity-number]').placeholder).toBe('不显示（不改请留空）');
    expect(document.querySelectorAll('[data-test=household-member]')).toHaveLength(0);
    expect(el('[data-test=household-masked-note]').text()).toContain('不改请留空');
    await el('[data-test=household-needs]').setValue('助学');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([{ householdId: 'h1', input: { needs: '助学' } }]);
  });

  it('sends the new name and identity number when typed', async () => {
    const { calls } = await openEdit();
    await el('[data-test=household-head-name]').setValue(' 王秀芳 ');
    await el('[data-test=household-identity-number]').setValue('11010519491231002x');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([
      { householdId: 'h1', input: { headName: '王秀芳', identityNumber: '11010519491231002X' } },
    ]);
  });

  it('sends the members only once 重新填写家庭成员 is switched on, as they were typed anew', async () => {
    const { wrapper, calls } = await openEdit();
    expect(document.querySelector('[data-test=household-add-member]')).toBeNull();
    await el('[data-test=household-reenter-members]').trigger('click');
    await settle(2);
    expect(setupState<{ reenterMembers: boolean }>(wrapper).reenterMembers).toBe(true);
    await el('[data-test=household-add-member]').trigger('click');
    await settle(2);
    const [name, relation] = [...document.querySelectorAll('[data-test=household-member] input')];
    await new DOMWrapper(name).setValue('李明');
    await new DOMWrapper(relation).setValue('子女');
    submit('[data-test=household-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleUpdateHousehold')).toEqual([
      { householdId: 'h1', input: { members: [{ name: '李明', relation: '子女' }] } },
    ]);
  });

  it('shows the server’s refusal of a masked name under the name field', async () => {
    signInAs('DISTRICT_ADMIN', '370404');
    stubServer({
      ConsoleHouseholds: () => ({ households: [household({ headName: '王**', privileged: false })] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleHousehold: () => ({ household: masked() }),
      ConsoleUpdateHousehold: () => {
        throw graphqlError(
          'BAD_USER_INPUT',
          'input.headName: 「户主姓名」不能填遮挡后的姓名（王**）：不改请不填',
          'input.headName',
        );
      },
    });
    const { wrapper } = await mountPage(HouseholdsPage, '/households');
    await settle(10);
    await wrapper.find('[data-test=write-edit-household]').trigger('click');
    await settle(10);
    await el('[data-test=household-head-name]').setValue('王**');
    submit('[data-test=household-form]');
    await settle(10);
    expect(el('[data-test=household-form] [data-field=headName] [data-test=field-error]').text()).toBe(
      '「户主姓名」不能填遮挡后的姓名（王**）：不改请不填',
    );
  });
});

describe('帮扶需求: filter, post, withdraw, answer', { timeout: 30_000 }, () => {
  async function open(
    role: Role,
    region: string,
    handlers: Record<string, (v: Record<string, unknown>) => unknown> = {},
  ) {
    signInAs(role, region);
    const calls = stubServer({
      ConsoleNeeds: () => ({ needs: [need()] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleHouseholds: () => ({ households: [household()] }),
      ...handlers,
    });
    const { wrapper } = await mountPage(NeedsPage, '/needs');
    await settle(10);
    return { wrapper, calls };
  }

  it('asks for open needs first, then the status chosen, then every status once the filter is cleared', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', TOWN);
    const state = setupState<{ filter: { status: string } }>(wrapper);
    state.filter.status = 'FULFILLED';
    await settle(10);
    state.filter.status = '';
    await settle(10);
    expect(sent(calls, 'ConsoleNeeds')).toEqual([
      { regionCode: TOWN, status: ['OPEN'] },
      { regionCode: TOWN, status: ['FULFILLED'] },
      { regionCode: TOWN, status: ['OPEN', 'ANSWERED', 'FULFILLED', 'CANCELLED'] },
    ]);
  });

  it('shows the parcel answering a need, and its goods when the row is opened', async () => {
    const { wrapper } = await open('DISTRICT_ADMIN', '370404', {
      ConsoleNeeds: () => ({
        needs: [need({ status: 'ANSWERED', parcel }), need({ id: 'n2', category: '衣物', household: null })],
      }),
    });
    const rows = wrapper.findAll('.el-table__body-wrapper tbody > tr.el-table__row');
    expect(rows).toHaveLength(2);
    expect(rows[0].find('[data-test=need-parcel]').text()).toContain('PK-7Q2M9X4K1B');
    expect(rows[0].find('[data-test=need-parcel]').text()).toContain('运送中');
    expect(rows[1].find('[data-test=need-parcel]').exists()).toBe(false);
    expect(rows[1].text()).toContain('村居自用');
    // An answered need is answered no more.
    expect(rows[0].find('[data-test=write-answer-need]').exists()).toBe(false);
    expect(rows[1].find('[data-test=write-answer-need]').exists()).toBe(true);

    await rows[0].find('.el-table__expand-icon').trigger('click');
    await settle(5);
    const detail = wrapper.find('[data-test=need-answer-detail]');
    expect(detail.text()).toContain('坛山街道周转中心');
    expect(detail.text()).toContain('东村配送中心');
    expect(detail.text()).toContain('IT-4F7K2M9QX3');
    expect(detail.text()).toContain('东北大米 10kg');
  });

  it('posts a need of a household of the operator’s village with what was typed', async () => {
    const { wrapper, calls } = await open('VILLAGE_OPERATOR', VILLAGE, {
      ConsolePostNeed: () => ({ postNeed: need({ id: 'n3' }) }),
    });
    await wrapper.find('[data-test=write-post-need]').trigger('click');
    await settle(10);
    // The households of the village are offered.
    expect(sent(calls, 'ConsoleHouseholds')).toEqual([{ regionCode: VILLAGE }]);
    const state = setupState<{ post: { householdId: string; quantity: number } }>(wrapper);
    state.post.householdId = 'h1';
    state.post.quantity = 5;
    await el('[data-test=post-need-category]').setValue(' 衣物 ');
    await el('[data-test=post-need-unit]').setValue('件');
    await el('[data-test=post-need-note]').setValue('儿童冬衣');
    submit('[data-test=post-need-form]');
    await settle(10);
    expect(sent(calls, 'ConsolePostNeed')).toEqual([
      {
        input: {
          regionCode: VILLAGE,
          householdId: 'h1',
          category: '衣物',
          quantity: 5,
          unit: '件',
          note: '儿童冬衣',
        },
      },
    ]);
    expect(sent(calls, 'ConsoleNeeds')).toHaveLength(2);
  });

  it('shows the server’s refusal of the region under that field', async () => {
    const { wrapper, calls } = await open('TOWN_OPERATOR', TOWN, {
      ConsolePostNeed: () => {
        throw graphqlError(
          'BAD_USER_INPUT',
          'input.regionCode: a need is posted for a village: name the village',
          'input.regionCode',
        );
      },
    });
    await wrapper.find('[data-test=write-post-need]').trigger('click');
    await settle(5);
    setupState<{ post: { regionCode: string } }>(wrapper).post.regionCode = TOWN;
    await el('[data-test=post-need-category]').setValue('粮油');
    submit('[data-test=post-need-form]');
    await settle(10);
    expect(sent(calls, 'ConsolePostNeed')).toEqual([{ input: { regionCode: TOWN, category: '粮油', quantity: 1 } }]);
    expect(el('[data-test=post-need-form] [data-field=regionCode] [data-test=field-error]').text()).toContain(
      'a need is posted for a village',
    );
  });

  it('withdraws a need only once the member confirms; nothing is sent when they do not', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel');
    const { wrapper, calls } = await open('VILLAGE_OPERATOR', VILLAGE, {
      ConsoleCancelNeed: () => ({ cancelNeed: need({ status: 'CANCELLED' }) }),
    });
    await wrapper.find('[data-test=write-cancel-need]').trigger('click');
    await settle(10);
    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0][0]).toContain('不能恢复');
    expect(sent(calls, 'ConsoleCancelNeed')).toEqual([]);

    confirm.mockResolvedValueOnce('confirm' as never);
    await wrapper.find('[data-test=write-cancel-need]').trigger('click');
    await settle(10);
    expect(sent(calls, 'ConsoleCancelNeed')).toEqual([{ needId: 'n1' }]);
    expect(sent(calls, 'ConsoleNeeds')).toHaveLength(2);
  });

  it('answers a need with the codes scanned, and shows a code’s refusal on the codes field', async () => {
    const { wrapper, calls } = await open('DISTRICT_ADMIN', '370404', {
      ConsoleAnswerNeed: () => {
        throw graphqlError('BAD_USER_INPUT', 'input.itemCodes[1]: IT-4F7K2M9QX3 is listed twice', 'input.itemCodes[1]');
      },
    });
    await wrapper.find('[data-test=write-answer-need]').trigger('click');
    await settle(5);
    await el('[data-test=answer-need-codes]').setValue('IT-4F7K2M9QX3\nIT-4F7K2M9QX3，IT-9B3N5P7R2T ');
    submit('[data-test=answer-need-form]');
    await settle(10);
    expect(sent(calls, 'ConsoleAnswerNeed')).toEqual([
      { input: { needId: 'n1', itemCodes: ['IT-4F7K2M9QX3', 'IT-4F7K2M9QX3', 'IT-9B3N5P7R2T'] } },
    ]);
    expect(el('[data-test=answer-need-form] [data-field=itemCodes] [data-test=field-error]').text()).toContain(
      'IT-4F7K2M9QX3 is listed twice',
    );
  });

  it('gives each role the buttons the server takes from it: an auditor none', async () => {
    const buttons = async (role: Role, region: string): Promise<string[]> => {
      const { wrapper } = await open(role, region);
      const found = writeButtons().sort();
      wrapper.unmount();
      clearSession();
      return found;
    };
    expect(await buttons('AUDITOR', '370404')).toEqual([]);
    expect(await buttons('DISTRICT_ADMIN', '370404')).toEqual(['write-answer-need']);
    expect(await buttons('TOWN_OPERATOR', TOWN)).toEqual(['write-answer-need', 'write-cancel-need', 'write-post-need']);
    expect(await buttons('VILLAGE_OPERATOR', VILLAGE)).toEqual(['write-cancel-need', 'write-post-need']);
  });
});
