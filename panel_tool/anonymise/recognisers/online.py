"""Social-media handles: how a young person is found online.

``@name`` anywhere (not inside an email address), and the word after a platform's name
("insta: kayzz_07", "snap is lil.ty", "on fb as Kay Zee").
"""

from __future__ import annotations

import re

from panel_tool.anonymise.vocabulary import default_vocabulary, plain

from .detection import Detection, PatternRecogniser, TextView, changed_letter, register_cues, slips, word_trie

AT_HANDLE = PatternRecogniser(
    "SOCIAL_MEDIA",
    r"@(?<![\w.]@)[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?",
    needs="@",
    needs_digit=False,
)

_PLATFORMS = (
    "insta", "instagram", "ig", "snap", "snapchat", "sc", "tiktok", "tik tok", "tt", "fb", "facebook",
    "twitter", "threads", "youtube", "yt", "handle", "username", "user name", "profile name",
    "account name", "gamertag", "psn", "xbox", "discord", "telegram", "whatsapp name", "social", "socials",
    "social media",
)
#: Words a slip of a platform's name makes, which stay words ("discard", "discoid").
_WORDS_A_SLIP_MAKES = frozenset({"discard", "discoid", "discoed"})
#: The longer platform names as typed in a hurry ("instagarm", "snapcaht", "tiktokk", "snapccat").
_PLATFORMS = _PLATFORMS + tuple(sorted({slip for name in ("instagram", "snapchat", "tiktok", "facebook", "youtube",
                                                           "telegram", "discord", "username")
                                        for slip in slips(name) | changed_letter(name)} - set(_PLATFORMS) - _WORDS_A_SLIP_MAKES))
#: Words that name an account on any platform ("account blessing.e_", "user duc6x"): what follows
#: is a handle only if it can be nothing else (see :func:`_a_handle`).
_WEAK_PLATFORMS = ("account", "acc", "user")
_PLATFORM_KEYS = register_cues(_PLATFORMS + _WEAK_PLATFORMS)
_CUE = re.compile(
    # a trie, not a list of alternatives: the slips make the names some hundreds
    r"(?:" + word_trie(_PLATFORMS + _WEAK_PLATFORMS, starts_word=False) + r")(?![a-z])"
    r"(?:[ ]+(?:name|handle|accounts?|username|user|id|profile|page|is|was|as|called|of|-))*"
    r"(?P<story>(?:[ ]+(?:story|stories|video|videos|post|posts|live))*[ ]+(?:on|under|from)(?=[ ]))?[ ]*[:=-]?[ ]*"
)
_HANDLE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_SOCIAL_THEN_HANDLE = re.compile(r"socials?[ ]*[:=-]|social[ ]media")
#: The next handle of a list: "social: oluwaseun.ldn / p4uliusx", "insta kay_z, snap lil.ty".
_ANOTHER_HANDLE = re.compile(r"[ ]*[/,&|][ ]*@?([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)(?![\w@])")
_DISPLAY_NAME = re.compile(r"[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}")
#: Words after a platform's name that are not a handle ("on insta and snap", "fb messages").
_NOT_HANDLES = frozenset("""
    and or the a an to on in at of with from for by he she they his her their him them it was is
    messages message account accounts page pages post posts video videos story stories live app
    chat chats group groups profile name handle dm dms
""".split())


