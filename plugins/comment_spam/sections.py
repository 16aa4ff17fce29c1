"""Comment sections (C101): heads close together form a cluster, the cluster is measured and
judged, and an accepted one is reported from its first comment to its end. Without any
head, a trailing dump of comments is looked for by a change point (``bare``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from .bare import VOICED, bare_comments, register
from .clusters import NAMED_COMMENTS, candidates, median
from .heads import Head, find_heads, signs_text_above
from .lines import FUNCTION_WORDS, Line, in_quotation_marks, is_prose, tally
from .markers import CLOSES_A_COMMENT, NOT_A_COMMENT, ends_a_sentence, is_name_line

Section = tuple[int, int, dict[str, Any]]  # first line, last line, evidence
_EXCERPT = ("[…]", "[...]", "[&hellip;]")  # what a pingback's excerpt opens or closes with


def comment_sections(lines: list[Line], params: dict[str, Any]) -> Iterator[Section]:
    """Yield (first line index, last line index, evidence dict) of each comment section."""
    top = int(params["top-lines"])
    found = False
    for section in _merged(_marked_sections(lines, params, find_heads(lines, top), top)):
        found = True
        yield section
    if not found and params["bare-comments"] and len(lines) >= 5:
        section = bare_comments(lines, params)
        if section:
            yield section


def _merged(sections: Iterator[Section]) -> list[Section]:
    """Overlapping sections as one (two clusters of heads can cover the same comments: one
    defect, one finding), with the evidence of the higher-scoring one."""
    merged: list[Section] = []
    for first, last, evidence in sorted(sections, key=lambda s: (s[0], s[1])):
        if merged and first <= merged[-1][1]:
            top_first, top_last, top_evidence = merged[-1]
            best = evidence if evidence["score"] > top_evidence["score"] else top_evidence
            merged[-1] = (top_first, max(top_last, last), best)
        else:
            merged.append((first, last, evidence))
    return merged


@dataclass
class Candidate:
    """A cluster of heads and what it would report."""

    strong: list[Head]  # heads that are markers on their own
    names: list[Head]  # weaker heads among them (name lines)
    heads: list[Head]  # both, in document order
    end: int  # the section's last line
    typical: int  # the usual number of lines between two heads
    body: list[int]  # the lines of the section that are not heads
    content: float  # reader's-voice evidence of the body
    score: float  # structural plus content evidence

    @property
    def first(self) -> int:
        return self.heads[0].first

    @property
    def last(self) -> int:
        return self.heads[-1].last


def _marked_sections(lines: list[Line], params: dict[str, Any], heads: list[Head],
                     top: int) -> Iterator[Section]:
    min_score = float(params["min-score"])
    for strong, names in candidates(lines, heads, int(params["max-comment-lines"]), top):
        candidate = _measure(lines, strong, names)
        if _accepted(lines, candidate, min_score):
            yield _start(lines, candidate), candidate.end, _evidence(lines, candidate)


def _measure(lines: list[Line], strong: list[Head], names: list[Head]) -> Candidate:
    """Where the section ends and how much evidence it holds."""
    heads = sorted(strong + names, key=lambda h: h.first)
    first, last = heads[0].first, heads[-1].last
    typical = median([b.first - a.last - 1 for a, b in zip(heads, heads[1:])], 3)
    # the section ends with the document, at page furniture ("Related posts") after the
    # last head, or a little after the last head when much text follows
    end = next((i - 1 for i in range(last + 1, len(lines)) if lines[i].chrome), len(lines) - 1)
    if end - last > max(2 * typical, 4) + 4:
        end = last + max(2 * typical, 4)
    while end > last and _pingback(lines[end]):
        end -= 1
    head_lines = {i for h in heads for i in range(h.first, h.last + 1)}
    body = [i for i in range(first, end + 1) if i not in head_lines]
    content = sum(max(lines[i].content, 0.0) for i in body)
    structural = sum(min(h.weight, 3.5) for h in strong) + 0.6 * sum(h.weight for h in names)
    return Candidate(strong, names, heads, end, typical, body, content,
                     structural + min(content, 6.0) * 0.5)


def _accepted(lines: list[Line], c: Candidate, min_score: float) -> bool:
    """Two strong heads with evidence enough, one comment at the end, or name lines that
    each introduce a reader's text; never heads over figures, nor heads repeated verbatim."""
    at_end = c.end == len(lines) - 1
    if len(c.strong) >= 2:
        ok = c.score >= min_score or at_end and "spam" in {h.kinds[0] for h in c.strong}
    elif len(c.strong) == 1:
        ok = at_end and len(c.body) <= 12 and c.first >= _FIRST_LONE_HEAD.get(
            c.strong[0].kinds[0], 3) and _one_comment(lines, c)
    else:
        ok = len(c.names) >= NAMED_COMMENTS and at_end and _named_comments(lines, c)
    if not (ok and _over_prose(lines, c) and not _repeated(lines, c)):
        return False
    listed = _listed(lines, c)
    return listed < len(c.heads) and _someone_wrote(lines, c, listed) \
        and not _addressed(lines, c) and not _change_entries(lines, c)


