"""The ready proposal for a lever that needs a motivated deviation: the ``crosslaw deviate
propose`` command a professional can copy, and the library call a case system makes.

A lever that only says "vraagt gemotiveerd afwijken" is advice the system cannot record; with
its target (see ``explanation.build.lever_target``) it becomes a proposal that the deviation
service accepts once the professional fills in who they are and why (the four-part
justification). The placeholders are plain words, safe to paste into a shell.
"""

from __future__ import annotations

import shlex
from datetime import date
from typing import Any, Optional

#: what the professional fills in before running the command
ACTOR_PLACEHOLDER = "UW_CODE"
KEY_PLACEHOLDER = "UW_SLEUTEL.key"
JUSTIFICATION_PLACEHOLDER = "motivering.yaml"
FILE_PLACEHOLDER = "BESTAND.yaml"
EFFECT_PLACEHOLDER = "BEDRAG_PER_MAAND"

#: an outcome code as the CLI's Dutch words (``--naar``)
OUTCOME_DUTCH = {"eligible": "recht", "not_eligible": "geen recht", "applies": "geldt", "does_not_apply": "geldt niet"}

LIBRARY_CALL = "DeviationService.propose(situation, DeviationRequest.model_validate(request), signer=signer)"


def proposable(lever: Any) -> bool:
    """True when the lever names a target that can be deviated from on the evaluation date."""
    return bool(getattr(lever, "needs_deviation", False) and getattr(lever, "target", None) and lever.target_kind)


def _value_word(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def propose_command(lever: Any, on: date, source: Optional[str] = None, person: Optional[str] = None) -> Optional[str]:
    """The shell command that proposes the lever's deviation for the resident in ``source`` on ``on``
    (``person``: the person of a household file it is for).

    The actor, the key file and the justification file are placeholders; with them filled in the
    command is accepted (tests/test_lever_proposals.py runs it)."""
    if not proposable(lever):
        return None
    parts = ["crosslaw", "deviate", "propose", source or FILE_PLACEHOLDER]
    if person:
        parts += ["--person", person]
    parts += ["--rule", lever.target]
    if lever.target_kind == "value":
        if lever.target_value is not None:
            parts += ["--value", _value_word(lever.target_value)]
        else:
            parts += ["--value", "WAARDE"]
    else:
        parts += ["--naar", OUTCOME_DUTCH.get(str(lever.target_value), "UITKOMST")]
    parts += ["--ground", lever.ground or "GROND", "--date", on.isoformat()]
    if lever.effect_computed is False:  # the engine cannot compute it: the professional states it
        parts += ["--effect", EFFECT_PLACEHOLDER]
    if lever.mandate:
        parts += ["--role", lever.mandate]
    else:
        parts += ["--role", "UW_ROL"]
    parts += ["--actor", ACTOR_PLACEHOLDER, "--key-file", KEY_PLACEHOLDER, "--justification", JUSTIFICATION_PLACEHOLDER]
    return " ".join(shlex.quote(p) for p in parts)


def propose_request(lever: Any, on: date) -> Optional[dict[str, Any]]:
    """The ``DeviationRequest`` the lever asks for, as JSON-ready data: everything but the actor's
    id and the justification, which only the professional can give (left ``None``)."""
    if not proposable(lever):
        return None
    request: dict[str, Any] = {"rule_id": lever.target, "on": on.isoformat(), "ground": lever.ground,
                               "actor": {"id": None, "role": lever.mandate}, "justification": None}
    if lever.target_kind == "value":
        request["value_with"] = lever.target_value
    else:
        request["status_with"] = lever.target_value
    if lever.effect_computed is False:
        request["monthly_effect_cents"] = None
    return request


def proposal(lever: Any, on: date, source: Optional[str] = None, person: Optional[str] = None) -> Optional[dict[str, Any]]:
    """Command and library call together, for JSON output (``None`` when the lever has no target).
    For a person of a household the call is made on ``household.deviations.person_situation``."""
    request = propose_request(lever, on)
    if request is None:
        return None
    to_fill = {"actor.id": ACTOR_PLACEHOLDER, "justification": "situation, purpose, defeats_purpose, alternatives",
               "key": KEY_PLACEHOLDER}
    if lever.effect_computed is False:
        to_fill["monthly_effect_cents"] = EFFECT_PLACEHOLDER
    library: dict[str, Any] = {"call": LIBRARY_CALL, "request": request}
    if person:
        library["situation"] = f"person_situation(household, {person!r})"
    return {"command": propose_command(lever, on, source, person), "library": library, "to_fill": to_fill}


def conflicts_json(evaluation: Any, source: Optional[str] = None, person: Optional[str] = None) -> list[dict[str, Any]]:
    """The conflicts as JSON, each lever that needs a deviation with its ``proposal`` (command and
    library call; ``null`` when the lever has no deviable target on the date)."""
    out = []
    for c in evaluation.conflicts:
        data = c.model_dump(mode="json")
        for lever, lever_data in zip(c.levers, data["levers"]):
            if lever.needs_deviation:
                lever_data["proposal"] = proposal(lever, evaluation.evaluation_date, source, person)
        out.append(data)
    return out
