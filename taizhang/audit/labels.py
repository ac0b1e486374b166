"""Chinese labels of audit actions, for the audit pages and the audit export; an action without one shows its key."""

ACTION_LABELS: dict[str, str] = {
    "auth.login": "登录", "auth.logout": "退出", "auth.login_failed": "登录失败",
    "unit.create": "新建单位", "unit.update": "修改单位", "unit.move": "移动单位", "unit.deactivate": "停用单位",
    "unit.activate": "启用单位", "user.create": "新建用户", "user.update": "修改用户", "user.password": "修改密码",
    "user.password_reset": "重置密码",
    "role.assign": "授权", "role.revoke": "撤销授权", "token.create": "生成接口令牌", "token.revoke": "作废接口令牌",
    "campaign.create": "新建专项工作", "campaign.update": "修改专项工作", "campaign.stage": "修改工作阶段",
    "campaign.stage_delete": "删除工作阶段", "campaign.code": "修改代码表", "audit.export": "导出留痕",
    "audit.verify": "校验留痕", "demo.generate": "生成演示数据",
    "interviewsuggestion.create": "生成约谈建议", "lookbackplan.create": "安排回头看", "lookbackplan.done": "完成回头看安排",
    "stats.snapshot": "生成统计快照", "import.batch": "导入", "import.fail": "后台导入失败", "import.undo": "撤销导入",
}


def label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
