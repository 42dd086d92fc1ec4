"""derive() walks the catalogue as a tree of sections; it must give exactly what walking every
fact's path from the top gives (the straightforward definition, kept here as the reference)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosslaw.language.values import Unknown
from crosslaw.situation import parse_situation
from crosslaw.situation.facts import _item_env, _plan, age_on, derive
from strategies import complete_situation, partial_situation


def _by_paths(situation, on):
    env = {"peildatum": on}
    walk, ages = _plan()
    for name, path, is_collection, unknown in walk:
        v = situation
        for attr in path:
            v = getattr(v, attr)
            if v is None:
                break
        if v is None:
            env[name] = unknown
        elif is_collection:
            env[name] = [_item_env(item, name, i, on) for i, item in enumerate(v)]
        else:
            env[name] = v
    for name, source in ages:
        b = env[source]
        env[name] = b if isinstance(b, Unknown) else age_on(b, on)
    return env


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(complete_situation(), partial_situation().map(lambda c: (c[1], c[2]))))
def test_tree_walk_equals_the_walk_of_every_path(case):
    data, on = case
    s = parse_situation(data)
    tree, paths = derive(s, on), _by_paths(s, on)
    assert tree.keys() == paths.keys()
    for name, value in paths.items():
        assert tree[name] == value and type(tree[name]) is type(value), name


def test_an_empty_situation_is_all_unknown():
    from datetime import date

    env = derive(parse_situation({}), date(2026, 1, 1))
    assert env["person.birth_date"].missing == frozenset({"person.birth_date"})
    assert all(isinstance(v, Unknown) for k, v in env.items() if k != "peildatum")
