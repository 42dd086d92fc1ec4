"""Shared building blocks of the situation model (kept apart so law sections can import them)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

MONEY = "money"  # marker in Annotated metadata: integer euro cents

Cents = Annotated[int, Field(ge=0, le=10_000_000_00), MONEY]
Count = Annotated[int, Field(ge=0)]
Score = Annotated[int, Field(ge=1, le=5)]


def fact(vraag: str, description: str, **kw: Any) -> Any:
    """An optional fact: ``None`` means unknown. ``vraag`` is the Dutch intake question."""
    return Field(None, description=description, json_schema_extra={"vraag": vraag}, **kw)


class SectionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
