"""Deterministic generator of realistic Chinese phrases for demo data (pure Python, no Django).

Every function takes a ``random.Random`` instance first, so output is reproducible for a seed::

    rng = random.Random(42)
    problem_title(rng, "theory", "东关村党支部")   # e.g. 东关村读书班研讨材料35%照搬范文，户厕改造举措空泛

Fragments are precomputed tuples combined by index, so generating a million records is cheap.
All text is original, written for taizhang; place names are fictional.
"""

from __future__ import annotations

from ._util import cn_number, unique_names
from .materials import MATERIAL_GENRES, material_body, material_title
from .matters import (
    INSTITUTION_KINDS,
    MATTER_CATEGORIES,
    document_number,
    institution_title,
    matter_source_note,
    matter_title,
)
from .names import (
    LEVELS,
    city_name,
    county_name,
    department_name,
    departments,
    leader_title,
    person_name,
    phone,
    province_name,
    township_name,
    village_name,
)
from .problems import (
    PROBLEM_CATEGORIES,
    closure_evidence,
    lookback_comment,
    measure_text,
    problem_description,
    problem_title,
    progress_text,
    return_reason,
    stock_title,
    target_text,
    withdraw_reason,
)
from .research import (
    TRANSFORMATION_KINDS,
    needs_collected,
    report_abstract,
    research_direction,
    research_method_note,
    research_topic,
    solved_on_site,
    transformation_item,
    visit_site_place,
)
from .study import STUDY_TYPES, opinion_text, reading_material, study_output_note, study_title
from .supervision import SLIP_KINDS, slip_content, slip_reply

__all__ = [
    "INSTITUTION_KINDS",
    "LEVELS",
    "MATERIAL_GENRES",
    "MATTER_CATEGORIES",
    "PROBLEM_CATEGORIES",
    "SLIP_KINDS",
    "STUDY_TYPES",
    "TRANSFORMATION_KINDS",
    "city_name",
    "closure_evidence",
    "cn_number",
    "county_name",
    "department_name",
    "departments",
    "document_number",
    "institution_title",
    "leader_title",
    "lookback_comment",
    "material_body",
    "material_title",
    "matter_source_note",
    "matter_title",
    "measure_text",
    "needs_collected",
    "opinion_text",
    "person_name",
    "phone",
    "problem_description",
    "problem_title",
    "stock_title",
    "progress_text",
    "province_name",
    "reading_material",
    "report_abstract",
    "research_direction",
    "research_method_note",
    "research_topic",
    "return_reason",
    "slip_content",
    "slip_reply",
    "solved_on_site",
    "study_output_note",
    "study_title",
    "target_text",
    "township_name",
    "transformation_item",
    "unique_names",
    "village_name",
    "visit_site_place",
    "withdraw_reason",
]
