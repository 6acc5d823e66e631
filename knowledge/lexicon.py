"""How staff phrase things versus how policies are written.

Staff ask "can I DM a kid from class?"; policies say "contacting students
through electronic means". The expansions below map everyday school-staff
vocabulary (platform names, messaging slang, kinship words, "kids") onto the
register of written policy. They feed the lexical retriever and the exception
matcher; the dense retriever sees the question as asked.

Keep entries general (true of any district's staff and policies); a rule that
only rescues one evaluation question does not belong here.
"""
from __future__ import annotations

import re

from knowledge.text import content_terms

# phrase (regex on the lower-cased question) -> policy-register words to add
EXPANSIONS: tuple[tuple[str, str], ...] = (
    # what kind of answer a question wants (these words are stopwords, so they only steer the search)
    (r"^\s*who\b|\bwho (?:is|are|should|do|can)\b", "responsible appointed supervisor designee administrator"),
    (r"\bhow often\b|\bhow frequently\b", "regularly periodic monitor"),
    (r"\bhow long\b", "days period retention"),
    (r"\bwhat happens\b|\bconsequences?\b|\bpunish\w*|\bin trouble\b|\bfired\b", "disciplinary action termination dismissal"),
    (r"\bwhat do i (?:need|have) to do\b|\bhow do i (?:start|set up|create|open|get approval)\b", "contact supervisor approval"),
    # messaging
    (r"\b(dm|dms|pm|direct messag\w*|private messag\w*|inbox|message|messages|messaging|messaged|chat|chatting)\b",
     "message contact electronic texting"),
    (r"\b(text|texts|texting|texted|sms|imessage|whatsapp|signal|group ?chat|group text)\b", "texting text contact electronic"),
    (r"\b(facetime|skype|zoom call|video call|videochat|video chat)\b", "facetime skyping contact electronic"),
    (r"\b(call|phone|cell|cellphone|mobile)\b", "telephone phone cell"),
    (r"\b(e-?mail|gmail|outlook)\b", "email"),
    (r"\b(snap|snapchat|instagram|insta|ig|tiktok|facebook|fb|twitter|x\.com|tweet|linkedin|reddit|youtube|discord|threads|bluesky|pinterest|etsy)\b",
     "social media networking site"),
    (r"\b(friend|friends|friending|follow|follows|following|follower|followers|connect|add)\b", "friends followers connect"),
    (r"\b(blog|vlog|podcast|post|posted|posting|tweet|share|sharing|upload)\b", "post posting share internet content"),
    (r"\b(announcements?|updates?|news|notices?|reminders?|newsletters?)\b", "information communicate announcements"),
    (r"\b(aren'?t|are not|not|non)\s+(in|on|part of|members? of)\b", "not members"),
    (r"\b(picture|pictures|photo|photos|pic|pics|video|videos|selfie|image)\b", "images pictures"),
    # people
    (r"\b(kid|kids|pupil|pupils|students?|child(?:ren)? in my class|class|classroom)\b", "students"),
    (r"\b(son|daughter|stepson|stepdaughter|nephew|niece|grandson|granddaughter|grandchild|cousin|sibling|brother|sister|relative|my own child|my child|my kid)\b",
     "family relationship"),
    (r"\b(team|squad|players?|athletes?|roster)\b", "team members"),
    (r"\b(coach|coaching|sponsor|advisor|adviser)\b", "coaches sponsors"),
    (r"\b(whole|entire|everyone|everybody|all of)\b", "all"),
    (r"\b(mom|mother|dad|father|parents?|guardians?)\b", "parent guardian"),
    (r"\b(boss|principal|supervisor|manager|admin)\b", "supervisor administrator"),
    # things
    (r"\b(school|work|district|classroom|office)(?=\s+(?:e-?mail|account|laptop|computer|phone|device|ipad|chromebook|network|wifi)\b)",
     "district"),
    (r"\b(computer|computers|laptop|chromebook|ipad|tablet|device|devices|network|printer|internet)\b",
     "district technology electronic devices network"),
    (r"\b(read|reads|see|check|checks|snoop\w*|spy|spies|track\w*|watch\w*|monitor\w*)\b", "monitor access review"),
    (r"\b(logo|mascot|branding|brand|crest|seal)\b", "logos iconography"),
    (r"\b(club|activity|extracurricular|debate|band|choir|drama|robotics)\b", "club activity extracurricular"),
    (r"\b(page|account|profile|group|channel|site)\b", "site page account"),
    (r"\b(secret|internal|confidential|sensitive)\b", "confidential"),
    (r"\b(privacy|private (?:account|profile|page)|lock(?:ed)? down|hide|hidden|settings?)\b", "security settings restrict viewing"),
    (r"\b(opinion|opinions|views|thoughts|rant|vent|criticiz\w*|complain\w*)\b", "views opinions expressed personal self-expression"),
    (r"\b(politic\w*|vote|voting|candidate|campaign|election)\b", "political candidate cause"),
    (r"\b(rude|dirty|crude|sexual|nsfw|explicit|lewd|swear\w*|curse|cursing|profanity)\b", "lewd vulgar profane obscene"),
    (r"\b(sell|selling|shop|store|business|side hustle|promote|advertis\w*)\b", "promote product personal financial gain"),
    (r"\b(wifi|wi-fi|wireless|hotspot)\b", "wireless network"),
    (r"\b(password|login|credentials)\b", "password"),
    (r"\b(app|apps|software|program|install)\b", "software applications install"),
)
_COMPILED = tuple((re.compile(p), add) for p, add in EXPANSIONS)


def expand(question: str) -> str:
    """The question plus the policy-register words its phrasing implies."""
    lowered = question.lower()
    extra = [add for pattern, add in _COMPILED if pattern.search(lowered)]
    return question if not extra else f"{question} {' '.join(extra)}"


def expanded_query_terms(question: str) -> list[str]:
    """Content terms of the expanded question, each once, in order."""
    return list(dict.fromkeys(content_terms(expand(question))))


def term_groups(question: str) -> list[frozenset[str]]:
    """The question's concepts: each content term with the policy-register words that can stand for it.

    Expansions are alternatives (a clause saying "texting" covers "DM"), not
    extra requirements, so coverage is counted per group.
    """
    lowered = question.lower()
    groups: dict[str, set[str]] = {t: {t} for t in content_terms(question)}
    for pattern, add in _COMPILED:
        for match in pattern.finditer(lowered):
            alternatives = set(content_terms(add))
            span_terms = content_terms(match.group(0)) or []
            for term in span_terms:
                groups.setdefault(term, {term}).update(alternatives)
    merged: list[frozenset[str]] = []
    for group in groups.values():
        frozen = frozenset(group)
        if frozen not in merged:
            merged.append(frozen)
    return merged


def expanded_terms(question: str) -> set[str]:
    return set(content_terms(expand(question)))