# The earliest line a section's one strong head may open it on: under two lines of text at
# least (a title, a paragraph), three for a head that an article's own byline or dateline
# may be, one line below ``top-lines`` (a kicker above the headline); a comments heading
# ("Customer reviews" under a short product description) is never the article's
_FIRST_LONE_HEAD = {"header": 2}
SHORT_COMMENT = 40  # words under each of only two names
HEADLINE_WORDS = 14  # a longer line is a sentence, not another article's title


def _listed(lines: list[Line], c: Candidate) -> int:
    """How many of the first heads are entries of a page's list of other articles
    ("Related posts", "Latest news", "You may also like"): each entry's author, date or age
    ("John Smith" / "March 3, 2015", "By Sarah Connor | 3 days ago") beside a headline
    ("Why house prices keep rising"), not a reader's sentence. They run to the comments
    heading, if any; above the first, only such lines lead back to the list's heading (page
    chrome), or, under a heading of any wording ("In other news", "Also in Business"), three
    dated entries or more whose headlines have nothing of a reader's voice."""
    listed = next((n for n, h in enumerate(c.heads) if "header" in h.kinds), len(c.heads))
    if not listed:
        return 0
    stop = c.heads[listed].first if listed < len(c.heads) else c.end + 1
    entries = [lines[i] for i in c.body if i < stop and lines[i].nw]
    if not all(map(_headline, entries)):
        return 0
    for i in range(c.first - 1, -1, -1):
        line = lines[i]
        if line.chrome:
            return listed
        if line.kind == "header" or not (line.kind or _headline(line)):
            break
    dated = all(h.kinds[0] in ("date", "stamp") for h in c.heads[:listed])
    voiceless = all(line.content <= 0 and not line.reasons and line.text[-1] != "?"
                    for line in entries)
    return listed if listed >= LISTED_ENTRIES and dated and voiceless else 0


LISTED_ENTRIES = 3  # dated headlines that make a list under a heading nobody wrote for it


def _headline(line: Line) -> bool:
    """A short line that ends no sentence: a title, a name, a date."""
    text = line.text.rstrip()
    return line.nw <= HEADLINE_WORDS and text[-1:] not in ".!,;…"


def _someone_wrote(lines: list[Line], c: Candidate, listed: int = 0) -> bool:
    """A section of nothing but headings and the widget ("Leave a Reply", "Name *", "Post
    Comment") is an empty comment form, which an extractor keeps from the page: some head
    must name or date a comment, or some line must hold text that is not the form's. The
    first ``listed`` heads are a list of other articles (``_listed``) above the form, and
    neither their names and dates nor their headlines are anyone's comment."""
    heads = c.heads[listed:]
    if any(kind not in ("header", "interface") for h in heads for kind in h.kinds):
        return True
    since = heads[0].first if heads else c.end + 1
    return any(_written(lines[i]) for i in c.body if i >= since)


# Words of a comment system's own prompts ("Write a response...", "Sign in or become a
# member to join the conversation.", "Sort by Oldest", "Facebook Comments Plugin")
_FORM_WORDS = frozenset("comment comments commenting response responses reply replies "
                        "conversation discussion sign signed log logged login member members "
                        "subscribe subscribers javascript plugin sort".split())


