"""Where a sentence may end, for the families that cut text into sentences (garbling's
construction search, duplicate's repeated sentences): one list of abbreviations."""
from __future__ import annotations

# Look-behinds to put right after a full stop: it ends no sentence after an initial or an
# initialism ("J. Smith", "U.S.", "e.g.") or a title or company abbreviation ("Mr.",
# "Corp."): "more cases in the U.S. than", "The Federal Deposit Insurance Corp. (FDIC)
# said". (After the stop, so that they are tried only where one stands.)
NOT_AN_ABBREVIATION = (
    r"(?<!\b\w\.)(?<!\b(?:vs|Mr|Ms|Dr|St|Jr|Sr|No|Co|Mt|Ft)\.)"
    r"(?<!\b(?:Mrs|Inc|Ltd|Gov|Sen|Rep|Gen|Col|Sgt|Rev)\.)(?<!\b(?:Corp|Prof|Dept)\.)")
