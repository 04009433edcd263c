"""The engine's own messages to applicants, in every supported language.

Labels come from the definition; these sentences wrap them. They follow the plain style
of good public-service forms: say what to do, not what went wrong.
"""

from __future__ import annotations

from dzong.engine.definition import Text

MESSAGES: dict[str, Text] = {
    "required": Text(en="Enter {label_lower}", dz="{label} བཙུགས།"),
    "choose": Text(en="Select {label_lower}", dz="{label} གདམ།"),
    "upload": Text(en="Upload {label_lower}", dz="{label} བཙུགས།"),
    "too_short": Text(
        en="{label} must be {limit} characters or more",
        dz="{label} ཡིག་འབྲུ་ {limit} ཡང་ན་ དེ་ལས་ལྷག་དགོ།",
    ),
    "too_long": Text(
        en="{label} must be {limit} characters or fewer",
        dz="{label} ཡིག་འབྲུ་ {limit} ཡང་ན་ དེ་ལས་ཉུང་དགོ།",
    ),
    "not_whole_number": Text(en="{label} must be a whole number", dz="{label} ཨང་གྲངས་ཆ་ཚང་ཅིག་དགོ།"),
    "not_number": Text(en="{label} must be a number", dz="{label} ཨང་གྲངས་ཅིག་དགོ།"),
    "too_many_places": Text(
        en="{label} must have {limit} decimal places or fewer",
        dz="{label} ཚག་ཤུལ་གྱི་ཨང་ {limit} ཡང་ན་ དེ་ལས་ཉུང་དགོ།",
    ),
    "below_min": Text(en="{label} must be {limit} or more", dz="{label} {limit} ཡང་ན་ དེ་ལས་ལྷག་དགོ།"),
    "above_max": Text(en="{label} must be {limit} or less", dz="{label} {limit} ཡང་ན་ དེ་ལས་ཉུང་དགོ།"),
    "not_money": Text(
        en="{label} must be an amount of money, like 1500 or 1500.50",
        dz="{label} ༡༥༠༠ ཡང་ན་ ༡༥༠༠.༥༠ བཟུམ་གྱི་ དངུལ་གྱི་གྱངས་ཁ་ཅིག་དགོ།",
    ),
    "not_date": Text(en="{label} must be a real date", dz="{label} ཚེས་གྲངས་ངོ་མ་ཅིག་དགོ།"),
    "date_incomplete": Text(
        en="{label} must include a day, month and year",
        dz="{label} ནང་ ཚེས་དང་ ཟླ་བ་ ལོ་ཚུ་དགོ།",
    ),
    "date_before": Text(
        en="{label} must be on or after {limit}", dz="{label} {limit} ཡང་ན་ དེ་ལས་ཤུལ་ལས་དགོ།"
    ),
    "date_after": Text(
        en="{label} must be on or before {limit}", dz="{label} {limit} ཡང་ན་ དེ་ལས་ཧེ་མ་དགོ།"
    ),
    "not_email": Text(
        en="Enter an email address in the correct format, like name@example.com",
        dz="name@example.com བཟུམ་གྱི་ གློག་འཕྲིན་ཁ་བྱང་ བཀོད་རིམ་ངེས་བདེན་ནང་བཙུགས།",
    ),
    "not_phone": Text(
        en="Enter a phone number using digits only, like 17123456",
        dz="༡༧༡༢༣༤༥༦ བཟུམ་གྱི་ ཨང་གྲངས་རྐྱངམ་གཅིག་གིས་ ཁ་པར་ཨང་བཙུགས།",
    ),
    "not_national_id": Text(en="{label} must be 11 digits", dz="{label} ཨང་ ༡༡ དགོ།"),
    "control_characters": Text(
        en="{label} must not contain control characters or invisible codes: remove them",
        dz="{label} ནང་ ཚད་འཛིན་ཡིག་འབྲུ་ ཡང་ན་ མཐོང་མ་ཚུགས་པའི་ཨང་རྟགས་ཚུ་ མ་བཙུགས། ཕྱིར་བཏོན་འབད།",
    ),
    "pattern": Text(en="{label} is not in the right format", dz="{label} བཀོད་རིམ་ངེས་བདེན་མེན།"),
    "not_option": Text(en="Select {label_lower} from the list", dz="ཐོ་ཡིག་ནང་ལས་ {label} གདམ།"),
    "not_yes_no": Text(en="Select yes or no", dz="ཨིན་ ཡང་ན་ མེན་ གདམ།"),
    "file_type": Text(en="{label} must be a {limit}", dz="{label} {limit} ཅིག་དགོ།"),
    "file_size": Text(en="{label} must be smaller than {limit}", dz="{label} {limit} ལས་ཆུང་དགོ།"),
    "file_damaged": Text(
        en="{label} cannot be read: the file is damaged or is not a real {limit}",
        dz="{label} ལྷག་མི་ཚུགས། ཡིག་སྣོད་འདི་ ཆག་སྒོ་ཡོདཔ་ ཡང་ན་ {limit} ངོ་མ་མེན།",
    ),
    "file_extension": Text(
        en="{label} is a {limit} but its name ends otherwise: rename it or choose the right file",
        dz="{label} འདི་ {limit} ཨིན་རུང་ དེའི་མིང་གི་མཇུག་ མི་མཐུན། མིང་བསྒྱུར་ ཡང་ན་ ཡིག་སྣོད་ངེས་བདེན་གདམ།",
    ),
    "file_empty": Text(en="{label} is empty", dz="{label} སྟོངམ་ཨིན།"),
    "too_few_items": Text(
        en="Add at least {limit} to {label_lower}", dz="{label} ནང་ཉུང་མཐའ་ {limit} བཙུགས།"
    ),
    "too_many_items": Text(
        en="{label} can have at most {limit} entries",
        dz="{label} ནང་ མང་མཐའ་ {limit} ལས་བཙུགས་མི་ཆོག",
    ),
    "check_failed": Text(en="{label} is not valid", dz="{label} འཐུས་མ་ཚང་།"),
}

