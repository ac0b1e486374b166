"""Fictional place names, departments, people and leadership titles."""

from __future__ import annotations

import random

from ._util import lookup

LEVELS = ("province", "city", "county", "township", "village", "department")

# --- place names -------------------------------------------------------------------------------

_HEAD = tuple(
    "青柳石桃松梅兰竹云凤龙金玉白清明安宁和平永长兴福寿康泰丰东西南北新古双马鹿鹤燕雁"
    "溪河江湖峰岭沙泉林杨杏枫荷莲茶桑禾梨枣苍碧翠紫丹黛秀嘉瑞宜乐怀望临"
)
_COUNTY_TAIL = tuple("岚阳源川江安宁平丰城山溪台州陵昌都原泽岩浦水谷明")
_CITY_TAIL = tuple("州阳城宁安江陵原川昌")
_TOWN_TAIL = tuple("溪桥塘湾岭坪口林泉河关渡浦亭园田坡集店铺埠营寨港冲庙岗滩洲")
_VILLAGE_TAIL = tuple("桥塘湾岭坪沟洼庄寨堡铺坝岗坡园田林泉口峪垭冲圩湖山坊")
_VILLAGE_PREFIX = tuple("东西南北前后上下大小新老中")
_PROVINCE_HEAD = tuple("东西南北中云青江河湖岭海山苍晋燕闽赣")
_PROVINCE_TAIL = tuple("岚原川宁阳陵安平泽州")


def county_name(rng: random.Random) -> str:
    """A fictional county, e.g. 青岚县."""
    return rng.choice(_HEAD) + rng.choice(_COUNTY_TAIL) + "县"


def city_name(rng: random.Random) -> str:
    """A fictional prefecture-level city, e.g. 松阳市."""
    return rng.choice(_HEAD) + rng.choice(_CITY_TAIL) + "市"


def province_name(rng: random.Random) -> str:
    """A fictional province, e.g. 云岚省."""
    return rng.choice(_PROVINCE_HEAD) + rng.choice(_PROVINCE_TAIL) + "省"


def township_name(rng: random.Random) -> str:
    """A fictional township or street, e.g. 柳溪镇, 梨坪乡, 东关街道."""
    r = rng.random()
    base = rng.choice(_HEAD) + rng.choice(_TOWN_TAIL)
    if r < 0.62:
        return base + "镇"
    if r < 0.9:
        return base + "乡"
    return base + "街道"


def village_name(rng: random.Random) -> str:
    """A fictional village or community, e.g. 石桥村, 下枣坪村, 荷塘社区."""
    r = rng.random()
    base = rng.choice(_HEAD) + rng.choice(_VILLAGE_TAIL)
    if r < 0.18 and base[0] not in _VILLAGE_PREFIX:
        base = rng.choice(_VILLAGE_PREFIX) + base
    return base + ("社区" if r > 0.9 else "村")


# --- departments -------------------------------------------------------------------------------

_PARTY_ORGANS = (
    "委办公室", "委组织部", "委宣传部", "委统战部", "委政法委员会", "委政策研究室", "委网信办",
    "委机构编制委员会办公室", "委巡察工作领导小组办公室", "直机关工委", "纪委监委",
    "委社会工作部", "委老干部局", "委党校",
)
_GOV_COMMON = (
    "政府办公室", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会", "退役军人事务局",
    "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "林业局", "信访局",
    "数据局", "行政审批服务局", "城市管理局", "机关事务管理中心", "国有资产监督管理委员会",
)
_OTHER = ("人大常委会办公室", "政协办公室", "总工会", "团委", "妇联", "科协", "残联", "融媒体中心")

_TOWNSHIP_DEPTS = (
    "党政综合办公室", "党建工作办公室", "经济发展办公室", "社会事务办公室", "平安建设办公室",
    "综合行政执法队", "自然资源所", "财政所", "便民服务中心", "农业综合服务中心",
    "退役军人服务站", "社会治理综合服务中心", "纪委", "人大主席团办公室", "文化综合服务站",
)
_VILLAGE_DEPTS = (
    "党支部", "村民委员会", "村务监督委员会", "股份经济合作社", "党群服务中心", "网格服务站",
    "新时代文明实践站", "调解委员会",
)


def _build_departments(prefix: str, dev: str) -> tuple[str, ...]:
    items = [prefix + x for x in _PARTY_ORGANS]
    items += [prefix + x for x in _GOV_COMMON]
    items.append(prefix + dev)
    items += [prefix + x for x in _OTHER]
    return tuple(items)