def _written(line: Line) -> bool:
    """A line a reader may have written: text of three words or more, not a marker, page
    furniture, or the comment form's own text (its notices, or a prompt about commenting)."""
    return line.ntokens >= 3 and not line.kind and not line.chrome \
        and NOT_A_COMMENT not in line.reasons and _FORM_WORDS.isdisjoint(line.wordset)


def _one_comment(lines: list[Line], c: Candidate) -> bool:
    """One strong head at the end of the document, with what a single comment has."""
    head = c.strong[0]
    after = [i for i in c.body if i > head.last]
    # a head over a quotation: a novel's narration introducing speech ("Van Helsing turning
    # to me, said:"), a letter's date over the letter
    if after and in_quotation_marks(lines[after[0]].text):
        return False
    if after and (_reader_text(lines, head, after)
                  # a "Comments" heading followed by a few short texts to the end
                  or head.kinds[0] == "header" and head.weight >= 2.5
                  and _texts_under_heading(lines, after)):
        return True
    if not after and _signed_after(lines, head):
        return True
    # a spam message with a commenter's name or heading before it
    return head.kinds[0] == "spam" and (len(c.heads) >= 2
                                        or _spam_walk(lines, head.first) < head.first)


def _texts_under_heading(lines: list[Line], after: list[int]) -> bool:
    """Some line under a comments heading holds text (``_written``), and not only a list
    of headlines: a sidebar's "Recent Comments" lists "Anna Berg on <a post's title>", three
    entries or more (``LISTED_ENTRIES``), where one short comment may end no sentence
    ("She loves it. example.com/page")."""
    written = [lines[i] for i in after if _written(lines[i])]
    return bool(written) and (len(written) < LISTED_ENTRIES
                              or not all(map(_headline, written)))


def _reader_text(lines: list[Line], head: Head, after: list[int]) -> bool:
    """A timed or signed head, then text in a reader's voice, or short."""
    timed = any(lines[i].timed for i in range(head.first, head.last + 1))
    if not (timed or "signature" in head.kinds) or head.weight < 2.5:
        return False
    voice = sum(lines[i].content for i in after)
    short = len(after) <= 3 and all(
        lines[i].nw < 60 and "reported speech" not in lines[i].reasons for i in after) \
        and any(lines[i].text[-1] in ".!?…)" or lines[i].nw >= 8 for i in after)
    return voice >= 0.4 or head.weight >= 3.5 and timed or short \
        or _stamped_reply(lines, head, after)


def _stamped_reply(lines: list[Line], head: Head, after: list[int]) -> bool:
    """A name over a full comment stamp, a date with its clock time ("Soup Waiter" then
    "November 2, 2012 at 10:46 pm"), then a reader's prose to the end. An article's own
    dated line sits under its headline; below the body, a name and a time of day to the
    minute head a comment, however long its text."""
    stamp = any(lines[i].timed and lines[i].dated for i in range(head.first, head.last + 1))
    worded = [lines[i] for i in after if lines[i].nw]
    return stamp and head.kinds[0] == "name" and head.weight >= 3.0 and any(
        line.nw >= 8 and line.text.rstrip()[-1] in ".!?…" for line in worded) and all(
        is_prose(line) and "reported speech" not in line.reasons for line in worded)


def _signed_after(lines: list[Line], head: Head) -> bool:
    """A comment signed after its text ("Posted by: Ade | May 3, 2016 at 4:50 AM"; a blog's
    own "Posted by Sam at 6:05 AM" has no date)."""
    return head.weight >= 2.5 and "signature" in head.kinds \
        and signs_text_above(lines, head.first, head.last)


