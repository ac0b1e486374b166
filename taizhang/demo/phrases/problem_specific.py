"""Specific 检视问题 statements: what a unit that really looked at its own work writes (original text written for
taizhang).

A real 问题清单 names the place, the work, the figure and the time: "东关村2025年高标准农田建设验收资料缺3项，
村民反映地块平整不到位", not "工作作风不够扎实". Each category has title templates (two clauses, joined by "，")
and lead sentences for 问题表现; the slots are filled from the unit's own name and from the lists below, so two
units almost never write the same sentence. A minority of problems keeps the stock phrasing of `GENERIC` — the
"万能问题" that the quality check is there to catch.

Slots: {place} the unit (short name) or one of its places, {site} a named spot, {work} a named piece of work,
{period} a time, {n} 2–9, {k} 1 less than {n} at most, {m} 10–98, {score} a test score, {money} 万元.
"""

from __future__ import annotations

import random
import re

PERIODS = ("今年一季度", "今年上半年", "今年以来", "去年第四季度", "近三个月", "今年4月以来", "去年以来", "汛期前后",
           "春节前后", "今年5月")
SITES = ("村委会二楼会议室", "三号办事窗口", "老街农贸市场", "北环路口袋公园", "第二网格", "镇敬老院", "社区卫生服务站",
         "文化广场", "垃圾中转站", "小微企业孵化园", "东片区安置小区", "河西灌区", "便民服务大厅", "新时代文明实践站",
         "中心小学门口", "物流园区", "老旧小区3号楼", "村级光伏电站", "城郊结合部", "党群服务中心")
WORKS = ("老旧小区加装电梯", "高标准农田建设", "农村饮水安全巩固提升", "背街小巷改造", "集体经济合作社分红",
         "防汛物资储备", "秸秆禁烧", "低保动态调整", "营商环境投诉办理", "村级财务公开", "人居环境整治",
         "养老服务补贴发放", "河道清淤", "户厕改造", "高龄津贴发放", "就业技能培训", "校园周边交通整治",
         "林长制巡护", "农房安全排查", "社保卡激活", "医保参保动员", "小额信贷贴息", "垃圾分类督导", "消防通道清理")

TITLES: dict[str, tuple[str, ...]] = {
    "theory": (
        "{place}中心组{period}{n}次集体学习未安排研讨，{work}部署未结合学习",
        "{place}“三会一课”{period}有{n}次只读文件，未联系{work}讨论",
        "{place}读书班研讨材料{m}%照搬范文，{work}举措空泛",
        "{place}{n}名党员学习平台积分{period}断档，忙于{work}无人督促",
        "{place}{period}应知应会测试平均{score}分，{n}名干部{work}政策题全错",
        "{place}第一议题{period}传达滞后{n}周，{work}文件精神未及时学",
        "{place}青年干部理论夜校{period}停办，{work}专题{n}期课程未开",
    ),
    "political": (
        "{place}{work}上级部署执行打折扣，{n}项任务延期",
        "{place}意识形态研判会{period}只开{k}次，{site}阵地管理缺位",
        "{place}{n}名党员组织关系长期未转接，在{site}务工的流动党员{period}失联",
        "{place}请示报告不及时，{work}方案{period}未报批即实施",
        "{place}民主生活会批评意见{n}条未见整改，{work}责任未压实",
        "{place}{site}宣传栏{period}未更新，内容停留在去年",
    ),
    "capability": (
        "{place}{work}前期论证不足，{period}已{n}次调整方案",
        "{place}干部不熟悉{work}政策，群众咨询{n}次答不上来",
        "{place}{work}台账与上报数相差{m}户，统计口径混乱",
        "{place}应急预案未演练，{site}{period}积水处置迟缓",
        "{place}{work}系统录入错误{m}条，{n}名经办人未经培训",
        "{place}招商项目{n}个停在洽谈，{site}闲置{m}亩",
    ),
    "responsibility": (
        "{place}{work}推进缓慢，计划{n}项只完成{k}项",
        "{place}对{site}群众反映的问题推诿，{m}件诉求超期",
        "{place}{work}资金拨付滞后{n}个月，施工方多次催要",
        "{place}{site}安全隐患整改不彻底，复查又发现{n}处",
        "{place}{work}验收资料缺{n}项，村民反映质量不到位",
        "{place}信访积案{n}件{period}无人牵头，{site}群众反复来访",
    ),
    "style": (
        "{place}{period}围绕{work}发文{m}件，其中{n}件照转未细化",
        "{place}{work}检查一周{n}次，{site}干部疲于迎检",
        "{place}{site}午间无人值守，群众等候超过{m}分钟",
        "{place}{work}要求重复报表{n}套，填报占用{m}小时",
        "{place}调研集中在{site}，{period}{n}个偏远村组未走到",
        "{place}{work}工作群{period}每天要求截图打卡{n}次，基层干部不堪其扰",
    ),
    "integrity": (
        "{place}{work}{money}万元合同未经集体研究，程序不规范",
        "{place}公务用车{period}有{n}次未登记用途，{site}加油记录不全",
        "{place}{site}收费公示不全，{n}项收费标准未上墙",
        "{place}{work}发放有{n}户优亲厚友反映，公示仅{k}天",
        "{place}{work}接待费{period}超标{m}%，清单与发票不符",
        "{place}{work}工程{n}次变更未经审批，追加{money}万元",
    ),
}