_DEPARTMENTS = {
    "province": _build_departments("省", "发展和改革委员会"),
    "city": _build_departments("市", "发展和改革委员会"),
    "county": _build_departments("县", "发展和改革局"),
    "township": tuple("乡" + x for x in _TOWNSHIP_DEPTS) + tuple("镇" + x for x in _TOWNSHIP_DEPTS),
    "village": tuple("村" + x if not x.startswith("村") else x for x in _VILLAGE_DEPTS),
}


def department_name(rng: random.Random, level: str = "county") -> str:
    """A department at ``level`` (province, city, county, township, village), e.g. 县委组织部."""
    return rng.choice(lookup(_DEPARTMENTS, level, "department level"))


def departments(level: str) -> tuple[str, ...]:
    """All department names known for ``level`` (for building a complete unit tree)."""
    return lookup(_DEPARTMENTS, level, "department level")


# --- people ------------------------------------------------------------------------------------

# Common surnames, the most frequent ones repeated so they come up more often.
_SURNAMES = tuple(
    "王王王王李李李李张张张张刘刘刘陈陈陈杨杨赵赵黄黄周周吴吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯"
    "于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝"
    "孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
) + ("欧阳", "司马", "上官", "诸葛")
_GIVEN = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海波斌宇浩凯俊峰"
    "晨旭阳东亮林琳雪梅燕丹慧颖倩婷莉欣悦佳怡文博思远振兴永福春秋德胜宏伟晓光新民立群卫红"
    "雅琴凤云鑫磊晶蕾彬毅锋航帆达"
)


def person_name(rng: random.Random) -> str:
    """A common-looking Chinese name, e.g. 王建华, 李静."""
    surname = rng.choice(_SURNAMES)
    if rng.random() < 0.28:
        return surname + rng.choice(_GIVEN)
    first = rng.choice(_GIVEN)
    second = rng.choice(_GIVEN)
    while second == first and rng.random() < 0.8:
        second = rng.choice(_GIVEN)
    return surname + first + second


_PHONE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "177", "180", "181", "182", "183", "185", "186", "187", "188",
    "189", "191", "193", "198", "199",
)


def phone(rng: random.Random) -> str:
    """A fictional 11-digit mobile number, e.g. 13812345678."""
    return rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(100_000_000):08d}"


# --- leadership titles -------------------------------------------------------------------------

_TITLES = {
    "province": (
        "省委书记", "省长", "省委副书记", "省委常委、组织部部长", "省委常委、宣传部部长",
        "省委常委、秘书长", "省委常委、常务副省长", "副省长", "省人大常委会主任", "省政协主席",
        "省委常委、省纪委书记、省监委主任", "省委常委、政法委书记",
    ),
    "city": (
        "市委书记", "市长", "市委副书记", "市委常委、组织部部长", "市委常委、宣传部部长",
        "市委常委、秘书长", "市委常委、常务副市长", "副市长", "市人大常委会主任", "市政协主席",
        "市委常委、市纪委书记、市监委主任", "市委常委、政法委书记", "市人大常委会副主任", "市政协副主席",
    ),
    "county": (
        "县委书记", "县长", "县委副书记", "县委常委、组织部部长", "县委常委、宣传部部长",
        "县委常委、办公室主任", "县委常委、常务副县长", "副县长", "副县长", "县人大常委会主任",
        "县人大常委会副主任", "县政协主席", "县政协副主席", "县委常委、县纪委书记、县监委主任",
        "县委常委、政法委书记", "县委常委、统战部部长", "县委常委、人武部部长",
    ),
    "township": (
        "党委书记", "党委书记", "党委副书记", "人大主席", "纪委书记", "党委委员、组织委员",
        "党委委员、宣传委员", "党委委员、武装部部长", "党委委员、副{t}长", "副{t}长", "{t}长",
        "{t}长", "党委副书记、政法委员",
    ),
    "village": (
        "村党支部书记、村委会主任", "村党支部书记", "村委会主任", "村党支部副书记",
        "村委会委员", "村务监督委员会主任", "驻村第一书记", "村党支部委员", "网格员",
    ),
    "department": (
        "党组书记、局长", "局长", "副局长", "党组成员、副局长", "主任", "副主任", "部长", "副部长",
        "常务副部长", "办公室主任", "机关党委书记", "派驻纪检监察组组长", "二级主任科员", "股长",
    ),
}


def leader_title(rng: random.Random, level: str = "county", township_kind: str | None = None) -> str:
    """A leadership position at ``level``, e.g. 县委书记, 副县长, 乡党委书记, 村党支部书记.

    For ``township`` the prefix is 乡 or 镇 (``township_kind``; random when omitted).
    """
    title = rng.choice(lookup(_TITLES, level, "leader level"))
    if level == "township":
        kind = township_kind or ("镇" if rng.random() < 0.65 else "乡")
        if "{t}" in title:
            return title.replace("{t}", kind)
        return kind + title
    return title
