"""交流材料: titles and multi-paragraph bodies for 汇编 samples."""

from __future__ import annotations

import random

from ._util import cn_number, fill, lookup
from .names import county_name, person_name, township_name
from .problems import PROBLEM_CATEGORIES, problem_description
from .research import research_topic

MATERIAL_GENRES = {
    "speech": "发言材料",
    "stage_summary": "阶段总结",
    "research_report": "调研报告",
    "experience": "经验做法",
    "reflection": "心得体会",
    "self_review": "对照检查材料",
}

_CAMPAIGNS = ("主题教育", "党纪学习教育", "作风建设专项行动", "学习教育")
_SLOGAN_A = (
    "以学铸魂强根基", "学思践悟守初心", "坚持问题导向", "聚焦群众所盼", "突出实干实效", "强化系统思维",
    "锚定目标任务", "压实工作责任", "坚持调研开路", "坚持清单管理", "深化以学促干", "树牢宗旨意识",
)
_SLOGAN_B = (
    "推动整改落地见效", "砥砺奋进担使命", "答好为民服务答卷", "激发干事创业活力", "写好发展新篇章",
    "提升基层治理效能", "推动各项任务落地落实", "让群众可感可及", "凝聚高质量发展合力",
    "以新担当展现新作为",
)
_OCCASIONS = (
    "县委理论学习中心组专题研讨会", "主题教育读书班", "调研成果交流会", "专题民主生活会",
    "党纪学习教育警示教育会", "机关党建工作推进会", "全县经验交流会", "支部专题组织生活会",
)


def _slogan(rng: random.Random) -> str:
    return rng.choice(_SLOGAN_A) + "　" + rng.choice(_SLOGAN_B)


def material_title(rng: random.Random, genre: str) -> str:
    """Title of a 交流材料 of ``genre`` (speech, stage_summary, research_report, ...)."""
    lookup(MATERIAL_GENRES, genre, "material genre")
    if genre == "speech":
        return _slogan(rng) + "——在" + rng.choice(_OCCASIONS) + "上的" + rng.choice(("发言", "交流发言", "研讨发言"))
    if genre == "stage_summary":
        unit = rng.choice((county_name(rng), township_name(rng), county_name(rng) + "委组织部"))
        return unit + rng.choice(_CAMPAIGNS) + rng.choice((
            "第一阶段工作总结", "开展情况阶段性总结", "工作开展情况的报告", "阶段性工作进展情况汇报",
            "上半年工作总结",
        ))
    if genre == "research_report":
        topic = research_topic(rng)
        return topic + "报告" if topic.endswith("的调研") and rng.random() < 0.5 else topic
    if genre == "experience":
        unit = rng.choice((county_name(rng), township_name(rng)))
        return _slogan(rng) + "——" + unit + rng.choice((
            "为民办实事工作经验做法", "检视整改工作经验做法", "调查研究工作经验做法", "建章立制工作经验",
            "为基层减负工作经验做法", "党建引领基层治理经验做法",
        ))
    if genre == "reflection":
        return _slogan(rng) + "——参加" + rng.choice(_CAMPAIGNS + ("读书班",)) + rng.choice(("心得体会", "学习体会"))
    # self_review
    if rng.random() < 0.5:
        who = person_name(rng) + "同志"
    else:
        who = rng.choice(("县委常委班子", "县政府党组", "局党组领导班子", "镇党委领导班子", "乡党委领导班子"))
    return who + rng.choice(_CAMPAIGNS) + "专题民主生活会" + ("个人" if who.endswith("同志") else "") + "对照检查材料"


# --- bodies ------------------------------------------------------------------------------------