def _named_comments(lines: list[Line], c: Candidate) -> bool:
    """Each name introduces text in a reader's voice, unlike the article's, and is no
    subheading: neither echoed by the text after it nor, for most of them, in capitals.
    Two names need both their texts voiced and short (``SHORT_COMMENT`` words): an
    interview's two speakers answer at length."""
    voiced = 0
    longest = 0
    for h, nxt in zip(c.heads, c.heads[1:] + [None]):
        stop = nxt.first if nxt else c.end + 1
        if any(register(lines[i]) >= VOICED for i in range(h.last + 1, stop)):
            voiced += 1
        longest = max(longest, sum(lines[i].nw for i in range(h.last + 1, stop)))
    if len(c.names) < 3 and (voiced < len(c.names) or longest > SHORT_COMMENT):
        return False
    article = [lines[i].content for i in range(0, c.first)]
    mean_article = sum(article) / len(article) if article else 0.0
    mean_body = c.content / len(c.body) if c.body else 0.0
    echoed = sum(_echoed(lines, h) for h in c.names)
    # a manual's section headings in capitals ("LOCATION", "PREREQUISITES"), not handles
    capitals = sum(lines[h.first].text.isupper() for h in c.names)
    return voiced >= 0.6 * len(c.names) and mean_body >= mean_article + 0.3 \
        and echoed * 3 <= len(c.names) and capitals * 2 <= len(c.names) and c.first >= 4


def _echoed(lines: list[Line], head: Head) -> bool:
    """A subheading, not a name: its words come back in the text right after it."""
    words = {w for w in lines[head.first].lower if len(w) > 3 and w not in FUNCTION_WORDS}
    if not words:
        return False
    following = set()
    for line in lines[head.last + 1:head.last + 4]:
        if line.text != lines[head.first].text:  # the same handle again is a name
            following.update(line.lower)
    return not words.isdisjoint(following)


def _over_prose(lines: list[Line], c: Candidate) -> bool:
    """Readers write sentences: heads over tables of figures or lists of dates are not
    comments ("Pay April 15" / "Daily .059 cts vs .059 cts prior")."""
    if not (c.body or len(c.strong) >= 2):
        return True
    spam = sum(h.kinds[0] == "spam" for h in c.heads)  # a spam message is text enough
    worded = [i for i in c.body if any(ch.isalpha() for ch in lines[i].text)]  # not "2"
    prose = sum(map(is_prose, (lines[i] for i in worded))) + spam
    return prose >= max(1, 0.5 * (len(worded) + spam))


def _repeated(lines: list[Line], c: Candidate) -> bool:
    """Heads that repeat word for word ("Record April 15" under every fund), or entries
    headed by an ISO date and the same author ("2022-10-30 Jo Kim", "2022-10-09 Jo Kim": a
    changelog). Readers' comments have about as many authors as heads."""
    texts = [" ".join(lines[i].text for i in range(h.first, h.last + 1)) for h in c.strong]
    texts = [_ISO_DATE_HEAD.sub("0", text, count=1) for text in texts]
    return len(texts) >= 3 and len(set(texts)) * 2 < len(texts)


_ISO_DATE_HEAD = re.compile(r"^\s*\d{4}-\d\d-\d\d(?=\s+[^\W\d_])")
# a changelog's entry: a bullet, what changed (a file, a component, a function) and a colon
_CHANGE_ENTRY = re.compile(r"^[-*•+]\s+[\w./+-]+(?:\s*\([^)]*\))?:\s")
CHANGE_ENTRIES = 3  # at least this many lines of a section, and
CHANGE_SHARE = 0.05  # this share of its lines


def _change_entries(lines: list[Line], c: Candidate) -> bool:
    """The section's lines are a changelog's entries under dated, signed releases
    ("Daniel Stenberg (20 Feb 2023)", then "- RELEASE-NOTES: synced", "- lib: fix the build
    on ..."; "* Makefile.in (do-tar): Skip CVS folders."): no real comment section of the
    dev set has more than one such line in hundreds."""
    count = sum(1 for i in range(c.first, c.end + 1) if _CHANGE_ENTRY.match(lines[i].text))
    return count >= CHANGE_ENTRIES and count >= CHANGE_SHARE * (c.end + 1 - c.first)


_MAILBOX = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")  # "Andrew Cagney <cagney@b1.cygnus.com>"


