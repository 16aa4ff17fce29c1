"""Comment heads: consecutive marker lines that introduce (or sign) one comment, a name line
standing before a reader's text, or a spam message (a comment in itself)."""
from __future__ import annotations

import re

from .lines import QUOTED, Line
from .markers import NOT_A_COMMENT, W_STAMP, is_name_line
from .spam import SPAM_LINE

W_NAME = 0.8
W_SPAM = 2.5  # a spam message (a line scoring SPAM_LINE or more) is a comment
BYLINE = ("by ", "posted", "written", "published", "updated", "filed", "submitted")
# A marker line that names its writer: "Rosa July 2, 2016 at 9:14 pm", "Ivo Petrak on
# 21 Feb 2017", "On May 9, 2016 at 11:40 am Lou said:".
_SELF_NAMED = re.compile(
    r"^(?!(?:On|At|Posted|Updated|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed"
    r"|Thu|Fri|Sat|Sun)\w*\b)[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)? (?:on |at |· |\| |- |\d)"
    r"|\b(?:said|says|wrote|writes)\s*:?\s*$")


class Head:
    """One or more consecutive marker lines introducing (or signing) one comment."""

    __slots__ = ("first", "last", "weight", "kinds")

    def __init__(self, first: int, last: int, weight: float, kinds: list[str]):
        self.first, self.last, self.weight, self.kinds = first, last, weight, kinds


def find_heads(lines: list[Line], top: int) -> list[Head]:
    """Comment heads; marker lines among the first ``top`` lines are the article's byline,
    and so is a "by ..."/"Posted ..." line among the next few, or a dateline there still
    under the headline (``_under_the_headline``)."""
    heads: list[Head] = []
    n = len(lines)
    i = top
    # one byline per article: a second "by ..." line near the top already signs a comment
    byline = any(line.text.lower().startswith(BYLINE) for line in lines[:top])
    dateline = False  # and one dateline
    while i < n:
        line = lines[i]
        if line.kind and i < top + 3 and not byline and line.text.lower().startswith(BYLINE) \
                and i < n - 2 and not signs_text_above(lines, i, i):
            # (the last lines sign a comment, not the article; so does a dated and timed
            # "Posted by: ..." under a reader's text, the first comment after a short article)
            byline = True
        elif line.kind in _DATELINES and i < top + 3 and not dateline \
                and _under_the_headline(lines, i):
            # the article's dateline, below ``top`` under a kicker ("Opinion" / the headline
            # / "Tom Askew" / "Tue 7 Mar 2023 08.00 GMT") or under a byline of its own line
            # ("By Nadia Rahman, Local Democracy Reporter" / "27 February 2024, 16:40")
            dateline = True
            i = _marker_head(lines, i, top, None).last
        elif line.spam_score >= SPAM_LINE and not line.kind:
            heads.append(Head(i, i, W_SPAM, ["spam"]))
        elif line.kind == "signature" and i + 1 < n and lines[i + 1].text.startswith(QUOTED):
            pass  # "In article <...>, jo@x.org writes:" introduces a quotation, not a comment
        elif line.kind:
            head = _marker_head(lines, i, top, heads[-1] if heads else None)
            if heads and head.first <= heads[-1].last:
                heads.pop()  # the name line it takes in was a head of its own
            heads.append(head)
            i = heads[-1].last
        elif _introduces_text(lines, i):
            weight = W_NAME + (0.5 if line.bullet else 0.0)
            heads.append(Head(i, i, weight, ["bullet-name" if line.bullet else "name"]))
        i += 1
    return heads


def signs_text_above(lines: list[Line], first: int, last: int) -> bool:
    """Marker lines ``first``-``last`` sign the text right above them as a comment does:
    dated and timed ("Posted by: Ade | May 3, 2016 at 4:50 AM"; a blog's own "Posted by Sam
    at 6:05 AM" has no date), under a line in a reader's voice."""
    if first == 0 or not any(lines[k].timed and lines[k].dated for k in range(first, last + 1)):
        return False
    prev = lines[first - 1]
    return prev.content >= 0.6 and not prev.kind and not prev.chrome and prev.nw >= 3


