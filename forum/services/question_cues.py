"""The words that tell extraction where an article's questions are, and where they are not.

Plain predicates over short pieces of text (a heading, a lead-in line, a sentence),
shared by the HTML cleaning and the question finder so that both read a page alike.
"""

from __future__ import annotations

import re

# A heading or line that announces questions or prompts: "Discussion questions",
# "Talk it over", "Over to you", "Reflect", "Writing prompts", "Preguntas para el debate".
_ANNOUNCING = re.compile(
    r"\b(?:questions?|prompts?|discussion|discuss|reflect|reflection|reflections|consider|think"
    r"|thinking|ponder|talk|talking|debate|wonder|chew|conversation|your turn|over to you"
    r"|food for thought|ask yourself|activity|activities|check your understanding|comprehension"
    r"|(?:dig|go) deeper|(?:before|after|while) (?:you )?read(?:ing)?|preguntas?|cuestiones"
    r"|reflexi[oó]n|reflexiona|reflexionar|piensa|pensar|debatir|discutir|tu turno|conversa"
    r"|conversar|actividad(?:es)?|comprensi[oó]n)\b",
    re.IGNORECASE,
)
# Stronger: enough to announce questions inside a sentence ("Some questions to chew on: …").
_STRONG = re.compile(
    r"\b(?:questions|prompts|preguntas|your turn|over to you|food for thought|tu turno"
    r"|to (?:chew on|consider|ponder|discuss|think about|debate))\b",
    re.IGNORECASE,
)
# Headings whose sections never hold the article's questions, even when they mention them.
_STOP = re.compile(
    r"(?:related(?: \w+)?|read more|more (?:from|stories|on|in)\b.*|you (?:may|might) also like.*"
    r"|recommended|popular|most (?:read|popular)|trending|further reading|references?|bibliography"
    r"|works cited|notes|endnotes|footnotes|sources|comments?|\d+ (?:comments?|responses?|replies)"
    r"|leave a (?:reply|comment)|about (?:the )?authors?|about (?:us|the .+|[A-Z].+)|share this.*"
    r"|tags|categories|(?:frequently asked|common) questions.*|faqs?|q ?& ?a|q and a"
    r"|(?:your|reader|readers') questions.*|.*\banswered|questions\?.*|(?:media|press) contacts?"
    r"|contact(?: us)?|standards|credits|corrections?|lee también|más información|te puede interesar"
    r"|referencias|notas|comentarios|sobre (?:el|la) autora?|preguntas frecuentes)",
    re.IGNORECASE,
)
# "What do you think?" heads a section as a lead-in, but asked in prose it asks for comments.
_OPINION = re.compile(
    r"(?:and )?(?:so )?(?:what do you think|what about you|what's your (?:view|take)|what say you"
    r"|what are your thoughts|thoughts|any thoughts|agree|do you agree|¿?(?:y t[uú] )?qu[eé] "
    r"(?:opinas|piensas)|¿?y t[uú])\W*",
    re.IGNORECASE,
)
# A sentence that asks for comments rather than answers: "Tell us in the comments below."
_CALL_TO_COMMENT = re.compile(
    r"\b(?:in the comments|comments? (?:below|section)|(?:leave|post|add|drop) (?:us )?a comment"
    r"|let us know|tell us|write to us|e-?mail us|hit reply|reply to this|join the (?:conversation"
    r"|discussion)|share your (?:thoughts|views|answers|stories)|sound off|d[eé]janos|cu[eé]ntanos"
    r"|escr[ií]benos|en los comentarios)\b",
    re.IGNORECASE,
)
# The first word of an imperative prompt: "Describe…", "Compare…", "Explain your answer."
_PROMPT = re.compile(
    r"(?:describe|compare|contrast|explain|write|list|name|identify|imagine|think|consider"
    r"|discuss|reflect|choose|pick|argue|defend|justify|summari[sz]e|evaluate|assess|predict"
    r"|research|interview|find|draw|design|create|make|plan|rank|decide|recall|remember|picture"
    r"|suggest|propose|outline|analy[sz]e|keep|look|read|watch|talk|ask|share|give|tell|debate"
    r"|investigate|observe|map|sketch|interpret|examine|explore|use|try|record|note|jot"
    r"|describa|describe|explica|compara|escribe|piensa|imagina|reflexiona|argumenta|menciona"
    r"|enumera|investiga|elige|justifica|resume|observa|dibuja|haz|busca|analiza)\b",
    re.IGNORECASE,
)
# "Enjoying the newsletter? Subscribe for free…": a box asking for sign-ups, not article text.
_SUBSCRIBE = re.compile(r"\b(?:subscrib\w*|sign up|suscr[ií]b\w*)\b", re.IGNORECASE)
_SUBSCRIBE_WITH = re.compile(
    r"\b(?:newsletter|inbox|free|e-?mail|issues?|support|subscriber|posts|bolet[ií]n|correo)\b",
    re.IGNORECASE,
)
SHORT_LEAD_IN_WORDS = 4  # "Think about it:" announces; a longer clause must name questions
SUBSCRIBE_BOX_MAX = 300  # a sign-up box is a line or two; a longer paragraph is article text


def announces_questions(text: str) -> bool:
    """Whether a heading or short line announces questions or prompts below it."""
    text = text.strip().rstrip(":").strip()
    return bool(text) and not is_stop_heading(text) and bool(
        _ANNOUNCING.search(text) or _OPINION.fullmatch(text)
    )


def announces_strongly(text: str) -> bool:
    """Whether the words before a colon announce the questions after it: a few announcing
    words ("Your turn", "Discuss") or a phrase that names questions ("Some questions to…")."""
    if is_stop_heading(text.strip().rstrip(":")):
        return False
    short = len(text.split()) <= SHORT_LEAD_IN_WORDS and announces_questions(text)
    return short or bool(_STRONG.search(text))


def is_stop_heading(text: str) -> bool:
    """Whether a heading opens a section that holds no questions of the article's own."""
    return bool(_STOP.fullmatch(text.strip().rstrip(":").strip()))


def is_opinion_question(sentence: str) -> bool:
    """"What do you think?": a request for comments, not a question to discuss."""
    return bool(_OPINION.fullmatch(sentence.strip()))


def calls_to_comment(sentence: str) -> bool:
    return bool(_CALL_TO_COMMENT.search(sentence))


def is_prompt(sentence: str) -> bool:
    """Whether a sentence starts as an imperative prompt ("Describe…", "Compare…")."""
    return bool(_PROMPT.match(sentence.lstrip("¿¡*_ ")))


def is_subscribe_box(paragraph: str) -> bool:
    return (
        len(paragraph) <= SUBSCRIBE_BOX_MAX
        and bool(_SUBSCRIBE.search(paragraph))
        and bool(_SUBSCRIBE_WITH.search(paragraph))
    )
