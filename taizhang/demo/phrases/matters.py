"""为民办实事 (practical matters) and 建章立制 (institutions, document numbers)."""

from __future__ import annotations

import random

from ._util import fill, lookup
from .names import county_name, township_name, village_name

MATTER_CATEGORIES = {
    "livelihood": "民生保障",
    "infrastructure": "基础设施",
    "elderly": "一老一小",
    "employment": "就业增收",
    "environment": "人居环境",
    "service": "便民服务",
    "safety": "平安建设",
    "health": "医疗卫生",
    "education": "教育",
}

# Items read well with or without a place prefix (石桥村 + 自来水管网改造提升).
_MATTERS = {
    "livelihood": (
        "困难群众临时救助“一站式”办理", "低保边缘家庭动态监测帮扶", "残疾人家庭无障碍改造",
        "农村低收入人口常态化帮扶", "困难家庭冬季取暖保障", "城乡居民医保参保缴费帮办",
        "退役军人优抚对象走访慰问", "困境儿童关爱保护", "独居老人“一键呼叫”服务",
        "农村危房动态清零", "特困人员集中供养条件改善", "农民工工资清欠专项行动",
    ),
    "infrastructure": (
        "自来水管网改造提升", "通组道路硬化", "村内主干道路灯安装", "危桥改造", "农田灌溉渠道修缮",
        "老旧小区雨污分流改造", "乡村客运站点建设", "便民停车场建设", "农村电网升级改造",
        "移动通信基站补盲", "防汛排涝沟渠清淤", "断头路打通", "集中供水工程扩网",
        "背街小巷路面改造",
    ),
    "elderly": (
        "老年人日间照料中心建设", "村级老年食堂开办", "留守儿童“四点半课堂”", "社区嵌入式托育点建设",
        "老年人助浴助洁上门服务", "适老化改造", "暑期青少年托管服务", "高龄老人健康随访",
        "儿童友好活动场地建设", "孤寡老人结对关爱", "普惠性幼儿园扩容",
    ),
    "employment": (
        "就业技能免费培训", "家门口就业帮扶车间建设", "高校毕业生就业见习岗位开发",
        "农产品电商直播带货培训", "特色种植产业技术指导", "返乡创业贷款贴息", "公益性岗位开发安置",
        "劳务输出组织服务", "村集体经济增收项目", "农民专业合作社规范提升", "零工市场建设",
    ),
    "environment": (
        "农村生活垃圾分类收运", "户厕改造提升", "村庄环境综合整治", "黑臭水塘治理", "乱堆乱放集中清理",
        "庭院美化示范创建", "农村生活污水处理设施建设", "河道沿岸垃圾清理", "村庄绿化美化",
        "畜禽养殖污染治理", "公厕新建和改造",
    ),
    "service": (
        "便民服务中心“一窗通办”", "政务服务事项“就近办”", "不动产登记“跑一次”", "社保医保业务下沉村居",
        "快递物流进村", "群众诉求“接诉即办”", "企业开办“一日办结”", "户籍业务延时服务",
        "流动服务车进村入户", "网格员代办帮办服务", "水电气报装“一件事”联办",
    ),
    "safety": (
        "农村道路交通安全隐患整治", "自建房安全隐患排查整治", "消防设施补短板", "校园周边安全综合整治",
        "防溺水警示设施安装", "矛盾纠纷多元化解", "平安村居创建", "电动自行车充电设施建设",
        "公共区域视频监控补盲", "燃气安全入户检查", "防范电信网络诈骗宣传",
    ),
    "health": (
        "家庭医生签约服务提质", "村卫生室标准化建设", "慢性病患者免费随访", "适龄妇女“两癌”筛查",
        "送医送药下乡", "乡镇卫生院服务能力提升", "心理健康咨询进社区", "儿童免费体检",
        "基层远程会诊服务", "重点人群健康体检",
    ),
    "education": (
        "乡村学校厕所改造", "校车接送服务保障", "学校食堂提质改造", "留守学生心理辅导",
        "乡村学校图书角建设", "教师周转宿舍建设", "学生近视防控", "课后延时服务提质",
        "困难学生资助全覆盖", "校园运动场地改造",
    ),
}


def matter_title(rng: random.Random, category: str) -> str:
    """为民办实事 title of ``category``, e.g. 石桥村自来水管网改造提升."""
    item = rng.choice(lookup(_MATTERS, category, "matter category"))
    r = rng.random()
    if r < 0.4:
        return village_name(rng) + item
    if r < 0.65:
        return township_name(rng) + item
    if r < 0.72:
        return county_name(rng) + item
    return item


