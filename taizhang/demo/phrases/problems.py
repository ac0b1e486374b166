"""检视问题 and its lifecycle: titles, descriptions, measures, targets, progress, closure, look-back."""

from __future__ import annotations

import random

from ._util import fill, lookup
from .problem_data import CATEGORIES, DATA, MEASURE_TAILS, SUBJECTS, TARGET_LEADS, TARGET_TAILS
from .problem_specific import GENERIC, GENERIC_SHARE, generic_title, lead_sentence, specific_title

PROBLEM_CATEGORIES = CATEGORIES


def _data(category: str) -> dict[str, tuple[str, ...]]:
    return lookup(DATA, category, "problem category")


def problem_title(rng: random.Random, category: str, unit_name: str = "") -> str:
    """Short title. Mostly specific to the unit (东关村高标准农田建设验收资料缺3项，村民反映质量不到位); a minority
    (GENERIC_SHARE) is stock phrasing any unit could write (工作作风不够扎实，服务群众意识不强) — 万能问题."""
    _data(category)
    if rng.random() < GENERIC_SHARE:
        return generic_title(rng, category)
    return specific_title(rng, category, unit_name)


def stock_title(rng: random.Random, category: str) -> str:
    """A title of the two-clause stock kind (理论学习系统性不够，学用结合不紧)."""
    d = _data(category)
    return rng.choice(d["heads"]) + "，" + rng.choice(d["tails"])


def problem_description(rng: random.Random, category: str, title: str = "", lead_rng: random.Random | None = None) -> str:
    """Two to four sentences of 问题表现; under a specific `title` the first restates its facts as a finding (drawn
    from `lead_rng` when given)."""
    d = _data(category)
    generic = not title or title in GENERIC[category]
    text = "" if generic else lead_sentence(lead_rng or rng, title)
    text += rng.choice(SUBJECTS) + rng.choice(d["acts"]) + "。" + fill(rng, rng.choice(d["cases"]))
    if rng.random() < 0.55:
        text += rng.choice(d["causes"])
    return text


def measure_text(rng: random.Random, category: str) -> str:
    """A concrete 整改措施."""
    d = _data(category)
    return fill(rng, rng.choice(d["measures"]) + rng.choice(MEASURE_TAILS)) + "。"


def target_text(rng: random.Random, category: str) -> str:
    """整改目标."""
    d = _data(category)
    return fill(rng, rng.choice(TARGET_LEADS) + rng.choice(d["targets"]) + rng.choice(TARGET_TAILS) + "。")


# --- progress ----------------------------------------------------------------------------------

_PROGRESS = (
    # (upper bound inclusive, fragments)
    (0, (
        "已认领问题，正在研究制定整改方案。",
        "已召开专题会议研究部署，明确责任分工，整改工作即将启动。",
        "已完成问题核实，正在梳理形成原因，拟定整改措施。",
        "已将问题纳入整改台账，责任人已明确，尚未形成阶段性成果。",
    )),
    (29, (
        "已制定整改方案，明确#项具体措施，目前正在逐项推进。",
        "整改工作已启动，完成前期调查摸底，形成问题清单和责任清单。",
        "已召开整改推进会，细化任务分工，部分措施已开始落实。",
        "已开展调研摸底，收集相关意见建议@条，整改措施正在细化完善。",
    )),
    (59, (
        "整改措施已落实近半，相关制度文件已形成初稿，正在征求意见。",
        "已完成#项整改措施，其余措施正按计划推进，未发现明显滞后。",
        "阶段性整改取得初步成效，已组织开展专项检查一次，发现的问题正在整改。",
        "整改工作有序推进，已召开#次调度会，协调解决推进中的具体困难。",
    )),
    (89, (
        "大部分整改措施已落实到位，相关制度已印发执行，正在巩固提升。",
        "已完成主要整改任务，群众反映的突出问题基本解决，正在查漏补缺。",
        "整改工作进入收尾阶段，已开展自查评估，剩余#项措施正在推进。",
        "整改成效初步显现，已组织回访群众@人次，满意度较高。",
    )),
    (99, (
        "整改措施基本完成，正在整理佐证材料，准备提出销号申请。",
        "各项措施已落实到位，正在开展整改效果评估，拟于近期申请销号。",
        "整改任务基本完成，长效机制已建立，佐证材料正在归档。",
    )),
    (100, (
        "整改措施已全部完成，佐证材料齐全，已提出销号申请。",
        "问题已整改到位，相关制度机制已建立并有效运行，申请销号。",
        "整改任务全部完成，经自查评估达到整改目标，群众满意度良好。",
    )),
)


def progress_text(rng: random.Random, percent: int) -> str:
    """进展说明 consistent with ``percent`` (0..100)."""
    p = max(0, min(100, int(percent)))
    for upper, frags in _PROGRESS:
        if p <= upper:
            text = fill(rng, rng.choice(frags))
            break
    if 0 < p < 100 and rng.random() < 0.6:
        text += f"目前整体进度约{p}%。"
    return text


