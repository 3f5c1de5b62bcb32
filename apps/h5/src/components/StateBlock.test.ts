import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import StateBlock from './StateBlock.vue';

describe('StateBlock', () => {
  const slots = { default: '<p class="content">内容</p>' };

  it('says it is loading, and nothing else', () => {
    const w = mount(StateBlock, { props: { loading: true }, slots });
    expect(w.text()).toContain('正在加载');
    expect(w.find('.content').exists()).toBe(false);
  });

  it('shows the error and offers to load again', async () => {
    const w = mount(StateBlock, { props: { error: '网络连接失败，请检查网络后重试。' }, slots });
    expect(w.find('[role=alert]').text()).toContain('网络连接失败');
    await w.find('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
  });

  it('says what is empty, and otherwise shows the content', () => {
    expect(mount(StateBlock, { props: { empty: true, emptyText: '还没有捐赠' }, slots }).text()).toContain(
      '还没有捐赠',
    );
    expect(mount(StateBlock, { slots }).find('.content').text()).toBe('内容');
  });
});
