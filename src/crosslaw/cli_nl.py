"""Click's own texts in Dutch: usage lines, option help, error messages.

Click routes every text it prints through ``gettext`` (each of its modules imports
``gettext as _`` and ``ngettext``). This installs a catalogue of Dutch translations as that
gettext for the click modules, so ``Usage:``, ``Options``, ``Error: Invalid value ...`` and
``Show this message and exit.`` read in Dutch like the rest of crosslaw. Texts not in the
catalogue stay as they are.
"""

from __future__ import annotations

import gettext
import importlib

NL = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Commando's",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Missing {param_type}": "{param_type} ontbreekt",
    "Missing command.": "Geen commando opgegeven.",
    "No such command {name!r}.": "Onbekend commando {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Aborted!": "Afgebroken.",
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal ({number_type}).",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} is geen ja/nee-waarde. Mogelijk: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "Do you want to continue?": "Wilt u doorgaan?",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "unknown error": "onbekende fout",
    "required": "verplicht",
}
NL_PLURAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} vraagt een waarde.", "Optie {name!r} vraagt {nargs} waarden."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelt u {possibility}?", "(Bedoelt u een van: {possibilities}?)"),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij het formaat {format}.", "{value!r} past niet bij de formaten {formats}."),
}
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils", "shell_completion")


class DutchClick(gettext.NullTranslations):
    """A gettext catalogue for click's messages (the English text is the key, as in a .po file)."""

    def gettext(self, message: str) -> str:
        return NL.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        nl = NL_PLURAL.get((singular, plural))
        if nl is None:
            return singular if n == 1 else plural
        return nl[0] if n == 1 else nl[1]


def install() -> None:
    """Make click speak Dutch in this process (idempotent)."""
    catalogue = DutchClick()
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = catalogue.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = catalogue.ngettext  # type: ignore[attr-defined]