FILE_TYPE_NAMES: dict[str, Text] = {
    "application/pdf": Text(en="PDF", dz="PDF"),
    "image/jpeg": Text(en="JPG", dz="JPG"),
    "image/png": Text(en="PNG", dz="PNG"),
}

FILE_EXTENSIONS: dict[str, frozenset[str]] = {
    "application/pdf": frozenset({"pdf"}),
    "image/jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "image/png": frozenset({"png"}),
}

OR = Text(en=" or ", dz=" ཡང་ན་ ")

# Said after a file field's own hint: which files it takes, and how large.
FILE_HINT = Text(en="A {types} file, up to {size}.", dz="{types} ཡིག་སྣོད་ {size} ཚུན།")

# What ends a sentence in each language; a hint without one gets the first.
SENTENCE_ENDS: dict[str, tuple[str, ...]] = {"en": (".", "!", "?"), "dz": ("།", "༎", "?", "!")}


# Words that already say which thing a label names: no "the" before them.
DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "your",
        "their",
        "its",
        "his",
        "her",
        "our",
        "my",
        "this",
        "that",
        "these",
        "those",
        "any",
        "each",
        "every",
        "all",
        "some",
    ]
)


def message(key: str, language: str, **values: object) -> str:
    """The engine message `key` in `language`, with its values filled in."""
    return (
        MESSAGES[key]
        .get(language)
        .format(label_lower=_named(str(values.get("label", ""))), **values)
    )


def _named(label: str) -> str:
    """A question's label as English names it inside a sentence: "the business name", "your
    date of birth", and a label that is a question quoted whole."""
    label = label.strip()
    if label.endswith("?"):
        return f"an answer to “{label}”"
    lower = label[:1].lower() + label[1:] if label[1:2].islower() else label
    first = lower.split(" ", 1)[0].lower()
    return lower if not lower or first in DETERMINERS else f"the {lower}"
