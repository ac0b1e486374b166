"""督导: contents of the five 督办单 kinds and replies."""

from __future__ import annotations

import random

from ._util import fill, lookup, pick_distinct

SLIP_KINDS = {
    "notice": "通知单",
    "reminder": "提示单",
    "feedback": "反馈单",
    "warning": "预警单",
    "interview": "约谈单",
}

_WORK_ITEMS = (
    "检视问题整改", "调研成果转化", "为民办实事项目推进", "建章立制", "专题学习", "读书班组织",
    "问题清单报送", "整改进展更新", "销号佐证材料整理", "回头看", "阶段性总结报送", "调研报告撰写",
)
_FINDINGS = (
    "部分问题整改措施不够具体，针对性、可操作性不强",
    "个别问题整改进展长期未更新，台账信息与实际不符",
    "问题清单中部分问题表述笼统，未体现具体表现",
    "销号佐证材料不完整，存在以会议记录代替整改成效的情况",
    "调研报告质量不高，对策建议不够具体",
    "为民办实事项目推进偏慢，部分项目尚未开工",
    "专题研讨准备不充分，发言联系实际不够",
    "整改责任未压实到具体责任人",
    "立行立改问题超期未完成",
    "学习记录填报不规范，参学人次与签到表不一致",
    "群众反映强烈的问题整改成效不明显",
    "建章立制与问题整改关联不紧",
)
def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日"


_DAYS = ("3个工作日", "5个工作日", "7个工作日", "10个工作日", "15日")


def _notice(rng):
    return fill(rng, (
        "根据" + rng.choice(("主题教育工作安排", "党纪学习教育工作安排", "领导小组办公室工作部署", "督导工作计划"))
        + "，请你单位于" + _date(rng) + "前完成" + rng.choice(_WORK_ITEMS) + "工作，并通过系统报送"
        + rng.choice(("相关台账", "工作进展", "佐证材料", "书面报告")) + "。"
        + rng.choice(("逾期未报送的将予以通报。", "请指定专人负责，确保按时保质完成。", "如有困难请及时与办公室联系。", ""))
    ))


_REMINDER_TAILS = (
    "", "", "请于#个工作日内反馈有关情况。", "系统将持续跟踪提醒。", "请对照台账逐项核实。",
    "如已完成请及时上传佐证材料。", "请分管领导亲自过问、加快推进。",
)


def _reminder(rng):
    n = rng.randint(2, 18)
    return fill(rng, rng.choice((
        f"经系统监测，你单位有{n}个问题整改时限将于7日内到期，请抓紧推进，按期完成整改并及时申请销号。",
        f"你单位有{n}个问题超过30日未更新整改进展，请及时核实并更新台账信息。",
        "你单位" + rng.choice(_WORK_ITEMS) + "工作进度低于全县平均水平，请加大推进力度。",
        f"你单位有{n}项调研成果转化事项尚未启动，请尽快明确责任人和完成时限。",
        "提示：本周五前需完成" + rng.choice(_WORK_ITEMS) + "情况报送，请提前做好准备。",
        f"你单位有{n}个立行立改问题尚未完成整改，请抓紧落实。",
        f"你单位有{n}件督办事项临近反馈期限，请按时反馈办理情况。",
    )) + rng.choice(_REMINDER_TAILS))


def _feedback(rng):
    found = pick_distinct(rng, _FINDINGS, rng.randint(2, 3))
    body = "；".join(f"{'一二三'[i]}是{t}" for i, t in enumerate(found))
    return (
        "督导组在" + rng.choice(("近期实地督导", "查阅台账资料", "随机抽查", "列席专题会议", "个别访谈"))
        + "中发现，你单位存在以下问题：" + body + "。请认真研究，于" + rng.choice(_DAYS) + "内反馈整改情况。"
    )


def _warning(rng):
    n = rng.randint(2, 12)
    light = rng.choice(("黄灯", "红灯"))
    return fill(rng, rng.choice((
        f"你单位有{n}个问题已超过整改时限仍未销号，已亮{light}预警。请立即研究整改措施，限期整改到位。",
        f"你单位整改率为@%，低于全县平均水平，已亮{light}预警，请分析原因、加快推进。",
        f"你单位有{n}个销号申请被退回后超过15日未重新提交，已亮{light}预警。",
        "你单位" + rng.choice(_WORK_ITEMS) + f"工作连续两次调度排名靠后，已亮{light}预警，请主要负责同志亲自过问。",
    ))) + rng.choice(("", "逾期仍未整改的，将启动约谈程序。", "预警情况将纳入年度考核。"))


def _interview(rng):
    return fill(rng, (
        "鉴于你单位" + rng.choice((
            "多个问题长期超期未整改", "整改工作推进不力、预警后仍无明显改观", "销号材料弄虚作假",
            "群众反映问题整改不到位、重复投诉较多", "督办事项未按期反馈",
        ))
        + "，经领导小组研究，定于" + _date(rng) + "对你单位主要负责同志进行约谈。请提前准备书面说明，"
        + "内容包括问题原因、整改措施和完成时限。"
    ))


_SLIP_BUILDERS = {
    "notice": _notice,
    "reminder": _reminder,
    "feedback": _feedback,
    "warning": _warning,
    "interview": _interview,
}


def slip_content(rng: random.Random, kind: str) -> str:
    """Content of a 督办单 of ``kind`` (notice, reminder, feedback, warning, interview)."""
    return lookup(_SLIP_BUILDERS, kind, "slip kind")(rng)


_REPLY_OPENINGS = (
    "收到督办单后，我单位高度重视，",
    "接到通知后，我单位第一时间召开专题会议，",
    "针对督办事项，单位主要负责同志亲自部署，",
    "我单位对督办单指出的问题照单全收，",
)
_REPLY_ACTIONS = (
    "逐项分析问题原因，制定整改措施#条",
    "明确分管领导和具体责任人，建立整改台账",
    "对超期问题逐一研究，调整细化整改计划",
    "组织相关科室集中补充完善佐证材料",
    "开展自查自纠，举一反三排查同类问题@个",
    "重新修订整改方案，压实整改责任",
    "召开调度会#次，协调解决推进中的困难",
)
_REPLY_RESULTS = (
    "目前已整改完成#项，其余事项将于本月底前完成。",
    "相关问题已全部整改到位，佐证材料已上传系统。",
    "台账信息已全部更新，后续将每周跟踪进展。",
    "已提交销号申请#件，剩余问题正在加快推进。",
    "下一步将建立长效机制，防止类似问题再次发生。",
)


def slip_reply(rng: random.Random) -> str:
    """督办单反馈 (reply text)."""
    actions = pick_distinct(rng, _REPLY_ACTIONS, 2)
    return fill(rng, rng.choice(_REPLY_OPENINGS) + "，".join(actions) + "。" + rng.choice(_REPLY_RESULTS))