class PlatformHandleRecogniser:
    """The handle after a platform's name."""

    type = "SOCIAL_MEDIA"
    needs_digit = False
    keys = _PLATFORM_KEYS  # it reads only after a platform's name

    def __repr__(self) -> str:
        return "PlatformHandleRecogniser()"

    def analyse(self, text: str | TextView) -> list[Detection]:
        view = text if isinstance(text, TextView) else TextView(text)
        found = []
        for position in view.cue_positions(_PLATFORM_KEYS):
            cue = _CUE.match(view.lowered, position)
            if cue is None or cue.end() == position:
                continue
            at = cue.end()
            if view.lowered.startswith("social", position) and not _SOCIAL_THEN_HANDLE.match(view.lowered, position):
                continue  # "social care", "social worker": only "social:" or "social media" lists handles
            if view.text.startswith("@", at):
                continue  # the @handle recogniser has it
            display = _DISPLAY_NAME.match(view.text, at)
            handle = _HANDLE.match(view.text, at)
            if handle is None:
                continue
            value = handle.group()
            if value.lower() in _NOT_HANDLES or value.lower() in _PLATFORMS:
                continue
            if (cue.group("story") or view.lowered.startswith(_WEAK_PLATFORMS, position)) and not _a_handle(value):
                continue  # "snapchat story on kwabena9x", "account blessing.e_"; not "story on the bus"
            if at == position + len(cue.group().rstrip()) + 1 and not re.search(r"[_.\d]", value) and (
                    plain(value) in default_vocabulary().safe):
                continue  # "snap bags", "fb messages": a plain word straight after, no "is" or ":"
            if display is not None and " " in display.group() and not re.search(r"[_.\d]", value):
                found.append(Detection(at, display.end(), "SOCIAL_MEDIA"))
            else:
                found.append(Detection(at, handle.end(), "SOCIAL_MEDIA"))
            while (another := _ANOTHER_HANDLE.match(view.text, found[-1].end)) is not None and _a_handle(another.group(1)):
                found.append(Detection(*another.span(1), "SOCIAL_MEDIA"))
            while (another := _NEXT_HANDLE.match(view.text, found[-1].end)) is not None and _a_handle(another.group(1), strict=True):
                found.append(Detection(*another.span(1), "SOCIAL_MEDIA"))  # "snap accounts yamzbm xelisx6"
        return found


#: The next handle of a list with only a space between ("snap accounts yamzbm xelisx6").
_NEXT_HANDLE = re.compile(r"[ ]+@?([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)(?![\w@]|\.\w)")


def _a_handle(value: str, strict: bool = False) -> bool:
    """A word that can only be a handle in a list of them: joined by "_" or ".", letters with
    digits ("p4uliusx", not "s23"), or no plain word ("kayzz"). ``strict`` (a list with only spaces
    between, where the next word may be anyone's name): joined, or letters with digits only."""
    if value.lower() in _NOT_HANDLES or value.lower() in _PLATFORMS:
        return False
    letters = sum(c.isalpha() for c in value)
    if "_" in value or ("." in value and letters >= 3 and not value.endswith(".")):
        return True
    if any(c.isdigit() for c in value):
        return letters >= 3
    return not strict and len(value) >= 4 and plain(value) not in default_vocabulary().flags


#: The platforms by their usual names, for a handle written before them.
_PLATFORM_NAMES = "(?:" + word_trie(sorted({"snapchat", "snap", "sc", "insta", "instagram", "ig", "tiktok", "tik tok", "telegram",
                                              "twitter", "threads", "facebook", "fb", "discord",
                                              *(slip for name in ("snapchat", "instagram", "facebook", "telegram")
                                                for slip in slips(name) | changed_letter(name))}),
                                      starts_word=False) + ")"
#: A handle written before its platform: after "goes by" or "known as" ("goes by joyce.tm on
#: snapchat"), or, with no cue, a word only a handle can be, joined by "_" or "." or letters with
#: digits ("posts as kayz_07 on tiktok"; not "s23 on snapchat", nor "2300 on snap").
HANDLE_BEFORE_PLATFORM = PatternRecogniser(
    "SOCIAL_MEDIA",
    r"(?:(?:goes[ ]by|known[ ]as|calls[ ](?:him|her)self)[ ]+@?([a-z0-9_](?:[a-z0-9_.]*[a-z0-9_])?)"
    r"|(?<![\w.@])@?((?=[a-z0-9_.]*[a-z])(?![s]\d{1,3}[ ])[a-z0-9]*[_.\d][a-z0-9_.]*[a-z0-9_]))"
    r"[ ]+on[ ]+(?:his[ ]|her[ ]|their[ ])?" + _PLATFORM_NAMES + r"(?![a-z])",
    groups=(1, 2),
    needs_digit=False,
    anchor=r"[ ]on[ ]+(?:his[ ]|her[ ]|their[ ])?" + _PLATFORM_NAMES + r"(?![a-z])",
    reach=48,
    lowered=True,
)
