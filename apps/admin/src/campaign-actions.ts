import { ElMessage, ElMessageBox } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import { describeError, gql } from './api/graphql';
import { ACTIVATE_CAMPAIGN, CLOSE_CAMPAIGN, type Campaign } from './api/operations';

async function confirmed(message: string, title: string, confirmButtonText: string, danger: boolean): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, {
      confirmButtonText,
      cancelButtonText: '取消',
      type: danger ? 'warning' : 'info',
      confirmButtonClass: danger ? 'el-button--danger' : undefined,
    });
    return true;
  } catch {
    return false;
  }
}

/** 上线 (DRAFT → ACTIVE), asked first; the campaign as it is now, or null when not done. */
export async function activateCampaign(c: Pick<Campaign, 'id' | 'title'>): Promise<Campaign | null> {
  if (!(await confirmed(`上线后「${c.title}」开始接受捐赠。确定上线吗？`, '上线项目', '上线', false))) return null;
  try {
    const { activateCampaign } = await gql<{ activateCampaign: Campaign }>(ACTIVATE_CAMPAIGN, { campaignId: c.id });
    ElMessage.success('项目已上线，开始接受捐赠');
    return activateCampaign;
  } catch (err) {
    ElMessage.error(describeError(err));
    return null;
  }
}

/** 结束 (→ CLOSED), irreversible, asked first; the campaign as it is now, or null when not done. */
export async function closeCampaign(c: Pick<Campaign, 'id' | 'title'>): Promise<Campaign | null> {
  const message = `结束后「${c.title}」不再接受捐赠，且不能重新开启。确定结束吗？`;
  if (!(await confirmed(message, '结束项目', '结束项目', true))) return null;
  try {
    const { closeCampaign } = await gql<{ closeCampaign: Campaign }>(CLOSE_CAMPAIGN, { campaignId: c.id });
    ElMessage.success('项目已结束');
    return closeCampaign;
  } catch (err) {
    ElMessage.error(describeError(err));
    return null;
  }
}
