"""Default code lists a new campaign starts with (docs/design.md §3). Offices edit them per campaign."""

PROBLEM_CATEGORIES = [
    ("theory", "理论学习"),
    ("political", "政治素质"),
    ("capability", "能力本领"),
    ("responsibility", "担当作为"),
    ("style", "工作作风"),
    ("integrity", "廉洁自律"),
]

PROBLEM_SOURCES = [
    ("research", "调研发现"),
    ("development", "推动发展遇到"),
    ("public", "群众反映"),
    ("inspection", "巡视巡察反馈"),
    ("audit", "审计发现"),
    ("supervision", "督导反馈"),
    ("petition", "信访"),
    ("hotline", "热线"),
    ("superior", "上级点"),
    ("peer", "同级帮"),
    ("grassroots", "基层提"),
    ("self", "自查"),
    ("opinions", "征求意见"),
]

MATTER_CATEGORIES = [
    ("livelihood", "民生保障"),
    ("infrastructure", "基础设施"),
    ("elderly", "一老一小"),
    ("employment", "就业增收"),
    ("environment", "人居环境"),
    ("service", "便民服务"),
    ("safety", "平安建设"),
    ("health", "医疗卫生"),
    ("education", "教育"),
]

RESEARCH_METHODS = [
    ("forum", "座谈"),
    ("visit", "走访"),
    ("survey", "问卷"),
    ("stay", "蹲点"),
    ("case", "解剖麻雀"),
    ("unannounced", "四不两直"),
    ("interview", "个别访谈"),
    ("data", "大数据分析"),
]

DEFAULT_CODES = {
    "problem_category": PROBLEM_CATEGORIES,
    "problem_source": PROBLEM_SOURCES,
    "matter_category": MATTER_CATEGORIES,
    "research_method": RESEARCH_METHODS,
}

THEME_EDUCATION_STAGES = ["学习教育", "调查研究", "推动发展", "检视整改", "总结评估"]