_DATELINES = ("date", "stamp")
HEADLINE_BLOCK = 25  # words: a kicker, a headline and a byline hold fewer; an article more


def _under_the_headline(lines: list[Line], i: int) -> bool:
    """Date line ``i`` (with a name line above it, as ``_marker_head`` takes it in) is the
    article's dateline: fewer than ``HEADLINE_BLOCK`` words above it, none of them dated
    (a byline that dates the post, "by Paulo Coelho on June 29, 2012", has no dateline
    under it: a first comment's stamp may follow it), and that many words or more of the
    article's text after it before the next marker."""
    above = lines[:i]
    if sum(line.nw for line in above) >= HEADLINE_BLOCK or any(line.dated for line in above):
        return False
    after = 0
    for line in lines[i + 1:]:
        if line.kind:
            break
        after += line.nw
    return after >= HEADLINE_BLOCK


def _marker_head(lines: list[Line], i: int, top: int, previous: Head | None) -> Head:
    """The head starting with marker line ``i``: the markers after it, a name line before it."""
    line = lines[i]
    n = len(lines)
    first = i
    free_above = i > top and (previous is None or previous.last < i - 1)  # (a line of no head)
    # a name line right before a stamp/signature belongs to the same head, unless the
    # marker names its writer itself (the name line is then the article's sign-off); a
    # heading ("Leave a Reply", "3 Comments") has no writer: a name above it signs the
    # article (a wire story's "REUTER"); a rating's name line is the product's ("1. Bosch
    # Styline" / "4 out of 5 stars" in a buyer's guide), a reviewer's stands apart
    if free_above and (is_name_line(lines[i - 1]) or _handle_over_stamp(lines, i)) \
            and line.kind not in ("interface", "header", "rating") \
            and not _SELF_NAMED.search(line.text):
        first = i - 1
    elif i - 2 > top and line.dated and _name_over_place(lines, i) \
            and (previous is None or previous.last < i - 2
                 or previous.first == previous.last == i - 2 and "name" in previous.kinds[0]):
        first = i - 2  # "1. John Smith" / "New York" / "March 3, 2015"
    last, kinds, weight = _run_of_markers(lines, i)
    if last > i and any(lines[k].dated for k in range(i, last + 1)) \
            and any(lines[k].timed for k in range(i, last + 1)):
        weight = max(weight, W_STAMP + 0.5)  # "Jun 3, 2016" then "9:41 am EDT"
    if first < i:
        kinds.insert(0, "name")
        weight += 1.0 if line.kind == "date" else 0.5  # "Ines Marlow" then "May 3, 2016"
    elif line.kind == "date" and last == i and last + 2 < n and is_name_line(lines[last + 1]) \
            and not lines[last + 2].kind and lines[last + 2].nw >= 2:
        last += 1  # "June 8, 2016" then "Teo Brandt" then the comment
        kinds.append("name")
        weight += 1.0
    if line.kind == "header" and not _comments_follow(lines, i):
        weight = 1.0
    if first == i and free_above and i > top + 1 and line.kind == "signature" \
            and _subject_over(lines, i, last):
        first = i - 1  # the comment's subject above its "written by Mike, October 19, 2012"
    return Head(first, last, weight, kinds)


SUBJECT_WORDS = 10  # a comment's subject line, at most


def _subject_over(lines: list[Line], i: int, last: int) -> bool:
    """A comment's subject right above its signature (JomComment's "Tech" / "written by
    lynn, October 25, 2012" / the comment, Drupal's subject over "Submitted by ... on
    ..."): a short line standing after a blank line, with no blank line between it and the
    signature, that is no marker, no page furniture and no sentence of the article run on
    (nor the line right under ``top-lines`` nor in the head before: the caller's test); and
    the comment's text right under the signature (``last``, the head's last line). A
    signature with a blank line under it signs the text above it (a comment signed after
    its text, a blog's own "Posted by John Halamka at 11:00 AM"): that text is no subject."""
    if lines[last].blank_after or last + 1 >= len(lines):
        return False
    above = lines[i - 1]
    return above.blank_before and not above.blank_after and not (
        above.kind or above.chrome or above.cont) and 1 <= above.nw <= SUBJECT_WORDS


