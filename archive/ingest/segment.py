"""Stage 4: cut a page into articles.

Articles run one after another with nothing between them but blank lines, so the segmenter
reads the page as a sequence of line shapes (see ``lines.py``) and starts an article where the
evidence says one starts:

- a lead that opens with a byline (本报讯 记者X报道 …) — the headline lines right above it are
  its title block;
- a signature (■郑建钢) — a commentary, titled by the lines above it;
- a title block followed by a few paragraphs and a photo credit (通讯员X 摄) — a picture item;
- a title block followed by running text that is not about the article before it — an item
  without a byline (brief, feature, continued text);
- a continuation mark (上接第1版) — text jumped from another page.

A title block followed by running text that *is* about the article in progress is a section
heading of that article (features have them). A title block whose words are found only in an
earlier article that lost its title is that article's misplaced title, and the text under it
goes back to that article when the article broke off mid-sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Line, LineKind
from .shapes import is_complete
from .similarity import shares_subject, telltale_phrase
from .types import Continuation, Credit

MAX_TITLE_LINES = 3
PHOTO_CAPTION_MAX_PARAGRAPHS = 5
LOOKAHEAD_PARAGRAPHS = 6


@dataclass
class Piece:
    """An article while the page is being cut; ``assemble`` turns it into an ArticleDraft."""

    opened_by: str  # "lead", "signature", "title", "jump" or "text"
    title_lines: list[Line] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    section_headings: list[str] = field(default_factory=list)
    byline_parts: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    continuations: list[Continuation] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    has_photo_credit: bool = False
    closed: bool = False  # a picture item ends with its credit

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.title_lines) + "".join(self.paragraphs)

    @property
    def dangling(self) -> bool:
        return bool(self.paragraphs) and not is_complete(self.paragraphs[-1])

    def add_paragraph(self, line: Line) -> None:
        self.paragraphs.append(line.text)
        self.extend(line)

    def extend(self, line: Line) -> None:
        self.start = min(self.start, line.block.start)
        self.end = max(self.end, line.block.end)
        self.continuations.extend(line.jumps)

    def flag(self, reason: str) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)


@dataclass
class Segmentation:
    pieces: list[Piece]
    warnings: list[str]


def segment(lines: list[Line]) -> Segmentation:
    """Group classified lines into pieces (articles), in page order."""
    return _Segmenter(lines).run()


class _Segmenter:
    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.pieces: list[Piece] = []
        self.current: Piece | None = None
        self.pending: list[Line] = []  # headline-shaped lines not yet placed
        self.previous: Line | None = None
        self.warnings: list[str] = []

    def run(self) -> Segmentation:
        for index, line in enumerate(self.lines):
            handler = getattr(self, f"_on_{line.kind.value}")
            handler(index, line)
            self.previous = line
        self._flush_pending_at_end()
        return Segmentation([p for p in self.pieces if p.paragraphs or p.title_lines],
                            self.warnings)

    # -- line handlers -------------------------------------------------------------------
    def _on_title(self, index: int, line: Line) -> None:
        if self._repeats_a_title(line):
            self.warnings.append(f"标题行“{line.text}”重复出现，已去掉重复的一行")
            return
        self.pending.append(line)

    def _repeats_a_title(self, line: Line) -> bool:
        """The same headline line again: right below itself, or as the first line of the text
        under the title block it belongs to (a subtitle printed twice)."""
        if self.pending:
            return self.pending[-1].text == line.text
        current = self.current
        return (current is not None and len(current.paragraphs) <= 1
                and line.text in (title.text for title in current.title_lines))

    def _on_lead(self, index: int, line: Line) -> None:
        piece = self._story_under_heading()
        if piece is None:
            piece = self._open("lead", line)
        piece.byline_parts.append(line.byline)
        piece.credits.extend(line.credits)
        piece.add_paragraph(line)

    def _story_under_heading(self) -> Piece | None:
        """A headline with only a photo caption or a ■ byline under it, then a lead: the
        caption or byline belongs to the story, which goes on under the same headline."""
        current = self.current
        if self.pending or current is None or not current.title_lines:
            return None
        picture = (current.opened_by == "title" and current.has_photo_credit
                   and len(current.paragraphs) <= 1)
        signed = current.opened_by == "signature" and not current.paragraphs
        just_above = self.previous is not None and current.end == self.previous.block.end
        if not (picture or signed) or not just_above:
            return None
        current.opened_by = "lead"
        current.closed = False
        return current

    def _on_byline(self, index: int, line: Line) -> None:
        if self.pending or self.current is None:
            piece = self._open("lead", line)
        else:
            piece = self.current  # a byline under the text it signs
        piece.byline_parts.append(line.byline)
        piece.credits.extend(line.credits)
        piece.extend(line)

    def _on_signature(self, index: int, line: Line) -> None:
        piece = self._open("signature", line)
        piece.byline_parts.append(line.byline)
        piece.credits.extend(line.credits)

    def _on_credit(self, index: int, line: Line) -> None:
        if self.pending:
            # Headline-shaped lines right above a credit are a caption: a picture item.
            self._open("title", line)
        piece = self.current or self._open("text", line)
        piece.byline_parts.append(line.byline)
        piece.credits.extend(line.credits)
        piece.has_photo_credit = True
        piece.extend(line)
        if piece.opened_by in ("title", "text"):
            piece.closed = True

    def _on_agency(self, index: int, line: Line) -> None:
        if self.current is not None:
            self.current.byline_parts.append(line.byline)
            self.current.extend(line)

    def _on_jump(self, index: int, line: Line) -> None:
        direction = line.jumps[0].direction
        current = self.current
        if direction == "to" and current is not None:
            current.extend(line)
            return
        ahead = self._text_ahead(index + 1)
        if (current is not None and not self.pending and current.opened_by in ("title", "jump")
                and not current.closed
                and shares_subject(ahead, current.text, self._texts_before(current))):
            current.extend(line)
            current.flag("转版接续的文字与本版文字的先后顺序可能有误")
            return
        piece = self._open("jump", line)
        piece.extend(line)

    def _on_body(self, index: int, line: Line) -> None:
        if self.pending:
            self._place_title_run(index, line)
            return
        piece = self.current
        if piece is None or piece.closed:
            piece = self._open("text", line)
            piece.flag("缺标题，标题取自导语")
        piece.add_paragraph(line)
        self._take_caption_credit(piece, line)

    def _take_caption_credit(self, piece: Piece, line: Line) -> None:
        """A caption that ends with its photo credit (图为… 通讯员X 摄), or a paragraph that
        ends with its writer's name (…。（黄嵘）), which signs the item and no more."""
        if not line.credits:
            return
        piece.byline_parts.append(line.byline)
        piece.credits.extend(line.credits)
        if not line.photographed:
            return
        piece.has_photo_credit = True
        if piece.opened_by in ("title", "text"):
            piece.closed = True

    # -- decisions -----------------------------------------------------------------------
    def _place_title_run(self, index: int, line: Line) -> None:
        """Headline-shaped lines followed by running text: decide what they are."""
        run = self.pending
        if line.photographed or self._credit_follows(index):
            piece = self._open("title", line)
            piece.add_paragraph(line)
            self._take_caption_credit(piece, line)
            return
        owner = self._title_owner(run)
        if owner is not None:
            self._leave_unrelated_fragments(owner)
            run = self.pending
            owner.title_lines = self._take_title_block()
            owner.review_reasons = [r for r in owner.review_reasons if not r.startswith("缺标题")]
            for title in run:
                owner.extend(title)
            self.warnings.append(
                f"标题“{run[-1].text}”出现在别处正文中间，已归还给同一篇文章"
            )
            self.current = owner
            self._continue(owner, line)
            return
        current = self.current
        ahead = self._text_ahead(index)
        if (current is not None and not current.closed and self._may_have_sections(current, run)
                and shares_subject(ahead, current.text, self._texts_before(current))):
            self.pending = []
            for title in run:
                current.paragraphs.append(title.text)
                current.section_headings.append(title.text)
                current.extend(title)
            current.add_paragraph(line)
            self._take_caption_credit(current, line)
            return
        piece = self._open("title", line)
        piece.add_paragraph(line)
        self._take_caption_credit(piece, line)

    def _continue(self, piece: Piece, line: Line) -> None:
        """Text under a reclaimed title: it finishes the sentence the article broke off."""
        if piece.dangling:
            piece.paragraphs[-1] += line.text
            piece.extend(line)
            self.warnings.append(f"“{line.text[:12]}…”接续了被隔开的上文")
        else:
            piece.add_paragraph(line)
        self._take_caption_credit(piece, line)

    def _leave_unrelated_fragments(self, owner: Piece) -> None:
        """Leading run lines that read as cut-off text and share nothing with the owner stay
        with the article in progress (强化制度资金保障,为维权体系建设提)."""
        others = [p.text for p in self.pieces if p is not owner]
        while len(self.pending) > 1 and self.current is not None:
            line = self.pending[0]
            clause = any(mark in line.text for mark in "，,、")
            if not clause or telltale_phrase(line.text, owner.text, others):
                break
            self.pending.pop(0)
            self.current.paragraphs.append(line.text)
            self.current.extend(line)

    def _title_owner(self, run: list[Line]) -> Piece | None:
        """An earlier untitled article that alone shares a telltale phrase with the title."""
        untitled = [p for p in self.pieces if not p.title_lines and p.opened_by != "signature"]
        if not untitled:
            return None
        title = "".join(line.text for line in run)
        matches = [
            p for p in untitled
            if telltale_phrase(title, p.text, [o.text for o in self.pieces if o is not p])
        ]
        if len(matches) == 1:
            return matches[0]
        return None

    def _credit_follows(self, index: int) -> bool:
        for ahead in self.lines[index:index + PHOTO_CAPTION_MAX_PARAGRAPHS + 1]:
            if ahead.kind is LineKind.CREDIT:
                return True
            if ahead.kind is not LineKind.BODY:
                return False
        return False

    @staticmethod
    def _may_have_sections(piece: Piece, run: list[Line]) -> bool:
        """A section heading is never more prominent than the article's own title."""
        if len(run) > 2:
            return False
        own = [t.heading for t in piece.title_lines if t.heading]
        new = [t.heading for t in run if t.heading]
        if own and new and min(new) < min(own):
            return False
        return True

    def _texts_before(self, piece: Piece) -> list[str]:
        return [p.text for p in self.pieces if p is not piece]

    def _text_ahead(self, index: int) -> str:
        texts: list[str] = []
        for ahead in self.lines[index:index + LOOKAHEAD_PARAGRAPHS]:
            if ahead.kind is not LineKind.BODY:
                break
            texts.append(ahead.text)
        return "".join(texts)

    # -- bookkeeping ---------------------------------------------------------------------
    def _open(self, opened_by: str, line: Line) -> Piece:
        title_lines = self._take_title_block()
        first = title_lines[0].block.start if title_lines else line.block.start
        piece = Piece(opened_by=opened_by, title_lines=title_lines, start=first,
                      end=line.block.end)
        for title in title_lines:
            piece.extend(title)
        self.pieces.append(piece)
        self.current = piece
        return piece

    def _take_title_block(self) -> list[Line]:
        """Take the pending lines: the title block, with lines above it left to the text.

        A title block has at most three lines, and at most one line above its most prominent
        heading; headline-shaped lines further up are short paragraphs of the article in
        progress (a column-cut fragment, a caption).
        """
        run, self.pending = self.pending, []
        keep = MAX_TITLE_LINES
        levels = [line.heading for line in run if line.heading]
        if levels:
            main = max(i for i, line in enumerate(run) if line.heading == min(levels))
            keep = min(keep, len(run) - max(main - 1, 0))
        cut = max(len(run) - keep, 0)
        block, stray = run[cut:], run[:cut]
        if stray and self.current is not None:
            for extra in stray:
                self.current.paragraphs.append(extra.text)
                self.current.extend(extra)
        return block

    def _flush_pending_at_end(self) -> None:
        """Headline-shaped lines with nothing under them at the foot of the page."""
        if not self.pending:
            return
        lines, self.pending = self.pending, []
        titles = [line for line in lines if not any(mark in line.text for mark in "，,、")]
        if titles:
            texts = "、".join(f"“{line.text}”" for line in titles)
            self.warnings.append(f"页末有无正文的标题行：{texts}")
        if self.current is None:
            return
        if titles:
            self.current.flag("页末有无正文的标题行，可能属于其他版面")
        for line in lines:  # kept as text: a cut-off fragment is still the page's words
            self.current.paragraphs.append(line.text)
            self.current.extend(line)