def _figures(rng: random.Random) -> str:
    found = rng.randint(30, 400)
    closed = rng.randint(found // 2, found)
    measures = found * rng.randint(2, 4)
    done = rng.randint(measures // 2, measures)
    rate = round(closed * 100 / found, 1)
    return (f"共查摆问题{found}个，已整改{closed}个，整改率{rate}%；细化整改措施{measures}项，"
            f"已完成{done}项。")


_POOLS: dict[str, tuple] = {
    "study": (
        "坚持把理论学习作为首要任务，制定专题学习计划，明确学习内容和时间安排。",
        "采取个人自学、集中研讨、专题辅导相结合的方式，累计开展集中学习@次。",
        "举办专题读书班#期，组织党员干部围绕专题开展研讨交流，@人次作交流发言。",
        "严格落实“第一议题”制度，第一时间传达学习上级重要会议精神。",
        "班子成员带头到联系点讲专题党课，推动理论学习向基层延伸。",
        "创新开展“微宣讲”“夜学课堂”等活动，增强学习的吸引力和感染力。",
        "组织应知应会知识测试#次，以考促学、以学促用。",
    ),
    "research": (
        "坚持把调查研究作为谋事之基、成事之道，班子成员每人领题开展调研。",
        "围绕发展中的难点和群众关心的热点，确定重点调研课题@个。",
        "采取“四不两直”、蹲点调研等方式，深入基层一线@次，召开座谈会@场。",
        "建立调研成果转化清单，推动@项调研成果转化为政策措施。",
        "召开调研成果交流会，逐一点评调研报告，推动成果共享。",
        "统筹安排调研时间和地点，避免扎堆调研、重复调研，切实减轻基层负担。",
    ),
    "rectify": (
        "坚持边学边查边改，通过调研发现、群众反映、上级点、同级帮、基层提等方式广泛查找问题。",
        _figures,
        "对检视出的问题建立整改台账，逐项明确责任领导、责任单位和完成时限，实行挂账销号。",
        "坚持立行立改与长期坚持相结合，能马上改的立即改，需要较长时间的明确阶段目标。",
        "建立整改周调度、月通报机制，对进度滞后的单位发出提示单、预警单。",
        "严格销号标准，坚持“整改不到位不销号、群众不满意不销号”。",
        "开展整改回头看，对整改成效进行跟踪问效，防止问题反弹回潮。",
    ),
    "matters": (
        "聚焦群众急难愁盼问题，梳理形成为民办实事清单@项，由班子成员领衔推进。",
        "已办结实事项目@项，惠及群众&余人，群众满意度明显提升。",
        "坚持“群众点单、支部派单、党员接单”，让办实事更加精准。",
        "统筹资金@万元，集中解决了一批道路、饮水、照明等民生问题。",
        "建立实事项目进度公示制度，主动接受群众监督评议。",
    ),
    "institution": (
        "坚持从解决一个问题向解决一类问题延伸，新建制度#项，修订完善制度@项。",
        "对现行制度进行全面梳理，废止不适应新形势的制度#项。",
        "围绕督查检查考核、会议文件精简等方面出台具体规定，为基层减负提供制度保障。",
        "把整改中形成的好经验好做法固化为制度机制，推动整改常态长效。",
        "加强制度执行情况监督检查，确保制度立得住、行得通、管得好。",
    ),
    "organize": (
        "成立领导小组和工作专班，主要负责同志亲自抓、负总责，班子成员分工负责。",
        "制定实施方案，细化任务清单，明确时间表和路线图。",
        "组建#个指导组，采取随机抽查、列席会议、查阅资料等方式加强督促指导。",
        "坚持统筹兼顾，把专项工作与年度重点任务结合起来，防止“两张皮”。",
        "通过台账系统实时掌握各单位进展，减少多头填报、重复报送。",
        "加强宣传引导，在主流媒体刊发稿件@篇，营造浓厚氛围。",
    ),
    "gap": (
        "一些单位存在重部署轻落实的问题，工作推进不够平衡。",
        "部分问题整改措施不够具体，整改成效还不够明显。",
        "调研成果转化还不够充分，有的调研报告对策建议操作性不强。",
        "少数党员干部对专项工作认识不够到位，参与积极性有待提高。",
        "基层负担仍然存在，个别单位存在材料多、报表多的现象。",
    ),
    "next": (
        "持续深化理论学习，推动学习成果转化为推动发展的实际成效。",
        "聚焦问题清单持续用力，确保每个问题都整改到位、群众满意。",
        "加强统筹调度和督促指导，压紧压实各级责任。",
        "注重建章立制，巩固拓展整改成果，推动形成长效机制。",
        "及时总结提炼经验做法，发挥典型示范带动作用。",
    ),
    "reflect_theory": (
        "通过这次学习，我更加深刻地认识到理论学习是干部成长进步的必修课。",
        "逐篇研读规定篇目后，我对党的创新理论的理解更加系统、更加深入。",
        "以前学习多是零敲碎打，这次静下心来读原文、悟原理，收获很大。",
        "集中研讨中同志们的交流发言，让我从不同角度加深了理解。",
    ),
    "reflect_gap": (
        "对照先进典型，我感到自身在担当作为、服务群众方面还有不小差距。",
        "回顾近年来的工作，有时满足于完成任务，主动创新的意识不够强。",
        "在处理群众诉求时，有时讲政策多、讲感情少，工作方法还需改进。",
        "对分管领域的新情况新问题研究不深，本领不足的问题还比较突出。",
    ),
    "reflect_people": (
        "作为一名基层干部，必须把群众的小事当作自己的大事，真心实意为群众办事。",
        "调研中群众的朴素话语，让我深刻体会到工作还有很多需要改进的地方。",
        "走进农户家中拉家常、问冷暖，才真正了解到群众最关心、最急迫的是什么。",
        "群众对我们的期盼很具体，就是把身边的一件件小事办好办实。",
    ),
    "reflect_action": (
        "学习不能停留在读一读、记一记，更要在联系实际、解决问题上下功夫。",
        "今后我将把学习成果运用到具体工作中，以实际行动践行初心使命。",
        "我将围绕分管工作列出任务清单，一项一项抓落实、见成效。",
        "这次学习让我进一步坚定了扎根基层、服务群众的信心和决心。",
    ),
    "reflect_integrity": (
        "我将严守纪律规矩，时刻用党员标准严格要求自己，做到干净干事。",
        "通过警示教育，我深刻认识到“小节不守、大节难保”的道理。",
        "我将管好自己、管好家人、管好身边工作人员，自觉接受组织和群众监督。",
        "要常怀敬畏之心、常思贪欲之害，守住廉洁自律的底线。",
    ),
    "rr_basic": (
        "全县共有行政村@个、社区#个，相关工作近年来总体呈现稳中向好态势。",
        "从调研情况看，各地在这方面做了大量工作，积累了一些好经验。",
        "截至目前，全县已累计投入资金&万元，实施相关项目@个。",
        "调研共覆盖#个乡镇，收集有效问卷&份，基础数据较为完整。",
        "总体上看，群众对这项工作的认可度较高，但与期盼相比仍有差距。",
    ),
    "rr_done": (
        "坚持规划先行，编制专项规划，明确发展目标和重点任务。",
        "整合各类资金资源，集中力量打造了一批示范点。",
        "建立部门联动机制，定期会商解决推进中的难点问题。",
        "注重发挥基层党组织作用，引导群众广泛参与。",
        "探索推行“党支部＋合作社＋农户”模式，带动@户群众增收。",
    ),
    "rr_problems": (
        "发展不平衡，乡镇之间、村与村之间差距较大。",
        "要素保障不足，资金、人才、用地等制约较为明显。",
        "长效机制不健全，部分项目建成后管护跟不上。",
        "群众参与度不高，存在“干部干、群众看”的现象。",
        "部分政策落实存在“最后一公里”问题，群众知晓率不高。",
    ),
    "rr_cause": (
        "思想认识不到位，部分单位对这项工作的重要性认识不足。",
        "统筹协调不够，部门之间各自为战，政策合力没有充分发挥。",
        "投入机制单一，主要依靠财政资金，社会资本参与不足。",
        "考核激励不够，工作成效与干部评价结合不紧。",
    ),
    "rr_suggest": (
        "强化统筹谋划，把这项工作纳入全县发展大局统一部署。",
        "加大要素保障力度，建立多元投入机制，引导社会资本参与。",
        "健全长效机制，明确管护主体和责任，确保建得好、管得住。",
        "坚持分类施策，根据不同乡镇、村的实际情况精准施策。",
        "加强考核督导，把工作成效纳入年度目标考核。",
        "加强人才支撑，选派专业技术人员下沉一线开展指导服务。",
    ),
    "cause": (
        "理论学习不够深入，用党的创新理论武装头脑、指导实践、推动工作还有差距。",
        "宗旨意识有所淡化，对群众的感情不够深，深入基层调研不够经常。",
        "党性修养有所放松，以更高标准严格要求自己不够。",
        "担当意识不够强，面对困难矛盾有畏难情绪，开拓创新的劲头不足。",
        "纪律规矩意识有所松懈，对小事小节的警惕性不够高。",
    ),
}

_HEADINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "speech": (
        ("深化理论武装，在以学铸魂上下功夫", "study"),
        ("坚持调研开路，在破解难题上求实效", "research"),
        ("突出问题导向，在检视整改上见真章", "rectify"),
        ("践行为民宗旨，在办好实事上显担当", "matters"),
        ("注重建章立制，在长效常治上谋长远", "institution"),
        ("查找自身差距，在改进提升上再发力", "gap"),
    ),
    "stage_summary": (
        ("坚持高位推动，压紧压实工作责任", "organize"),
        ("聚焦学思想，理论学习走深走实", "study"),
        ("大兴调查研究，推动破解发展难题", "research"),
        ("扎实检视整改，推动问题动真碰硬解决", "rectify"),
        ("聚焦民生实事，增强群众获得感", "matters"),
        ("注重建章立制，巩固拓展整改成果", "institution"),
        ("存在的问题和不足", "gap"),
        ("下一步工作打算", "next"),
    ),
    "research_report": (
        ("基本情况", "rr_basic"),
        ("主要做法和成效", "rr_done"),
        ("存在的主要问题", "rr_problems"),
        ("问题产生的原因", "rr_cause"),
        ("对策建议", "rr_suggest"),
        ("调研组开展工作情况", "research"),
    ),
    "experience": (
        ("强化组织领导，构建一体推进工作格局", "organize"),
        ("坚持学用贯通，以理论武装引领实践", "study"),
        ("坚持调研开路，精准找准问题症结", "research"),
        ("坚持清单管理，推动问题闭环整改", "rectify"),
        ("坚持为民导向，办好群众身边实事", "matters"),
        ("坚持标本兼治，健全长效工作机制", "institution"),
    ),
    "reflection": (
        ("读原著、学原文，思想认识得到新提升", "reflect_theory"),
        ("联系实际找差距，对自身不足有了更清醒的认识", "reflect_gap"),
        ("深入基层搞调研，进一步增进了对群众的感情", "reflect_people"),
        ("立足岗位抓落实，把学习成果转化为实际行动", "reflect_action"),
        ("严守纪律守底线，始终保持清正廉洁", "reflect_integrity"),
        ("今后努力方向", "next"),
    ),
    "self_review": (
        ("学习收获和思想认识", "study"),
        ("上次民主生活会整改措施落实情况", "rectify"),
        ("对照检视查摆的问题", "problems"),
        ("产生问题的原因剖析", "cause"),
        ("今后的努力方向和整改措施", "next"),
        ("需要说明的其他事项", "institution"),
    ),
}

_CATEGORY_CODES = tuple(PROBLEM_CATEGORIES)


def _problem_paragraph(rng: random.Random, n: int) -> str:
    cats = rng.sample(_CATEGORY_CODES, n)
    parts = []
    for i, cat in enumerate(cats):
        parts.append(cn_number(i + 1) + "是在" + PROBLEM_CATEGORIES[cat] + "方面，" + problem_description(rng, cat))
    return "".join(parts)


def _paragraph(rng: random.Random, theme: str, n: int, used: set) -> str:
    if theme == "problems":
        return _problem_paragraph(rng, min(n, 3))
    pool = [x for x in _POOLS[theme] if x not in used]
    out = []
    for item in rng.sample(pool, min(n, len(pool))):
        used.add(item)
        out.append(item(rng) if callable(item) else fill(rng, item))
    return "".join(out)


def material_body(rng: random.Random, genre: str, paragraphs: int = 4) -> str:
    """Several headed paragraphs of plausible text, separated by newlines.

    ``paragraphs`` is clipped to 1..6 (the number of section headings each genre has at least).
    The first line is a short lead-in; each following line is one section.
    """
    headings = lookup(_HEADINGS, genre, "material genre")
    k = max(1, min(paragraphs, len(headings)))
    chosen = sorted(rng.sample(range(len(headings)), k))
    lines = [_LEADS[genre](rng)]
    used: set = set()
    for pos, idx in enumerate(chosen, start=1):
        heading, theme = headings[idx]
        lines.append(cn_number(pos) + "、" + heading + "。" + _paragraph(rng, theme, rng.randint(3, 4), used))
    return "\n".join(lines)


def _lead_speech(rng):
    return ("根据" + rng.choice(("学习安排", "会议安排", "研讨安排")) + "，结合分管工作，谈几点"
            + rng.choice(("学习体会", "认识和思考", "个人体会")) + "。")


def _lead_summary(rng):
    return ("自" + rng.choice(_CAMPAIGNS) + "开展以来，我们坚持学思想、强党性、重实践、建新功总要求，"
            "统筹推进理论学习、调查研究、推动发展、检视整改等重点措施，各项工作取得阶段性成效。"
            "现将有关情况报告如下。")


def _lead_report(rng):
    return fill(rng, "为深入了解有关情况，调研组于近期深入#个乡镇、1#个村（社区）和部分企业开展调研，"
                     "召开座谈会#场，走访群众@户，现将调研情况报告如下。")


def _lead_experience(rng):
    return ("今年以来，" + rng.choice((county_name(rng), township_name(rng)))
            + "坚持把为群众办实事、解难题作为检验工作成效的重要标尺，探索形成了一批务实管用的做法。")


def _lead_reflection(rng):
    return "按照" + rng.choice(_CAMPAIGNS) + "安排，我认真参加了集中学习和专题研讨，现将学习体会汇报如下。"


def _lead_self_review(rng):
    return ("按照专题民主生活会要求，会前认真学习规定篇目，广泛征求意见建议，深入开展谈心谈话，"
            "紧扣会议主题进行对照检视。现将有关情况报告如下。")


_LEADS = {
    "speech": _lead_speech,
    "stage_summary": _lead_summary,
    "research_report": _lead_report,
    "experience": _lead_experience,
    "reflection": _lead_reflection,
    "self_review": _lead_self_review,
}
