"""Clusters of comment heads: heads close together form a cluster, clusters split by one
long comment merge when the heads on both sides look alike, and leading heads followed by
article text (a byline, a dateline, the article's own "Posted by ... at 3:00 AM") are
trimmed."""
from __future__ import annotations

from .heads import BYLINE, Head
from .lines import Line

STRONG = 2.0  # a head at least this heavy is a structural marker on its own
NAMED_COMMENTS = 2  # name lines that head comments with no other marker, at least


def candidates(lines: list[Line], heads: list[Head], max_gap: int,
               top: int) -> list[tuple[list[Head], list[Head]]]:
    """Clusters of strong heads with the name lines among them, then clusters of two or
    more name lines alone ("• Ron Wheeler" then the comment) that no other cluster covers."""
    strong_heads = [h for h in heads if h.weight >= STRONG]
    weak_heads = [h for h in heads if h.weight < STRONG]
    found = []
    for cluster in _merge_alike(lines, _clusters(strong_heads, max_gap), 3 * max_gap):
        cluster = _trim_leading(lines, cluster, top)
        first, last = cluster[0].first, cluster[-1].last
        names = [h for h in weak_heads if first < h.first < last + max_gap]
        found.append((cluster, names))
    for cluster in _clusters(weak_heads, 12):
        cluster = _trim_leading(lines, cluster, top)
        if len(cluster) >= NAMED_COMMENTS and not any((c[0] or c[1])[0].first <= cluster[0].first
                                         <= (c[0] or c[1])[-1].last for c in found):
            found.append(([], cluster))
    return found


def _clusters(heads: list[Head], max_gap: int) -> list[list[Head]]:
    clusters: list[list[Head]] = []
    for head in heads:
        if clusters and head.first - clusters[-1][-1].last - 1 <= max_gap:
            clusters[-1].append(head)
        else:
            clusters.append([head])
    return clusters


def median(values: list[int], default: int) -> int:
    return sorted(values)[len(values) // 2] if values else default


def _shape(lines: list[Line], head: Head) -> tuple:
    """What a head is made of ("Marisol says:" + a timestamp...), to compare heads."""
    return (tuple(k for k in head.kinds if k != "name"),
            any(lines[i].timed for i in range(head.first, head.last + 1)))


def _merge_alike(lines: list[Line], clusters: list[list[Head]], max_gap: int):
    """Join clusters split by one long comment when the heads on both sides look alike."""
    merged: list[list[Head]] = []
    for cluster in clusters:
        if merged and cluster[0].first - merged[-1][-1].last - 1 <= max_gap \
                and _shape(lines, cluster[0]) == _shape(lines, merged[-1][-1]):
            merged[-1] = merged[-1] + cluster
        else:
            merged.append(cluster)
    return merged


def _trim_leading(lines: list[Line], cluster: list[Head], top: int) -> list[Head]:
    """Drop leading heads followed by article text (a byline, a dateline, a subheading)."""
    while len(cluster) >= 2:
        gap = range(cluster[0].last + 1, cluster[1].first)
        gaps = [b.first - a.last - 1 for a, b in zip(cluster[1:], cluster[2:])]
        personal = sum(lines[i].content for i in gap)
        long = sum(lines[i].ntokens for i in gap) >= 20 * len(gap)
        shape = _shape(lines, cluster[0])
        odd = not any(_shape(lines, h) == shape for h in cluster[1:])
        # the heads look alike: only a dateline near the top is cut off by a long gap
        far = len(gap) > max(2 * median(gaps, 2), 5) and (odd or cluster[0].first < top + 3)
        # a spam line before real comment heads is the article's own promotion
        spam = cluster[0].kinds[0] == "spam" and cluster[1].kinds[0] != "spam"
        # "Posted by <author> at 3:00 AM" closes the article when the comments are signed
        # differently
        signoff = odd and lines[cluster[0].first].text.lower().startswith(BYLINE) and not any(
            lines[h.first].text.lower().startswith(BYLINE) for h in cluster[1:])
        # a name run on from the article's last line, where the names after it each stand
        # after a blank line, signs the article (a wire story's "REUTER")
        runon = cluster[0].kinds == ["name"] and not lines[cluster[0].first].blank_before \
            and all(lines[h.first].blank_before for h in cluster[1:])
        if signoff or runon or _quoted(lines, cluster, len(gap), gaps) \
                or len(gap) >= 2 and (far or spam or long and odd and personal < 0.1 * len(gap)):
            cluster = cluster[1:]
        else:
            break
    return cluster


def _quoted(lines: list[Line], cluster: list[Head], gap: int, gaps: list[int]) -> bool:
    """The article quotes a reader ("a reader wrote:", the quotation, then the author goes
    on): an opening signature unlike every other head, before comments whose heads look
    alike (one comment system), with more text after it than two comments have."""
    head = cluster[0]
    if head.kinds[0] != "signature" or not lines[head.last].text.endswith(":") \
            or len(cluster) < 4 or gap <= 2 * median(gaps, 2):
        return False
    shapes = [_shape(lines, h) for h in cluster[1:]]
    common = max(set(shapes), key=shapes.count)
    return _shape(lines, head) not in shapes and shapes.count(common) >= 0.8 * len(shapes)
