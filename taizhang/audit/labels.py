"""Chinese labels of audit actions, for the audit pages, the audit filter and the audit export.

An action is ``<record>.<verb>``. The plain writes are named here; a lifecycle step (``problem.accept``,
``supervisionslip.sign`` …) is named by its lifecycle: the record's noun and the step's own label (问题·认领);
an export by its kind. No action shows its key to a user: one this table cannot name shows as "其他操作（key）".
"""

ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录", "auth.logout": "退出", "auth.login_failed": "登录失败",
    "auth.lockout": "账号登录锁定", "auth.lockout_address": "地址登录锁定", "lockout.release": "解除登录锁定",
    "access.denied": "越权访问被拒", "access.refused": "操作被拒绝",
    "security.otp_enrol": "绑定身份验证器", "security.otp_reset": "重置双因素认证",
    "security.otp_failed": "动态口令错误", "security.otp_backup_used": "使用备用码登录",
    "security.otp_backup_codes": "重新生成备用码", "security.otp_policy": "设置双因素认证策略",
    "audit.seal": "封存留痕哈希链", "audit.prune": "清理过期留痕",
    "unit.create": "新建单位", "unit.update": "修改单位", "unit.move": "移动单位", "unit.deactivate": "停用单位",
    "unit.activate": "启用单位", "user.create": "新建用户", "user.update": "修改用户", "user.password": "修改密码",
    "user.password_reset": "重置密码",
    "role.assign": "授权", "role.revoke": "撤销授权", "token.create": "生成接口令牌", "token.revoke": "作废接口令牌",
    "campaign.create": "新建专项工作", "campaign.update": "修改专项工作", "campaign.stage": "修改工作阶段",
    "campaign.stage_delete": "删除工作阶段", "campaign.code": "修改代码表", "campaign.carry_over": "承接上一批问题",
    "audit.export": "导出留痕", "audit.verify": "校验留痕", "demo.generate": "生成演示数据",
    "interviewsuggestion.create": "生成约谈建议", "lookbackplan.create": "安排回头看", "lookbackplan.done": "完成回头看安排",
    "lookback.create": "登记回头看", "stats.snapshot": "生成统计快照",
    "import.batch": "导入", "import.fail": "后台导入失败", "import.undo": "撤销导入",
    "calendar.save": "设置工作日历", "calendar.delete": "删除工作日历日期",
    "attachment.create": "上传附件", "circular.publish": "发布通报",
    "compilation.create": "新建材料汇编", "compilation.add": "汇编收录材料", "compilation.move": "调整汇编顺序",
    "compilation.remove": "汇编移除材料",
    "opinionround.create": "发起征求意见", "opinionround.close": "结束征求意见", "opinion.submit": "群众提交意见",
    "opinion.record": "登记意见建议", "opinion.merge": "合并意见建议", "opinion.to_problem": "意见转入问题清单",
    "opinion.to_matter": "意见转入需求清单", "opinionletter.send": "发送征求意见函",
    "opinionletter.answer": "回复征求意见函", "opinionmeeting.create": "登记座谈会或个别谈话",
    "opinionrating.submit": "群众评价", "opinionrating.lookback": "回头看登记群众评价",
    "opinionrating.review": "处理不满意评价",
    "problem.mark_duplicate": "标记重复问题",
    "similarity.request": "申请材料查重", "similarity.request_all": "全部材料重新查重",
    "similarity.reference_upload": "上传查重比对材料", "similarity.reference_delete": "删除查重比对材料",
    "institution.create": "新建制度", "institution.update": "修改制度", "institution.unlink_problem": "制度解除关联问题",
    "material.submit": "提交交流材料", "material.grant": "授权查阅材料", "material.revoke": "撤销查阅授权",
    "material.typical": "标记典型经验",
    "measure.create": "新增整改措施", "measure.status": "更新措施状态",
    "notification.send": "发送消息", "notification.read": "阅读消息", "notification.mute": "设置消息免打扰",
    "practicalmatter.create": "新建实事", "practicalmatter.update": "修改实事",
    "problem.create": "新建问题", "problem.update": "修改问题", "problem.import": "导入问题",
    "progress.create": "报告整改进展", "readingitem.add": "添加学习书目",
    "report.request": "生成报告", "report_template.upload": "上传报告模板",
    "report_draft.generate": "生成报告草稿", "report_draft.regenerate": "重新生成报告草稿",
    "report_draft.edit": "修改报告草稿", "report_draft.drop": "删除报告草稿段落", "report_draft.reset": "恢复报告草稿",
    "researchtopic.create": "新建调研课题", "researchtopic.update": "修改调研课题", "researchtopic.assign": "确定领题人",
    "researchtopic.grade": "评定调研成果", "researchtopic.report": "提交调研报告",
    "researchvisit.create": "登记调研走访", "researchvisit.update": "修改调研走访",
    "researchvisit.unlink_problem": "走访解除关联问题",
    "transformation.create": "新增成果转化事项",
    "searchterm.add": "检索词典添加词语", "searchterm.delete": "检索词典删除词语",
    "robot.create": "新增群机器人", "robot.update": "修改群机器人", "robot.deactivate": "停用群机器人",
    "robot.test_send": "群机器人试发",
    "studyactivity.create": "新建学习活动", "studyactivity.update": "修改学习活动",
    "supervisionslip.issue": "签发督办单", "slipprefix.set": "设置督办单编号前缀",
}


def _lifecycle_label(action: str) -> str | None:
    """问题·认领 for problem.accept: the lifecycle's noun and its step's label."""
    from taizhang.workflow import LIFECYCLES

    model_name, _, verb = action.partition(".")
    for model, lifecycle in LIFECYCLES.items():
        if model._meta.model_name == model_name and verb in lifecycle.transitions:
            return f"{lifecycle.noun}·{lifecycle.transitions[verb].label}"
    return None


def label(action: str) -> str:
    """The Chinese name of an audit action."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    if action.startswith("export."):
        from taizhang.imports.models import EXPORT_KINDS

        kind = dict(EXPORT_KINDS).get(action.partition(".")[2])
        if kind:
            return f"导出{kind}"
    return _lifecycle_label(action) or f"其他操作（{action}）"


def action_choices() -> list[tuple[str, str]]:
    """Every named action for the audit filter, grouped by record and step."""
    from taizhang.imports.models import EXPORT_KINDS
    from taizhang.workflow import LIFECYCLES

    actions = set(ACTION_LABELS) | {f"export.{k}" for k, _ in EXPORT_KINDS}
    for model, lifecycle in LIFECYCLES.items():
        actions |= {f"{model._meta.model_name}.{verb}" for verb in lifecycle.transitions}
    return sorted(((a, label(a)) for a in actions), key=lambda item: item[0])