def _addressed(lines: list[Line], c: Candidate) -> bool:
    """Every head that names or dates its text gives a mail address in angle brackets, as
    a changelog entry ("2000-05-16  Andrew Cagney  <cagney@...>") or a file's author line
    ("Written by ... <...>") does: comment pages show one on a few heads if any (Slashdot,
    on 1 to 6 of a section's 13 to 29)."""
    heads = [h for h in c.heads if h.kinds[0] != "header"]
    return bool(heads) and all(
        any(_MAILBOX.search(lines[i].text) for i in range(h.first, h.last + 1)) for h in heads)


def _start(lines: list[Line], c: Candidate) -> int:
    """The section's first line: its first head, the first comment's text when comments
    are signed after their text, a spam message's author, or a heading right before."""
    listed = _listed(lines, c)
    if listed:  # after a list of other articles: its comments heading
        return c.heads[listed].first
    start = c.first + _stray_name(lines, c)
    if c.strong and not _opens(lines, c.heads[0]) and (c.last == c.end or lines[c.last + 1].kind):
        start = _first_text(lines, c)
        if start > 0 and start < c.first and _author_line(lines[start - 1]) \
                and _named_after_heads(lines, c):
            start -= 1
    if start == c.first:
        start = _unlinked_first_comment(lines, c.first)
    if c.heads[0].kinds[0] == "spam":
        start = _spam_walk(lines, start)
    if start > 0 and lines[start - 1].kind == "interface" and not lines[start].blank_before:
        start -= 1  # the first comment's own widget line above it ("level 1" on Reddit)
    for j in range(start - 1, max(start - 3, -1), -1):
        if lines[j].kind == "header":
            return j
    return start


_WEBSITE_THEN_NAME = re.compile(r"^(?:https?://|www\.)\S+\s+\S")


def _unlinked_first_comment(lines: list[Line], first: int) -> int:
    """Heads that give a commenter's website, then the name ("http://example.org Jo"),
    open their comments; the first commenter, who gave no website, is a bare name over the
    text ("Ann_W", the comment, then the next one's website and name): the section starts
    at that name, not at the second comment's head."""
    if first < 5 or not _WEBSITE_THEN_NAME.match(lines[first].text.strip()):
        return first  # (an article comes first: a name among its first lines is a tag or byline)
    text, name = lines[first - 1], lines[first - 2]
    if text.kind or text.chrome or text.nw < 3 or "reported speech" in text.reasons \
            or not (name.blank_before and is_name_line(name)):
        return first
    return first - 2


def _named_after_heads(lines: list[Line], c: Candidate) -> bool:
    """Each comment opens with its author's name ("bytor104", then the text, then the date;
    "Comment author avatarWakehead" under the next date): most heads but the last are a
    name or have a name or an author line right after them, so the line above the first
    comment's text is its author too, not the article's sign-off."""
    inner = c.heads[:-1]
    named = sum(1 for h in inner if h.kinds[0] == "name" or h.last + 1 < len(lines)
                and (_author_line(lines[h.last + 1]) or is_name_line(lines[h.last + 1])))
    return len(inner) >= 2 and named * 2 > len(inner)


def _stray_name(lines: list[Line], c: Candidate) -> int:
    """1 when the first head took a name line from across a blank line (the article's
    source credit, "Evening Courier", above the first comment's date) while none of the
    other heads has a name across a blank line above its marker: the heads of one comment
    system look alike, so that name is the article's, not the first commenter's. A name
    the marker repeats ("Olga" above "Olga K.  March 3, 2015 at 06:12 PM") is the
    commenter's."""
    head = c.heads[0]
    return int(head.kinds[0] == "name" and head.last > head.first and len(c.strong) >= 3
               and lines[head.first].blank_after
               and lines[head.first].wordset.isdisjoint(lines[head.first + 1].wordset)
               and not any(h.kinds[0] == "name" and lines[h.first].blank_after
                           for h in c.strong[1:]))


def _opens(lines: list[Line], head: Head) -> bool:
    """A head written before its comment: a heading, a name, "Marisol says:", "Re: ..."."""
    kind = head.kinds[0]
    if kind == "interface":
        return CLOSES_A_COMMENT not in lines[head.first].reasons
    if kind in ("header", "name", "bullet-name"):
        return True
    text = lines[head.first].text
    return kind == "signature" and (text.endswith((":", "...", "…", ","))
                                    or text.lower().startswith("re"))


