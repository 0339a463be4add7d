"""Read back the HTML tables that notebooks are shown, cell by cell (standard library)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    """One ``<table>``: its caption and its rows of cell texts (header row first)."""

    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)

    def cell(self, row: str, column: str) -> str:
        """The cell in the row whose first cell is ``row`` and the column headed ``column``."""
        header = self.rows[0]
        (found,) = [r for r in self.rows[1:] if r[0] == row]
        return found[header.index(column)]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self.items: list[str] = []
        self._text: list[str] | None = None
        self._where = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(Table())
        elif tag == "tr":
            self.tables[-1].rows.append([])
        elif tag in ("td", "th", "caption", "li"):
            self._text, self._where = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "caption", "li") and self._text is not None:
            text = "".join(self._text)
            if tag == "caption":
                self.tables[-1].caption = text
            elif tag == "li":
                self.items.append(text)
            else:
                self.tables[-1].rows[-1].append(text)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def read_tables(html: str) -> tuple[list[Table], list[str]]:
    """The tables of an HTML fragment, and the texts of its list items."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.tables, parser.items
