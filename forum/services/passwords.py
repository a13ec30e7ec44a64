"""The password rule, stated once: every form, the API and the command line check it here.

A password has 12 to 200 characters (ASVS 2.1.1 asks at least 12; 200 leaves
room for passphrases while keeping hashing cheap), is not the username, and
is not common or breached: zxcvbn, offline, estimates how many guesses its
beginning (up to 48 characters, see ESTIMATED_PREFIX) takes, matching
against its lists of the 30,000 most common passwords from public breaches,
English words, names and keyboard patterns, and Agora asks for a score of
at least 3 (more than 10^8 guesses). The refusal says why, in zxcvbn's words.
"""

from __future__ import annotations

from functools import cache

from ..errors import Invalid
from ..limits import PASSWORD_MAX, PASSWORD_MIN

MIN_STRENGTH = 3  # zxcvbn's "safely unguessable": at least 10^8 guesses
# zxcvbn's time grows steeply with length (200 random characters took 26 s)
# and with the kinds of look-alike characters it reads both ways ("1" as i or
# l, "@" as a): 20 kinds are 736 readings and seconds per check. It judges
# the longest beginning within both bounds; a strong beginning makes the
# whole password strong.
ESTIMATED_PREFIX = 48
MAX_LOOKALIKE_KINDS = 10
FALLBACK_ADVICE = "Add another word or two. Uncommon words are better."


def check_password(password: str, *, username: str, email: str | None = None) -> None:
    """Raise Invalid (field ``password``) unless ``password`` follows the rule above."""
    if len(password) < PASSWORD_MIN:
        raise Invalid(f"Use at least {PASSWORD_MIN} characters: shorter passwords are guessed quickly.",
                      field="password")
    if len(password) > PASSWORD_MAX:
        raise Invalid(f"Use at most {PASSWORD_MAX} characters.", field="password")
    if password.lower() == username.lower():
        raise Invalid("Your password cannot be your username.", field="password")
    from zxcvbn import zxcvbn  # here, not at start: its word lists weigh 12 MB in every server process

    personal = [username, "agora", *([email, email.partition("@")[0]] if email else [])]
    estimate = zxcvbn(_judged_part(password), user_inputs=personal, max_length=ESTIMATED_PREFIX)
    if estimate["score"] < MIN_STRENGTH:
        feedback = estimate["feedback"]
        reasons = " ".join([feedback["warning"], *feedback["suggestions"]]).strip() or FALLBACK_ADVICE
        raise Invalid(f"This password is too easy to guess. {reasons}", field="password")


def _judged_part(password: str) -> str:
    """The beginning of ``password`` that zxcvbn can judge quickly (see ESTIMATED_PREFIX)."""
    part = password[:ESTIMATED_PREFIX]
    kinds: set[str] = set()
    lookalikes = _lookalikes()
    for index, char in enumerate(part):
        if char in lookalikes:
            kinds.add(char)
            if len(kinds) > MAX_LOOKALIKE_KINDS:
                return part[:index]
    return part


@cache
def _lookalikes() -> frozenset[str]:
    """The characters zxcvbn reads as other letters (its l33t table)."""
    from zxcvbn.matching import L33T_TABLE

    return frozenset(char for chars in L33T_TABLE.values() for char in chars)
