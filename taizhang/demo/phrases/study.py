"""理论学习: activity titles by type, reading materials and 意见建议."""

from __future__ import annotations

import random

from ._util import cn_number, fill, lookup

STUDY_TYPES = {
    "first_topic": "第一议题",
    "group_study": "中心组学习",
    "reading_class": "读书班",
    "seminar": "专题研讨",
    "party_lecture": "专题党课",
    "three_meetings": "三会一课",
    "party_day": "主题党日",
    "tutorial": "专题辅导",
    "preaching": "宣讲",
    "onsite": "现场教学",
    "quiz": "知识测试",
    "self_study": "自学",
}

# What is studied (objects of 学习/传达学习).
_CONTENTS = (
    "党的二十大精神", "关于调查研究的重要论述", "关于全面从严治党的重要论述", "关于乡村振兴的重要论述",
    "关于党的作风建设的重要论述", "关于基层治理的重要论述", "关于安全生产的重要指示精神",
    "关于生态文明建设的重要论述", "关于为基层减负的重要论述", "党章", "新修订的党内法规",
    "中央八项规定及其实施细则精神", "上级全会精神", "上级主题教育工作会议精神",
    "关于树立和践行正确政绩观的重要论述", "关于民生保障的重要论述", "关于高质量发展的重要论述",
    "关于党的纪律建设的重要论述", "关于加强年轻干部培养的重要论述", "关于坚持和发展新时代“枫桥经验”的重要论述",
    "上级纪委全会精神", "省委有关会议精神", "市委有关会议精神", "关于意识形态工作的重要论述",
)
# Themes used as 研讨专题 / 党课题目 (4+4 character slogans, original).
_THEME_A = (
    "以学铸魂", "以学增智", "以学正风", "以学促干", "学思践悟", "守正创新", "凝心聚力", "真抓实干",
    "筑牢根基", "锤炼党性", "严守纪律", "勇于担当", "服务为民", "实干兴县", "赓续初心", "砥砺前行",
)
_THEME_B = (
    "筑牢信仰之基", "汲取奋进力量", "推动高质量发展", "践行为民宗旨", "树立正确政绩观",
    "扛牢政治责任", "锻造过硬队伍", "厚植为民情怀", "激发干事热情", "守牢廉洁底线",
    "绘就振兴新篇", "答好发展新卷", "提升履职本领", "建设清廉机关",
)
_SEMINAR_TOPICS = (
    "坚定理想信念、筑牢思想根基", "牢记初心使命、践行为民宗旨", "树立正确政绩观、推动高质量发展",
    "加强调查研究、破解发展难题", "严守纪律规矩、永葆清廉本色", "锤炼过硬作风、狠抓工作落实",
    "提升能力本领、勇于担当作为", "坚持问题导向、抓好检视整改", "深化党建引领、提升治理效能",
    "弘扬斗争精神、防范化解风险",
)
_GROUP_UNITS = ("县委", "县政府党组", "县人大常委会党组", "县政协党组", "局党组", "镇党委", "乡党委", "委党组")
_BRANCHES = ("机关第一党支部", "机关第二党支部", "机关党支部", "离退休干部党支部", "村党支部",
             "社区党支部", "机关党总支", "第三党支部", "窗口党支部", "教师党支部", "卫生院党支部")
_MEETINGS = ("党员大会", "委员会会议", "党小组会", "书记讲党课")
_PARTY_DAYS = (
    "重温入党誓词", "我为群众办实事", "学党纪、明规矩、守底线", "践行初心使命", "清廉机关建设",
    "志愿服务进社区", "缅怀革命先烈", "学习先进典型", "助力乡村振兴", "党员亮身份、服务作表率",
    "环境卫生大扫除", "走访慰问困难党员",
)
_TUTORS = ("县委党校教授", "市委党校专家", "县纪委监委负责同志", "法律顾问", "先进典型代表", "行业专家",
           "宣讲团成员", "县委组织部负责同志")
_PREACH_PLACES = ("进村居", "进企业", "进校园", "进机关", "进网格", "到田间地头", "进农家院落", "进社区广场")
_ONSITE_PLACES = (
    "革命纪念馆", "廉政教育基地", "党性教育基地", "先进村党建示范点", "乡村振兴示范园区",
    "红色教育基地", "烈士陵园", "基层治理示范社区", "法治教育基地", "警示教育基地",
)
_QUIZ = ("应知应会知识测试", "党纪法规知识测试", "理论学习闭卷测试", "线上知识竞答", "学习成效测评")


def _theme(rng: random.Random) -> str:
    return rng.choice(_THEME_A) + "　" + rng.choice(_THEME_B)


def _first_topic(rng):
    return rng.choice(("传达学习", "学习", "专题学习", "第一议题：学习")) + rng.choice(_CONTENTS) + rng.choice(
        ("", "", "并研究贯彻落实措施", "，结合实际研究部署贯彻意见"))


def _group_study(rng):
    return (rng.choice(_GROUP_UNITS) + "理论学习中心组" + rng.choice(("", "", "2023年", "本年度"))
            + "第" + cn_number(rng.randint(1, 18)) + "次集体学习：" + rng.choice(_CONTENTS))


def _reading_class(rng):
    who = rng.choice(("主题教育", "党纪学习教育", "县处级领导干部", "科级干部", "村（社区）党组织书记",
                      "机关党员干部", "年轻干部"))
    return who + "读书班（第" + cn_number(rng.randint(1, 6)) + "期）"