# The first sentence of 问题表现: how the problem was found, restating its facts in other words.
LEADS = (
    "{period}自查中发现：{title}。",
    "经{check}核实，{title}。",
    "群众在{site}反映，{title}，经查属实。",
    "对照{work}任务清单逐项检视，{title}。",
    "{check}指出：{title}，本单位认领整改。",
    "在{site}现场查看发现，{title}。",
)
CHECKS = ("上级督导组", "专题民主生活会", "巡察组", "纪检监察组", "班子成员蹲点调研", "“回头看”", "第三方评估",
          "12345热线工单分析")

# The stock phrasing that any unit could have written: a small pool on purpose, so that the demo holds a planted
# minority of 万能问题 repeated across many units.
GENERIC: dict[str, tuple[str, ...]] = {
    "theory": ("理论学习不够深入，学用结合不紧", "调查研究不够深入，了解实际情况不够全面"),
    "political": ("政治站位不够高，大局意识不强",),
    "capability": ("能力本领不足，适应新形势新任务有差距",),
    "responsibility": ("担当作为不够，干事创业劲头不足",),
    "style": ("工作作风不够扎实，服务群众意识不强", "形式主义官僚主义仍有表现，为基层减负不到位"),
    "integrity": ("廉洁自律意识有所松懈，制度执行不够严格",),
}
GENERIC_SHARE = 0.06

_SUFFIX = re.compile(r"(党支部|党总支|党委|党工委|党组|支部委员会|委员会|机关|办公室)$")


def place_of(unit_name: str) -> str:
    """The short name a unit calls itself in its own statements (东关村党支部 → 东关村)."""
    name = _SUFFIX.sub("", (unit_name or "").strip())
    return name or (unit_name or "").strip()


def _fill(rng: random.Random, template: str, place: str, **extra) -> str:
    n = rng.randint(2, 9)
    values = {"place": place, "site": rng.choice(SITES), "work": rng.choice(WORKS), "period": rng.choice(PERIODS),
              "n": n, "k": rng.randint(1, n - 1), "m": rng.randint(10, 98), "score": rng.randint(52, 68),
              "money": rng.choice((12, 18.5, 26, 38, 45.6, 60, 85, 120)), "check": rng.choice(CHECKS), **extra}
    return template.format(**values)


def specific_title(rng: random.Random, category: str, unit_name: str = "") -> str:
    """A title naming the unit's own place, work, figure and time."""
    place = place_of(unit_name) or rng.choice(SITES)
    return _fill(rng, rng.choice(TITLES[category]), place)


def generic_title(rng: random.Random, category: str) -> str:
    return rng.choice(GENERIC[category])


def lead_sentence(rng: random.Random, title: str) -> str:
    """The first sentence of 问题表现, restating a specific title as a finding."""
    return _fill(rng, rng.choice(LEADS), "", title=title)