def _first_text(lines: list[Line], c: Candidate) -> int:
    """Back from the first signature over the first comment's text (about as long as the
    comments between the heads)."""
    reach = max(1, min(c.typical if len(c.heads) > 1 else 1, 6))
    start = _walk_back(lines, c.first, reach, unmarked_only=True)
    # (a widget row with the comment's age is its footer: the line above is its text)
    if start == c.first and c.first > 0:
        above = lines[c.first - 1]
        if _signed(above) and (CLOSES_A_COMMENT in lines[c.first].reasons
                               or _signature_like_the_others(lines, c)) \
                or _stamp_like_the_others(lines, c) and _signed_text(above):
            start -= 1
    return start


def _signed(line: Line) -> bool:
    """The line right above the first signature is the text it signs, reader's voice or
    not ("Isn't this a restatement of ...", then "Posted by: John King at ..."), unless it
    is a marker, page furniture, a name or a whole article's worth of words. A word or
    three ending a sentence ("priceless.") is a short comment, not a name."""
    return not (line.kind or line.chrome or line.nw >= 120
                or _author_line(line) and not ends_a_sentence(line.text)
                or "reported speech" in line.reasons)


def _signed_text(line: Line) -> bool:
    """``_signed``, or a short sentence above a head that names the commenter itself ("Nice
    one!" over "— J. Bernard, 2 days ago"): not an author line, since the head has one."""
    return _signed(line) or not (line.kind or line.chrome or is_name_line(line)) \
        and ends_a_sentence(line.text)


# the words of a signature's opening that are not the commenter's (markers.toml's
# signature patterns): "Posted by:", "written by", "by ... on", "— ..."
_SIGNATURE_WORDS = frozenset({"posted", "written", "submitted", "commented", "added", "sent",
                              "reply", "replied", "by", "by:", "from", "in", "on", "at",
                              "re:", "—", "–", "-", "--", "~"})


def _signature_like_the_others(lines: list[Line], c: Candidate) -> bool:
    """The first head is a signature opening as most of the others do ("Posted by:", "by"
    and a name): one comment system's signatures look alike, while a blog signs its post
    its own way ("Posted by Menzie Chinn at ..." above the first "Posted by: jonathan at
    ..."), and the text above that one is the article's."""
    def opening(head: Head) -> list[str]:
        """The first two words, a name masked: "by Olly on ..." opens as "by Fran on ..."."""
        return [word if word in _SIGNATURE_WORDS else "·"
                for word in lines[head.first].text.lower().split()[:2]]

    first, others = c.heads[0], [h for h in c.heads[1:] if h.kinds[0] == "signature"]
    if first.kinds[0] != "signature" or not others:
        return False
    own = opening(first)
    return 2 * sum(opening(h) == own for h in others) > len(others)


def _stamp_like_the_others(lines: list[Line], c: Candidate) -> bool:
    """The first head is a date line, or a name with a date ("HOLY!" over "October 11,
    2012  Eve"; "Nice one!" over "— J. Bernard, 2 days ago"), dated as half the other
    heads or more are (with or without a clock time; a name beside the date or not), and
    so is the last: the comments are signed after their text (``_start`` asks only then),
    so the line above it is the first comment's text, whatever its voice. An article's own
    closing date ("Published March 3, 2019") is not dated as the comments' stamps are."""
    def dated(head: Head) -> tuple[bool, bool]:
        return (head.kinds[0] in ("stamp", "date"),
                any(lines[i].timed for i in range(head.first, head.last + 1)))

    first, others = dated(c.heads[0]), c.heads[1:]
    if not first[0] or not others or not dated(others[-1])[0]:
        return False  # (signed after: the last comment ends with its stamp too)
    return 2 * sum(dated(h) == first for h in others) >= len(others)


def _spam_walk(lines: list[Line], start: int, limit: int = 6) -> int:
    """A spam message is a comment's body: its author line, its date and the comments before
    it belong to the section, back to the article's last paragraph."""
    return _walk_back(lines, start, limit, unmarked_only=False)