def _seminar(rng):
    topic = rng.choice(_SEMINAR_TOPICS)
    r = rng.random()
    if r < 0.5:
        return rng.choice(("围绕“", "聚焦“")) + topic + "”开展专题研讨"
    if r < 0.8:
        return "“" + topic + "”专题研讨" + rng.choice(("交流会", "会", "（第" + cn_number(rng.randint(1, 6)) + "次）"))
    return rng.choice(_GROUP_UNITS) + "专题研讨：" + topic


def _party_lecture(rng):
    return rng.choice(("专题党课：", "主题教育专题党课：", "党纪学习教育专题党课：", "书记讲党课：")) + _theme(rng)


def _three_meetings(rng):
    return rng.choice(_BRANCHES) + rng.choice(_MEETINGS) + "：" + rng.choice(
        ("学习", "传达学习", "专题学习")) + rng.choice(_CONTENTS)


def _party_day(rng):
    return rng.choice(_BRANCHES) + "“" + rng.choice(_PARTY_DAYS) + "”主题党日活动"


def _tutorial(rng):
    return "邀请" + rng.choice(_TUTORS) + "作“" + _theme(rng).replace("　", "，") + "”专题辅导"


def _preaching(rng):
    return rng.choice(("党的创新理论", "主题教育", "党纪学习教育", "惠民政策", "理论微")) + "宣讲" + \
        rng.choice(_PREACH_PLACES) + rng.choice(("", "活动", "（第" + cn_number(rng.randint(1, 9)) + "场）"))


def _onsite(rng):
    return "赴" + rng.choice(_ONSITE_PLACES) + "开展" + rng.choice(("现场教学", "现场学习", "体验式教学"))


def _quiz(rng):
    return rng.choice(("主题教育", "党纪学习教育", "党员", "机关干部", "")) + rng.choice(_QUIZ) + \
        rng.choice(("", "（第" + cn_number(rng.randint(1, 4)) + "次）"))


def _self_study(rng):
    return "自学" + rng.choice(("", "", "原文：")) + reading_material(rng)


_STUDY_BUILDERS = {
    "first_topic": _first_topic,
    "group_study": _group_study,
    "reading_class": _reading_class,
    "seminar": _seminar,
    "party_lecture": _party_lecture,
    "three_meetings": _three_meetings,
    "party_day": _party_day,
    "tutorial": _tutorial,
    "preaching": _preaching,
    "onsite": _onsite,
    "quiz": _quiz,
    "self_study": _self_study,
}


def study_title(rng: random.Random, type_code: str) -> str:
    """Title of a 学习活动 of ``type_code`` (first_topic, group_study, ... self_study)."""
    return lookup(_STUDY_BUILDERS, type_code, "study type")(rng)


# Clearly generic study-material titles (not real book titles).
_MATERIAL_SERIES = (
    "主题教育学习读本", "党纪学习教育学习资料", "党员干部学习参考资料汇编", "理论学习中心组学习材料",
    "基层党建工作实务问答", "廉洁从政警示教育读本", "调查研究方法与案例", "为民办实事典型案例选编",
    "党内法规学习辅导材料", "检视整改工作指引", "作风建设典型案例选编", "基层治理优秀案例汇编",
    "新时代党员应知应会手册", "乡村振兴政策解读汇编", "机关党建工作手册",
)
_MATERIAL_NUM = ("辑", "册", "期", "分册")


def reading_material(rng: random.Random) -> str:
    """A generic study-material title, e.g. 《主题教育学习读本（第三辑）》."""
    series = rng.choice(_MATERIAL_SERIES)
    if rng.random() < 0.7:
        series += "（第" + cn_number(rng.randint(1, 12)) + rng.choice(_MATERIAL_NUM) + "）"
    return "《" + series + "》"


_OPINION_HEADS = (
    "建议", "建议上级", "希望", "建议进一步", "建议县里", "建议相关部门", "恳请", "建议统筹",
)
_OPINION_BODIES = (
    "精简基层报表和台账，同一数据只报一次",
    "加大对村级集体经济项目的资金扶持力度",
    "增加年轻干部到基层一线锻炼的机会",
    "在学习安排上更多采用案例教学、现场教学等形式",
    "统筹安排各类督查检查，避免扎堆重复检查",
    "完善容错纠错机制，为担当作为的干部撑腰鼓劲",
    "加强村医队伍建设，提高村医待遇",
    "推动政务服务事项更多实现“就近办”“网上办”",
    "加大对留守老人和留守儿童的关爱帮扶力度",
    "为基层配备更多专业技术人才",
    "建立群众诉求快速响应机制，及时回应群众关切",
    "优化干部考核指标，减少过程性、留痕类指标",
    "加强农村道路和供水设施的日常管护",
    "定期组织优秀基层干部外出学习考察",
    "把学习成效更多体现在解决实际问题上",
    "加强对新就业形态劳动者的服务保障",
    "适当提高村干部基本报酬和保障水平",
    "整合各类工作群和政务应用程序",
)
_OPINION_TAILS = (
    "。", "。", "，切实为基层减负赋能。", "，进一步提升群众满意度。", "，形成长效机制。",
    "，增强工作实效。",
)


def opinion_text(rng: random.Random) -> str:
    """意见建议 from a member."""
    return rng.choice(_OPINION_HEADS) + rng.choice(_OPINION_BODIES) + rng.choice(_OPINION_TAILS)


def study_output_note(rng: random.Random) -> str:
    """Short note on a session's outputs (发言、意见建议)."""
    return fill(rng, rng.choice((
        "#名同志作交流发言，形成意见建议@条。", "与会同志结合工作实际交流学习体会，#人作重点发言。",
        "会后撰写心得体会@篇，梳理问题#个。", "参学人员@人次，测试平均分8#分。",
    )))