_MATTER_SOURCES = (
    "在入户走访中，多名群众反映{n}，经研究列入实事清单。",
    "调研中发现{n}，群众意见较为集中，由领导领办推进。",
    "12345热线近一年收到涉及{n}的诉求@件，转为办实事项目。",
    "村民代表会议上提出{n}，经村两委研究后上报。",
    "通过“微心愿”征集收到，群众希望解决{n}。",
    "在“我为群众办实事”意见征集中，共有@条建议涉及{n}。",
    "人大代表、政协委员在视察中提出{n}，建议列入实事项目。",
    "信访件反映{n}，经核实情况属实，纳入实事清单办理。",
)
_MATTER_NEEDS = (
    "出行不便的问题", "饮水不稳定的问题", "老人吃饭难的问题", "孩子放学后无人照看的问题",
    "就业渠道少的问题", "环境脏乱差的问题", "办事来回跑的问题", "夜间照明不足的问题",
    "看病远、看病难的问题", "农产品卖不出好价钱的问题", "安全隐患较多的问题", "停车难的问题",
)


def matter_source_note(rng: random.Random) -> str:
    """实事来源说明."""
    return fill(rng, rng.choice(_MATTER_SOURCES).replace("{n}", rng.choice(_MATTER_NEEDS)))


# --- institutions ------------------------------------------------------------------------------

INSTITUTION_KINDS = {"new": "新建", "revised": "修订", "abolished": "废止"}

_INST_SUBJECTS = (
    "进一步规范督查检查考核工作", "加强和改进调查研究", "精简会议文件", "切实为基层减负",
    "规范村级小微权力运行", "加强公务接待管理", "加强公务用车管理", "激励干部担当作为",
    "建立容错纠错机制", "加强年轻干部培养选拔", "规范重大事项请示报告", "落实“第一议题”制度",
    "加强理论学习中心组学习", "完善民主集中制", "加强村级财务管理", "规范政务服务事项办理",
    "推进“接诉即办”", "加强意识形态阵地管理", "加强项目资金监管", "规范工作群管理",
    "落实领导干部联系基层", "加强党员教育管理", "规范机关考勤管理", "加强机关内部控制",
    "推进问题整改闭环管理", "加强督办事项管理", "规范基层报表填报", "加强政务信息公开",
)
_INST_GENRES_GUANYU = ("的若干措施", "的实施意见", "的实施办法", "的工作方案", "的规定", "的通知", "的意见")
_INST_NAMES = (
    "党委（党组）工作规则", "党委（党组）议事规则", "公务接待管理办法", "公务用车使用管理办法",
    "督查检查考核计划管理办法", "理论学习中心组学习实施细则", "村级财务管理办法", "政务服务“好差评”实施细则",
    "工作群管理规定", "重大行政决策程序规定", "财政专项资金管理办法", "干部请休假管理办法",
    "会议活动精简管理规定", "公文处理实施细则", "问题整改销号管理办法", "督办事项管理办法",
    "机关考勤管理办法", "村级小微权力清单", "领导干部联系基层工作制度", "容错纠错实施办法",
    "干部实绩考核办法", "政府投资项目管理办法", "基层报表统筹管理办法", "信访事项办理工作规程",
    "突发事件信息报送制度", "机关内部控制管理制度", "党员积分管理办法", "网格化服务管理工作规范",
)
_ISSUERS = ("{c}", "中共{c}委员会", "{c}人民政府", "{c}委办公室", "{c}政府办公室", "{c}纪委监委")


def institution_title(rng: random.Random, kind: str = "new", issuer: str | None = None) -> str:
    """制度 title, e.g. 青岚县关于进一步规范督查检查考核工作的若干措施.

    ``kind`` is new, revised or abolished (修订 adds “（修订）”, 废止 names the rule being repealed).
    ``issuer`` (e.g. a unit name) replaces the generated issuing body.
    """
    lookup(INSTITUTION_KINDS, kind, "institution kind")
    if issuer is None:
        issuer = rng.choice(_ISSUERS).replace("{c}", county_name(rng))
    if rng.random() < 0.6:
        title = issuer + "关于" + rng.choice(_INST_SUBJECTS) + rng.choice(_INST_GENRES_GUANYU)
    else:
        title = issuer + rng.choice(_INST_NAMES)
    if kind == "revised":
        title += "（" + str(rng.randint(2019, 2024)) + "年修订）"
    elif kind == "abolished":
        title = "关于废止《" + title + "》的决定"
    return title


_DOC_CODES = (
    "委办发", "委发", "政办发", "政发", "委组通", "纪发", "委宣通", "办字", "委办字", "政办函",
    "委教办", "组字", "发", "办发",
)


def document_number(rng: random.Random, unit_short: str, year: int, seq: int) -> str:
    """文号, e.g. 青委办发〔2023〕12号 (``unit_short`` is the issuer's short form, e.g. 青)."""
    return unit_short + rng.choice(_DOC_CODES) + "〔" + str(year) + "〕" + str(seq) + "号"