def _walk_back(lines: list[Line], start: int, reach: int, unmarked_only: bool) -> int:
    """The first line of the comments that end at ``start``: back over comment-like lines,
    at most ``reach`` of them, or to the start of the paragraph the last one is in
    (``unmarked_only``: no marker lines, none of 120 words).

    Once an author line is passed, the comments have authors: a line further back belongs
    to them only if it is marked, spam, an author, or stands under an author or a head;
    otherwise it is the article's last paragraph (a reader's letter quoted in the article,
    then a commenter's handle, then the spam)."""
    k = start
    authored = start < len(lines) and _author_line(lines[start])  # walked over already
    while k > 0:
        line = lines[k - 1]
        joined = _same_paragraph(lines, k, start, unmarked_only)
        if start - k >= reach and not joined:  # (past the reach, only to the paragraph's start)
            break
        if not (_comment_like(line) or joined) or _sign_off(lines, k - 1) \
                or unmarked_only and (line.kind or line.nw >= 120 or _unvoiced_before(lines, k, start)):
            break
        if authored and not (line.kind or line.spam_score > 0 or _author_line(line)
                             or k >= 2 and (lines[k - 2].kind or _author_line(lines[k - 2]))):
            break
        authored = authored or _author_line(line)
        k -= 1
    return k


def _same_paragraph(lines: list[Line], k: int, start: int, unmarked_only: bool) -> bool:
    """Line ``k - 1`` runs on into line ``k`` (no blank line between them), which is already
    the signed text: one paragraph of the comment ("vvol + vplex geo = nice!" over "vvol +
    vmax / vnx = can't come soon enough IMHO", then "Posted by: ..."), in its voice or not."""
    line = lines[k - 1]
    return unmarked_only and k < start and not line.blank_after and not (
        line.kind or line.chrome or line.nw >= 120 or "reported speech" in line.reasons)


def _unvoiced_before(lines: list[Line], k: int, start: int) -> bool:
    """Line ``k - 1`` opens a new paragraph above the text a signature signs, with little
    of a reader's voice: the article's closing line ("Like gardening? Follow our
    newsletter."), not more of the first comment (what the signature signs is the paragraph
    right above it)."""
    line = lines[k - 1]
    return k < start and line.blank_after and line.content < 0.6 and not line.spam_score


def _sign_off(lines: list[Line], k: int) -> bool:
    """Line ``k`` is the article's sign-off ("-Maren", "Tom Vale (ABC)"), not a comment's
    author: a bare name line right above a marker line (a comment's author stands above
    the comment's text, or is part of the head)."""
    return _author_line(lines[k]) and k + 1 < len(lines) and bool(lines[k + 1].kind)


def _author_line(line: Line) -> bool:
    """A short line with no mark of a comment: a name, an author or a sign-off."""
    return not line.kind and not line.content and not line.spam_score \
        and (line.nw <= 3 or line.nw <= 5 and line.text[-1] not in ".!?:;\"”")


def _pingback(line: Line) -> bool:
    """A trackback among the comments: its head ("Pingback: Jobs round-up | A Blog") or the
    excerpt it quotes from the linking post ("[…] the shed on plot 14 has […]"), or another
    line of markers.toml's not-comment patterns (the comment form's notices). A reader
    wrote none of them: at either end of the comments they are not part of the section."""
    return line.text.startswith(_EXCERPT) or line.text.endswith(_EXCERPT) \
        or not line.kind and NOT_A_COMMENT in line.reasons


def _comment_like(line: Line) -> bool:
    """A line that may belong to a comment rather than to the article before it."""
    if line.chrome:
        return False
    if line.kind or is_name_line(line):
        return True
    if "reported speech" in line.reasons:
        return False
    if line.content >= 0.6 or line.spam_score > 0 or (line.nw <= 12 and line.content > 0):
        return True
    return _author_line(line)  # "red kite fan", "Ola M."


def _evidence(lines: list[Line], c: Candidate) -> dict[str, Any]:
    return {"heads": len(c.heads), "kinds": tally(k for h in c.heads for k in h.kinds),
            "content": tally(r for i in c.body for r in lines[i].reasons),
            "score": round(c.score, 2)}
