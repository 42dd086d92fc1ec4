"""Recursive-descent parser for the expression language.

Grammar (lowest precedence first)::

    expr    := 'if' expr 'then' expr 'else' expr | or
    or      := and ('or' and)*
    and     := not ('and' not)*
    not     := 'not' not | compare
    compare := sum (CMP sum | ['not'] 'in' '[' expr (',' expr)* ']')?
    sum     := product (('+' | '-') product)*
    product := unary (('*' | '/') unary)*
    unary   := '-' unary | atom
    atom    := NUMBER | STRING | 'true' | 'false' | NAME | NAME '(' args ')' | '(' expr ')'

Comparisons do not chain (``a < b < c`` is an error): legal texts never mean that and
a silent Python-style chain would be a trap for rule authors.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from crosslaw.errors import ExpressionError
from crosslaw.language.ast import Binary, Call, If, In, Literal, Name, Node, Unary

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'[^'\\]*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>==|!=|<=|>=|<|>|\+|-|\*|/|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)

KEYWORDS = {"and", "or", "not", "in", "if", "then", "else", "true", "false"}
COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}


class _Token:
    __slots__ = ("kind", "text", "column")

    def __init__(self, kind: str, text: str, column: int) -> None:
        self.kind = kind
        self.text = text
        self.column = column


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExpressionError(f"onverwacht teken {text[pos]!r}", pos + 1)
        kind = m.lastgroup or ""
        if kind != "ws":
            value = m.group()
            if kind == "name" and value in KEYWORDS:
                kind = "keyword"
            tokens.append(_Token(kind, value, pos + 1))
        pos = m.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.i = 0

    @property
    def tok(self) -> _Token:
        return self.tokens[self.i]

    def _accept(self, kind: str, text: str | None = None) -> _Token | None:
        t = self.tok
        if t.kind == kind and (text is None or t.text == text):
            self.i += 1
            return t
        return None

    def _expect(self, kind: str, text: str, what: str) -> _Token:
        t = self._accept(kind, text)
        if t is None:
            found = self.tok.text or "einde van de expressie"
            raise ExpressionError(f"verwacht {what}, gevonden {found!r}", self.tok.column)
        return t

    def parse(self) -> Node:
        node = self.expr()
        if self.tok.kind != "end":
            raise ExpressionError(f"onverwacht {self.tok.text!r} na einde van de expressie", self.tok.column)
        return node

    def expr(self) -> Node:
        t = self._accept("keyword", "if")
        if t:
            cond = self.expr()
            self._expect("keyword", "then", "'then'")
            then = self.expr()
            self._expect("keyword", "else", "'else'")
            otherwise = self.expr()
            return If(cond, then, otherwise, t.column)
        return self.or_()

    def or_(self) -> Node:
        node = self.and_()
        while t := self._accept("keyword", "or"):
            node = Binary("or", node, self.and_(), t.column)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while t := self._accept("keyword", "and"):
            node = Binary("and", node, self.not_(), t.column)
        return node

    def not_(self) -> Node:
        if t := self._accept("keyword", "not"):
            return Unary("not", self.not_(), t.column)
        return self.compare()

    def compare(self) -> Node:
        left = self.sum()
        t = self.tok
        if t.kind == "op" and t.text in COMPARISONS:
            self.i += 1
            node: Node = Binary(t.text, left, self.sum(), t.column)
            nxt = self.tok
            if nxt.kind == "op" and nxt.text in COMPARISONS:
                raise ExpressionError("vergelijkingen kunnen niet worden geketend; gebruik 'and'", nxt.column)
            return node
        negated = False
        if t.kind == "keyword" and t.text == "not" and self.tokens[self.i + 1].text == "in":
            self.i += 1
            negated = True
        if self._accept("keyword", "in"):
            self._expect("op", "[", "'[' na 'in'")
            options = [self.expr()]
            while self._accept("op", ","):
                options.append(self.expr())
            self._expect("op", "]", "']'")
            return In(left, tuple(options), negated, t.column)
        return left

    def sum(self) -> Node:
        node = self.product()
        while (t := self.tok).kind == "op" and t.text in ("+", "-"):
            self.i += 1
            node = Binary(t.text, node, self.product(), t.column)
        return node

    def product(self) -> Node:
        node = self.unary()
        while (t := self.tok).kind == "op" and t.text in ("*", "/"):
            self.i += 1
            node = Binary(t.text, node, self.unary(), t.column)
        return node

    def unary(self) -> Node:
        if t := self._accept("op", "-"):
            return Unary("-", self.unary(), t.column)
        return self.atom()

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "number":
            self.i += 1
            value = Decimal(t.text) if "." in t.text else int(t.text)
            return Literal(value, t.column)
        if t.kind == "string":
            self.i += 1
            return Literal(t.text[1:-1], t.column)
        if t.kind == "keyword" and t.text in ("true", "false"):
            self.i += 1
            return Literal(t.text == "true", t.column)
        if t.kind == "name":
            self.i += 1
            if self._accept("op", "("):
                args: list[Node] = []
                if not self._accept("op", ")"):
                    args.append(self.expr())
                    while self._accept("op", ","):
                        args.append(self.expr())
                    self._expect("op", ")", "')'")
                if t.text == "date":
                    return self._date_literal(args, t.column)
                return Call(t.text, tuple(args), t.column)
            return Name(t.text, t.column)
        if self._accept("op", "("):
            node = self.expr()
            self._expect("op", ")", "')'")
            return node
        found = t.text or "einde van de expressie"
        raise ExpressionError(f"verwacht een waarde, gevonden {found!r}", t.column)

    @staticmethod
    def _date_literal(args: list[Node], column: int) -> Literal:
        if len(args) != 1 or not isinstance(args[0], Literal) or not isinstance(args[0].value, str):
            raise ExpressionError("date() verwacht één tekst als 'JJJJ-MM-DD'", column)
        try:
            return Literal(date.fromisoformat(args[0].value), column)
        except ValueError:
            raise ExpressionError(f"ongeldige datum {args[0].value!r}", column) from None


def parse(text: str) -> Node:
    """Parse ``text`` into an AST, raising ``ExpressionError`` with a column on failure."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("lege expressie")
    return _Parser(text).parse()
