import { ApiError } from './api/graphql';
import type { Campaign } from './api/operations';
import { parseYuan, yuan } from './format';

/** The amounts the page offers: the fixed one (一元爱心党费), or the campaign's suggestions. */
export function offeredAmounts(campaign: Pick<Campaign, 'fixedAmountFen' | 'suggestedAmountsFen'>): number[] {
  if (campaign.fixedAmountFen !== null) return [campaign.fixedAmountFen];
  return campaign.suggestedAmountsFen;
}

/** Why the campaign would refuse this amount (the server checks again), or null when it takes it. */
export function amountProblem(
  campaign: Pick<Campaign, 'fixedAmountFen' | 'minAmountFen' | 'maxAmountFen'>,
  fen: number,
): string | null {
  if (campaign.fixedAmountFen !== null && fen !== campaign.fixedAmountFen)
    return `本项目每次固定捐 ¥${yuan(campaign.fixedAmountFen)}`;
  if (fen < campaign.minAmountFen) return `每次至少捐 ¥${yuan(campaign.minAmountFen)}`;
  if (fen > campaign.maxAmountFen) return `单笔最多捐 ¥${yuan(campaign.maxAmountFen)}，更多请分几次捐`;
  return null;
}

/** The amount chosen: a suggestion, or what was typed under 其他金额. */
export function chosenAmount(
  campaign: Pick<Campaign, 'fixedAmountFen' | 'minAmountFen' | 'maxAmountFen'>,
  picked: number | null,
  typed: string,
): { fen: number } | { problem: string } {
  if (campaign.fixedAmountFen !== null) return { fen: campaign.fixedAmountFen };
  let fen: number;
  if (picked !== null) fen = picked;
  else {
    const parsed = parseYuan(typed);
    if (!parsed.ok) return { problem: parsed.reason };
    fen = parsed.fen;
  }
  const problem = amountProblem(campaign, fen);
  return problem ? { problem } : { fen };
}

/** What to tell a donor whose gift the server refused. */
export function checkoutProblem(err: unknown): string {
  if (!(err instanceof ApiError)) return '发起支付失败，请稍后再试。';
  if (err.code === 'FORBIDDEN' && err.detail?.startsWith('Too many'))
    return '一分钟内发起的支付太多了，请稍等一分钟再试。';
  if (err.code === 'BAD_USER_INPUT' && err.field === 'input.campaignId')
    return '这个项目现在不接受捐赠（已结束或尚未开始），请回到首页选择其他项目。';
  if (err.code === 'BAD_USER_INPUT' && err.field === 'input.amountFen')
    return '金额不符合本项目的要求，请换一个金额再试。';
  if (err.field === 'input.organizationId') return '所选单位已不存在，请重新选择，或不选单位直接捐。';
  return err.message;
}
