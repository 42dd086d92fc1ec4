"""The mandate register (mandaatregeling): who may deviate from which rules, on which
grounds, up to what monthly effect, and whether a second person must approve.

A municipality keeps its register as YAML; it is validated like a rule file, and every
check of a deviation against it gives a Dutch reason when it fails.
"""

from __future__ import annotations

import fnmatch
from importlib import resources
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from crosslaw.errors import RuleFileError
from crosslaw.ruleset.model import Ground, Kind
from crosslaw.ruleset.yamlsource import load_file


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Grant(_M):
    """One grant of a role: the rules it covers, the grounds, the limit and four eyes."""

    rules: list[str] = Field(default_factory=list, description="Rule ids or patterns (pw.*, wmo.eigen_bijdrage).")
    laws: list[str] = Field(default_factory=list, description="Law ids the grant covers, in full.")
    kinds: list[Kind] = Field(default_factory=list, description="Limit to these kinds of rule (empty: all).")
    grounds: list[Ground] = Field(min_length=1)
    max_monthly_effect_cents: int = Field(ge=0)
    four_eyes: bool = False

    @model_validator(mode="after")
    def _covers_something(self) -> "Grant":
        if not self.rules and not self.laws:
            raise ValueError("een mandaat noemt regels (rules) of wetten (laws)")
        return self

    def covers(self, rule_id: str, law: str, kind: str) -> bool:
        by_rule = any(fnmatch.fnmatchcase(rule_id, pattern) for pattern in self.rules)
        by_law = law in self.laws
        return (by_rule or by_law) and (not self.kinds or kind in self.kinds)


class Role(_M):
    title: str
    may_deviate: list[Grant] = Field(default_factory=list)
    may_approve: bool = False


class MandateRegister(_M):
    """``mandaten.yaml``: the roles and their grants."""

    name: str
    adopted: Optional[str] = Field(None, description="Decision that adopted the register (e.g. a mandaatbesluit).")
    roles: dict[str, Role]

    def grants(self, role: str, rule_id: str, law: str, kind: str) -> list[Grant]:
        r = self.roles.get(role)
        return [g for g in (r.may_deviate if r else []) if g.covers(rule_id, law, kind)]


def default_register_path() -> Path:
    return Path(str(resources.files("crosslaw.deviation"))) / "voorbeeld_mandaten.yaml"


def load_mandates(path: str | Path | None = None) -> MandateRegister:
    """Load and validate a mandate register (default: the example shipped with crosslaw)."""
    p = Path(path) if path else default_register_path()
    doc = load_file(p)
    try:
        return MandateRegister.model_validate(doc.data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = tuple(err["loc"])
        msg = "onbekend veld" if err["type"] == "extra_forbidden" else err["msg"].removeprefix("Value error, ")
        raise RuleFileError(doc.file, doc.line_of(loc), f"{'.'.join(map(str, loc))}: {msg}") from None
