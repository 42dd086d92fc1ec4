"""Every command has Dutch help with an example; scripts get JSON."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crosslaw.cli import cli

COMMANDS = []


def _walk(group, prefix=()):
    import click

    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            _walk(cmd, prefix + (name,))
        else:
            COMMANDS.append(prefix + (name,))


_walk(cli)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_help_has_an_example(command):
    result = subprocess.run([sys.executable, "-m", "crosslaw", *command, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Voorbeeld" in result.stdout, result.stdout


def test_exit_codes_are_documented():
    result = subprocess.run([sys.executable, "-m", "crosslaw", "--help"], capture_output=True, text=True, timeout=60)
    assert "Exitcodes" in result.stdout and "2 ongeldige invoer" in result.stdout


def test_no_colour_when_not_a_terminal():
    result = subprocess.run([sys.executable, "-m", "crosslaw", "evaluate", "examples/alleenstaande.yaml"], capture_output=True, text=True, timeout=60)
    assert "\x1b[" not in result.stdout
