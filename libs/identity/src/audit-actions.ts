/**
 * Every action the audit log (操作日志) records, with the name staff read in the console. The
 * record's `action` is typed by this table, so an action without a name does not compile.
 */
export const AUDIT_ACTIONS = {
  'session.login': '登录',
  'session.logout': '退出登录',
  'staff.create': '新建工作人员',
  'staff.update': '修改工作人员（角色、区域、姓名）',
  'staff.enable': '启用账号',
  'staff.disable': '停用账号',
  'staff.reset_password': '重置密码',
  'staff.change_password': '修改本人密码',
  'staff.bind_wechat': '绑定微信',
  'staff.unbind_wechat': '解绑微信',
  'campaign.create': '新建项目',
  'campaign.update': '编辑项目',
  'campaign.activate': '上线项目',
  'campaign.close': '结束项目',
  'campaign.publishUpdate': '发布项目进展',
  'match-pool.create': '新建配捐资金池',
  'match-pool.close': '关闭配捐资金池',
  'organization.create': '新建组织',
  'organization.update': '编辑组织',
  'organization.import-roster': '导入花名册',
  'remittance.record': '线下汇款：录入',
  'remittance.record_gift': '个人线下捐赠：录入',
  'remittance.confirm': '线下汇款：复核确认',
  'remittance.reverse': '线下汇款：冲正',
  'remittance.confirm_reversal': '线下汇款：复核冲正',
  'bank_statement.save_mapping': '银行流水：保存列对应',
  'bank_statement.reconcile': '银行流水：导入对账',
  'official_receipt.request': '捐赠票据：单位申请',
  'official_receipt.issue': '捐赠票据：开具',
  'official_receipt.refuse': '捐赠票据：不予开具',
  'donation.refund': '退款',
  'donation.refund_failed': '退款失败',
  'donation.refund_retry': '重新退款',
  'funds.allocate': '配捐资金分配',
  'fund_request.file': '资金申请：上报',
  'fund_request.review': '资金申请：评议',
  'fund_request.publicize': '资金申请：公示',
  'fund_request.object': '资金申请：记录异议',
  'fund_request.answer_objection': '资金申请：答复异议',
  'fund_request.approve': '资金申请：审批',
  'fund_request.disburse': '资金申请：报账拨付',
  'fund_request.accept': '资金申请：验收',
  'fund_request.reject': '资金申请：驳回',
  'reconciliation.run': '对账',
  'reconciliation.resolve_difference': '处理对账差异',
  'goods.register': '物资登记',
  'goods.disinfect': '物资消毒',
  'goods.pack': '物资打包',
  'goods.deliver_items': '物资发放到户',
  'goods.adjust_stock': '库存调整',
  // A parcel's steps, named after the custody event they record (goods.<CustodyAction>).
  'goods.registered': '物资登记',
  'goods.rejected': '物资拒收',
  'goods.disinfected': '物资消毒',
  'goods.packed': '包裹打包',
  'goods.dispatched': '包裹发出',
  'goods.received': '包裹签收',
  'goods.unpacked': '包裹拆包',
  'goods.delivered': '包裹发放到户',
  'goods.stock_adjusted': '库存调整',
  'goods.written_off': '物资报损',
  'household.create': '新建贫困户',
  'household.update': '编辑贫困户',
  'household.import': '导入贫困户',
  'need.post': '发布帮扶需求',
  'need.cancel': '取消帮扶需求',
  'outreach_event.create': '新建下乡活动',
  'outreach_event.update': '编辑下乡活动',
  'outreach_event.cancel': '取消下乡活动',
  'outreach_event.record': '记录活动成果',
  'outreach_event.check_in': '活动签到',
  'outreach_event.check_out': '活动签退',
  'volunteer_team.create': '新建志愿队伍',
  'volunteer_team.set_leader': '指定队长',
  'job.retry': '重试失败任务',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** What an entry is about, as staff read it; the record's `targetType` is typed by it too. */
export const AUDIT_TARGETS = {
  session: '登录会话',
  staff: '工作人员',
  campaign: '项目',
  organization: '组织',
  donation: '捐赠',
  remittance: '线下汇款',
  bank_statement_mapping: '银行流水列对应',
  bank_statement_import: '银行流水对账',
  official_receipt_request: '捐赠票据申请',
  match_pool: '配捐资金',
  fund_request: '资金申请',
  reconciliation_run: '对账',
  reconciliation_difference: '对账差异',
  item: '物资',
  disinfection: '消毒记录',
  parcel: '包裹',
  delivery: '发放记录',
  household: '贫困户',
  need: '帮扶需求',
  outreach_event: '下乡活动',
  volunteer_team: '志愿队伍',
  outbox_message: '后台任务',
} as const satisfies Record<string, string>;

export type AuditTarget = keyof typeof AUDIT_TARGETS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.prototype.hasOwnProperty.call(AUDIT_ACTIONS, action);
}

export function isAuditTarget(target: string): target is AuditTarget {
  return Object.prototype.hasOwnProperty.call(AUDIT_TARGETS, target);
}