# --- closure, return, look-back, withdraw ------------------------------------------------------

_EVIDENCE_DOCS = (
    "整改方案", "专题会议纪要", "新制定的制度文件", "整改前后对比照片", "群众回访记录",
    "工作台账", "培训签到表及课件", "资金拨付凭证", "专项检查报告", "谈心谈话记录",
    "整改情况报告", "满意度测评表", "验收意见", "通报文件",
)
_EVIDENCE_LEADS = (
    "已上传", "提供", "附", "随申请一并提交",
)
_EVIDENCE_TAILS = (
    "，能够证明整改措施已全部落实。",
    "，整改过程和结果可追溯。",
    "，经单位主要负责同志审核同意。",
    "，相关情况已在一定范围内公示，无异议。",
    "，整改成效经群众评议认可。",
)


def closure_evidence(rng: random.Random) -> str:
    """销号佐证说明."""
    docs = rng.sample(_EVIDENCE_DOCS, rng.randint(2, 4))
    return rng.choice(_EVIDENCE_LEADS) + "、".join(docs) + "等佐证材料共" + str(rng.randint(3, 18)) + \
        "份" + rng.choice(_EVIDENCE_TAILS)


_RETURN_REASONS = (
    "佐证材料不完整，缺少{x}，请补充后重新提交。",
    "整改措施落实情况与佐证材料不对应，请逐条说明措施完成情况并补充{x}。",
    "提交的材料只体现了工作部署，未反映整改实际成效，请补充{x}。",
    "整改目标尚未完全实现，建议继续推进，待{x}完成后再申请销号。",
    "问题涉及的长效机制尚未建立，请补充{x}。",
    "群众回访满意度偏低，请进一步落实整改措施，补充{x}。",
    "佐证材料中数据前后不一致，请核实后重新提交，并附{x}。",
    "整改报告过于笼统，请按照“问题、措施、成效”逐项说明，并附{x}。",
)
_RETURN_MISSING = (
    "相关制度文件", "整改前后对比照片", "群众回访记录", "会议纪要", "资金使用凭证",
    "专项检查结果", "第三方验收意见", "责任人签字确认的整改报告",
)


def return_reason(rng: random.Random) -> str:
    """退回理由 for a 销号 request."""
    return rng.choice(_RETURN_REASONS).replace("{x}", rng.choice(_RETURN_MISSING))


_LOOKBACK_OK = (
    "经回头看核查，问题已得到有效解决，现状明显改变",
    "实地察看并随机回访群众#人，整改成果得到巩固",
    "对照整改目标逐项核查，各项措施均已落实到位",
    "查阅相关台账资料并走访群众，未发现问题反弹",
    "新建立的制度运行良好，相关工作水平有明显提升",
)
_LOOKBACK_OK_TAILS = (
    "，群众有实感，评定为巩固。", "，建议持续跟踪，防止反弹。", "，整改成效经得起检验。",
    "，群众满意度较高。", "，同意维持销号。",
)
_LOOKBACK_BAD = (
    "回头看发现，同类问题再次出现",
    "实地核查发现，整改措施未持续执行",
    "回访群众#人，其中多人反映问题仍未彻底解决",
    "抽查发现，新建制度执行不到位，存在“制度上墙、落实走样”情况",
    "核查发现，整改后相关工作有所松懈，问题出现反弹",
)
_LOOKBACK_BAD_TAILS = (
    "，评定为反弹，重新纳入整改台账。", "，责成责任单位重新制定整改措施。",
    "，要求限期重新整改并说明原因。", "，予以重新打开，列入重点督办。",
)


def lookback_comment(rng: random.Random, rebound: bool) -> str:
    """回头看意见; ``rebound`` selects 反弹 wording instead of 巩固."""
    if rebound:
        return fill(rng, rng.choice(_LOOKBACK_BAD)) + rng.choice(_LOOKBACK_BAD_TAILS)
    return fill(rng, rng.choice(_LOOKBACK_OK)) + rng.choice(_LOOKBACK_OK_TAILS)


_WITHDRAW = (
    "经核实，该问题与清单中另一问题重复，予以合并并撤销本条。",
    "经复核，该问题反映情况与事实不符，予以撤销。",
    "该问题不属于本单位职责范围，已移交相关部门办理，本条撤销。",
    "该问题已在上级专项整治中统一整改，为避免重复填报予以撤销。",
    "经研究，该问题属于工作建议而非检视问题，调整至意见建议清单，本条撤销。",
    "因机构职能调整，该问题由新组建单位承接，本条撤销。",
    "录入时填报错误，问题表述有误，撤销后重新录入。",
)


def withdraw_reason(rng: random.Random) -> str:
    """撤销理由."""
    return rng.choice(_WITHDRAW)
