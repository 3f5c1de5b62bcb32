import { ApiError, describeError } from '../api/graphql';

/** What to tell staff when a goods step was refused: which rule, and what to do. */
export function goodsProblem(err: unknown): string {
  if (!(err instanceof ApiError)) return describeError(err);
  const detail = err.detail ?? '';
  switch (err.code) {
    case 'INVALID_TRANSITION':
      return `这一步现在不能做：${detail || '物品或包裹的状态不对'}。请重新扫码，按屏幕上列出的操作进行。`;
    case 'NOT_FOUND':
      return `没有找到这个编码（${detail}）：请检查标签，或它不在您的辖区内。`;
    case 'BAD_USER_INPUT':
      return `填写有误：${detail}`;
    case 'FORBIDDEN':
      return '您没有权限在这里做这一步（审计员只能查看，各站点只能操作本站的物资）。';
    case 'CONFLICT':
      return `和已有记录冲突：${detail}`;
    default:
      return describeError(err);
  }
}
