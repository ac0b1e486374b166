"""Schema pieces every app's API shares.

Response schemas read model attributes: a field is an attribute of the same name, a dotted `alias`
(``Field(alias="unit.code")``) follows relations, a `get_<field>_display` alias gives a label, and a
`resolve_<field>` static method computes what no attribute holds. Routes return model instances or
querysets (their selectors do the select_related/prefetch_related), never hand-built dicts.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict


def _person_name(user) -> str:
    return str(user) if user else ""


# A person (an account, or nobody) shown by name: the empty string when there is none.
PersonName = Annotated[str, BeforeValidator(_person_name)]


class BodyIn(Schema):
    """Base of every request body: a field the schema does not know is refused (422) rather than silently
    dropped, so a client that sends `status` or `number` learns that they are not set this way."""

    model_config = ConfigDict(extra="forbid")


class VersionIn(BodyIn):
    """Every update and transition carries the `version` the caller read; a stale one answers 409."""

    version: int = Field(description="读取记录时得到的 version；记录已被他人修改时回答 409")


class RecordOut(Schema):
    """The first fields of a campaign's record (课题、实事、学习活动、制度、材料、问题)."""

    id: int
    campaign: str = Field(alias="campaign.slug")
    unit: str = Field(alias="unit.code")


class LinkedProblemOut(Schema):
    """A problem linked to a visit or an institution (调研发现, 制度针对的问题)."""

    id: int
    number: str
    title: str
    unit: str = Field(alias="unit.code")
    status: str
