"""Generated problem statements with known families, for the similarity and clustering tests."""

from __future__ import annotations

import random

# family → (openings, the core every variant repeats, endings): a variant is an opening, the core and an ending.
FAMILIES = {
    "formality": (("", "支部", "部分党员"), "学习流于形式，满足于读读文件、念念报纸",
                  ("，效果不明显。", "，没有入脑入心。", "。")),
    "meetings": (("", "镇里", "部门"), "会议文件多、精简不够，以会议落实会议",
                 ("，基层负担较重。", "，干部疲于应付。", "。")),
    "service": (("", "便民服务中心", "部分"), "窗口工作人员服务态度生硬，一次性告知落实不到位",
                ("，群众多次跑腿。", "，群众意见较大。", "。")),
}

# Statements that belong to no family: each about a different matter.
SINGLES = [
    "村集体经济收入来源单一，产业项目谋划不足。",
    "安全生产隐患排查台账不全，整改跟踪缺位。",
    "农村人居环境整治后续管护机制没有建立。",
    "基层党组织换届后新任委员履职培训滞后。",
    "防汛物资储备点分布不合理，调运时间过长。",
    "养老服务站建成后使用率低，老人不愿去。",
    "学校周边交通秩序混乱，上下学时段拥堵。",
    "惠农补贴发放公示不及时，群众知晓率低。",
    "老旧小区加装电梯协调难，推进缓慢。",
    "河道保洁责任分工不清，垃圾清运不及时。",
]


def family_statement(rng: random.Random, family: str) -> str:
    openings, core, endings = FAMILIES[family]
    return rng.choice(openings) + core + rng.choice(endings)