HANDLE_TOKENS = 6  # "TLouX music", "Courtney from Cocroft & Delbridge writes"


def _handle_over_stamp(lines: list[Line], i: int) -> bool:
    """Over a full comment stamp (a date with its clock time), a short line standing after
    a blank line is the commenter's handle however it is written: lower-case words ("TLouX
    music"), a firm ("Courtney from Cocroft & Delbridge writes"). A sentence ends with a
    stop, and the stamps of an article's own updates are no comments' (``not-comment``)."""
    above, stamp = lines[i - 1], lines[i]
    text = above.text.rstrip()
    return stamp.dated and stamp.timed and above.blank_before and not above.blank_after \
        and not (above.kind or above.chrome or above.cont) and text[-1:] not in ".!?;:,\"”" \
        and 1 <= above.ntokens <= HANDLE_TOKENS and len(text) <= 60


PLACE_TOKENS = 4  # "New York", "Seattle, WA", "Leeds, United Kingdom"


def _name_over_place(lines: list[Line], i: int) -> bool:
    """A commenter's name, then the town they write from, over the date (line ``i``), the
    name after a blank line: a newspaper's comment head on three lines."""
    name, place = lines[i - 2], lines[i - 1]
    text = place.text.rstrip()
    return name.blank_before and not name.blank_after and not place.blank_after \
        and is_name_line(name) and not (place.kind or place.chrome) \
        and 1 <= place.ntokens <= PLACE_TOKENS and text[-1:] not in ".!?;:\"”" \
        and text[:1].isupper()


def _run_of_markers(lines: list[Line], i: int) -> tuple[int, list[str], float]:
    """The marker lines that follow line ``i`` in one head: the last index, kinds, weight.

    Widget words ("Reply", "Permalink") close a comment: they do not merge onwards, and a
    signature line or a heading always starts a new head. One head is dated once: a second
    date in a paragraph of its own starts a new head (the article's dated byline, a blank
    line, then the first comment's name and timestamp). Without the blank line a news
    dateline and a dated line below it would read as two heads."""
    kinds = [lines[i].kind]
    weight = lines[i].weight
    dated = lines[i].dated
    j = i
    while j + 1 < len(lines) and lines[j + 1].kind and lines[j + 1].kind != "header" \
            and lines[i].kind != "header" and lines[j].kind != "interface" and len(kinds) < 3 \
            and lines[j + 1].kind != "signature" \
            and not (dated and lines[j].blank_after and lines[j + 1].dated):
        dated = dated or lines[j + 1].dated
        j += 1
        kinds.append(lines[j].kind)
        weight = max(weight, lines[j].weight) + 0.5
    return j, kinds, weight


def _comments_follow(lines: list[Line], i: int) -> bool:
    """A heading counts only when comments follow it at once."""
    n = len(lines)
    if i + 1 >= n:
        return False
    nxt = lines[i + 1]
    trailing = n - 1 - i <= 8 and all(line.ntokens <= 60 for line in lines[i + 1:])
    return bool(nxt.kind) or is_name_line(nxt) or nxt.content >= 0.8 or trailing


def _introduces_text(lines: list[Line], i: int) -> bool:
    """A name line standing apart, followed by a line of text that is no marker; neither
    a line of the comment form ("Website" over "Notify me of new posts by email.")."""
    line = lines[i]
    return is_name_line(line) and i + 1 < len(lines) and not lines[i + 1].kind \
        and lines[i + 1].ntokens >= 2 \
        and NOT_A_COMMENT not in line.reasons and NOT_A_COMMENT not in lines[i + 1].reasons \
        and (line.blank_before or line.blank_after or lines[i - 1].kind if i else True)
