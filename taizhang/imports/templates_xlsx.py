"""Downloadable empty templates (headers, one example row, a notes sheet) and the error report workbook."""

from __future__ import annotations

import io

import xlsxwriter

from taizhang.imports.sheets import read_workbook

TEMPLATES: dict[str, dict] = {
    "problems": {
        "headers": ["编号", "责任单位", "问题类别", "问题来源", "问题", "问题表现", "整改措施", "整改目标", "责任领导",
                    "责任人", "整改类型", "整改时限"],
        "example": ["", "东县县委", "理论学习", "自查", "理论学习不够系统", "学用结合不紧，以干代学",
                    "1. 制定年度学习计划\n2. 每月开展一次集中研讨", "形成常态化学习机制", "张三", "李四", "限期整改",
                    "2026-12-31"],
        "notes": ["每行一个问题；整改措施可写在同一格内（1. … 2. …），也可以在问题下方另起一行只填措施。",
                  "编号留空则自动编号；再次导入时按编号（或单位+问题）更新已有问题，不会重复。",
                  "责任单位填单位编码、全称或简称；不在您权限范围内的单位会报错。",
                  "责任领导、责任人填账号则关联账号，否则按姓名保存。",
                  "整改时限可写 2026-12-31、2026年12月底、立行立改、长期坚持等。",
                  "表中其他列（如督导意见）原样保存在问题的“其他信息”中。"],
    },
    "units": {"headers": ["单位编码", "单位名称", "简称", "上级单位", "单位类型"],
              "example": ["K1-01", "东县县委办公室", "县委办", "K1", "机关"],
              "notes": ["上级单位填编码、全称或简称；可以是本表前面各行新建的单位。",
                        "单位类型：党委、党组、党工委、党总支、党支部、机关、部门、企业、学校、医院、乡镇街道、村社区、其他。",
                        "再次导入时按单位编码更新名称、简称和类型。"]},
    "users": {"headers": ["用户名", "姓名", "单位", "职务", "手机号", "角色", "授权单位", "含下级单位"],
              "example": ["zhangsan", "张三", "东县县委", "办公室主任", "13800000000", "经办人", "东县县委", "是"],
              "notes": ["角色可填多个，用顿号分隔：主题教育办公室、领导、经办人、督导组、党员。",
                        "授权单位是角色作用的单位，留空即本人所在单位；在几个单位都有角色的用户，每个单位填一行"
                        "（用户名相同，姓名、单位等其他内容也要相同）。",
                        "新账号的初始密码随机生成，请由管理员重置后告知本人。",
                        "再次导入时按用户名更新：表中新增的角色会补充授予，已有的角色不会撤销；表中没有的列（如手机号）"
                        "保持原样。"]},
    "research": {"headers": ["课题名称", "单位", "调研方向", "领题领导", "课题组成员", "选题理由", "计划开始时间",
                             "计划完成时间", "调研地点"],
                 "example": ["基层减负落实情况调研", "东县县委", "基层减负", "张三", "李四、王五", "群众反映较多",
                             "2026-09-10", "2026-10-31", "东镇、西镇"],
                 "notes": ["再次导入时按单位+课题名称更新。"]},
    "study": {"headers": ["学习形式", "学习主题", "单位", "日期", "结束日期", "主持人", "参加人数", "参加人次", "发言人次",
                          "内容摘要"],
              "example": ["中心组学习", "学习党章", "东县县委", "2026-09-15", "", "张三", 12, 12, 5, "交流研讨"],
              "notes": ["学习形式：第一议题、中心组学习、读书班、专题研讨、专题党课、三会一课、主题党日等。",
                        "再次导入时按单位+学习主题更新。"]},
    "matters": {"headers": ["实事名称", "单位", "类别", "来源", "具体内容", "领办领导", "完成时限"],
                "example": ["修缮村道", "东村党支部", "基础设施", "群众诉求", "修缮村道2公里", "张三", "2026-12-31"],
                "notes": ["类别取本专项工作的实事类别；来源：群众诉求、调研发现、热线、微心愿、其他。",
                          "再次导入时按单位+实事名称更新。"]},
    "institutions": {"headers": ["制度名称", "文号", "类型", "印发时间", "单位", "主要内容"],
                     "example": ["机关学习制度", "东委发〔2026〕1号", "新建", "2026-10-01", "东县县委", "规范集中学习"],
                     "notes": ["类型：新建、修订、废止。", "再次导入时按单位+制度名称更新。"]},
}


def template_workbook(kind: str, label: str) -> bytes:
    spec = TEMPLATES[kind]
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False})
    head = wb.add_format({"bold": True, "border": 1, "bg_color": "#D9E1F2", "align": "center", "text_wrap": True})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    ws = wb.add_worksheet(label[:31])
    ws.write_row(0, 0, spec["headers"], head)
    ws.write_row(1, 0, spec["example"], wrap)
    ws.set_column(0, len(spec["headers"]) - 1, 16)
    ws.freeze_panes(1, 0)
    notes = wb.add_worksheet("填表说明")
    notes.set_column(0, 0, 100)
    notes.write(0, 0, f"{label}导入模板 填表说明", wb.add_format({"bold": True, "font_size": 14}))
    notes.write(1, 0, "第2行是示例，导入前请删除或改为实际内容。")
    for i, line in enumerate(spec["notes"], 2):
        notes.write(i, 0, line)
    wb.close()
    return out.getvalue()


def errors_workbook(data: bytes, filename: str, sheet_name: str, errors: list[dict]) -> bytes:
    """The original sheet with a 「错误说明」 column added next to the rows that failed."""
    sheets = read_workbook(data, filename)
    sheet = next((s for s in sheets if s.name == sheet_name), sheets[0])
    by_row: dict[int, list[str]] = {}
    for e in errors:
        where = f"「{e['column']}」" if e.get("column") else ""
        by_row.setdefault(int(e["row"]), []).append(f"{where}{e['message']}")
    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet(sheet.name[:31] or "Sheet1")
    red = wb.add_format({"font_color": "#C00000", "text_wrap": True, "bg_color": "#FCE4E4"})
    datef = wb.add_format({"num_format": "yyyy-mm-dd"})
    width = max((len(r.cells) for r in sheet.rows), default=0)
    ws.write(0, width, "错误说明", wb.add_format({"bold": True}))
    ws.set_column(width, width, 50)
    for r in sheet.rows:
        for c, v in enumerate(r.cells):
            if v is None:
                continue
            if hasattr(v, "year") and hasattr(v, "month"):
                ws.write(r.number - 1, c, v, datef)
            elif isinstance(v, int | float | bool):
                ws.write(r.number - 1, c, v)
            else:
                ws.write_string(r.number - 1, c, str(v))
        if r.number in by_row:
            ws.write_string(r.number - 1, width, "；".join(by_row[r.number]), red)
    extra = sorted(set(by_row) - {r.number for r in sheet.rows})
    for n in extra:
        ws.write_string(n - 1, width, "；".join(by_row[n]), red)
    wb.close()
    return out.getvalue()
