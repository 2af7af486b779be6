"""Text-like field types: SingleLineText, LongText, Email, URL, PhoneNumber."""

from __future__ import annotations

import re
from typing import Any

from core.fields.base import FieldSpec, FieldType, json_kind, registry

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL_RE = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$|^www\.[^\s]+\.[^\s]+$", re.IGNORECASE)
# At least three digits: punctuation alone ("---", "(.)") is not a phone number.
_PHONE_RE = re.compile(r"^(?=(?:[^0-9]*[0-9]){3})\+?[0-9 ()\-.]{3,32}(\s*(x|ext\.?)\s*[0-9]{1,6})?$",
                       re.IGNORECASE)


class TextLike(FieldType):
    def coerce(self, value: Any, spec: FieldSpec) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"expected text, got {json_kind(value)}")
        if isinstance(value, str) and "\x00" in value:  # PostgreSQL TEXT cannot hold it
            raise ValueError("text cannot contain the NUL character (\\x00)")
        return str(value)

    def parse_text(self, text: str | None, spec: FieldSpec) -> Any:
        if text is None or text == "":
            return None
        return self.coerce(text, spec)

    def sample(self, spec: FieldSpec) -> Any:
        return "Grand Pianoforte"


@registry.register
class SingleLineText(TextLike):
    uidt = "SingleLineText"
    description = "Short text on one line"


@registry.register
class LongText(TextLike):
    uidt = "LongText"
    description = "Text of any length, may span lines"
    indexable = False

    def display(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else str(value).replace("\n", " ⏎ ")

    def to_text(self, value: Any, spec: FieldSpec) -> str:
        return "" if value is None else str(value)


class PatternText(TextLike):
    pattern: re.Pattern[str]
    what: str = ""

    def coerce(self, value: Any, spec: FieldSpec) -> str:
        text = super().coerce(value, spec).strip()
        if not self.pattern.match(text):
            raise ValueError(f"{text!r} is not a valid {self.what}")
        return text


@registry.register
class Email(PatternText):
    uidt = "Email"
    description = "An e-mail address"
    pattern = _EMAIL_RE
    what = "e-mail address"
    json_schema = {"type": "string", "format": "email"}

    def sample(self, spec: FieldSpec) -> Any:
        return "ada@example.com"


@registry.register
class URL(PatternText):
    uidt = "URL"
    description = "A web address"
    pattern = _URL_RE
    what = "URL (http://, https://, ftp:// or www.)"
    json_schema = {"type": "string", "format": "uri"}

    def sample(self, spec: FieldSpec) -> Any:
        return "https://www.metmuseum.org/art/collection/search/503046"


@registry.register
class PhoneNumber(PatternText):
    uidt = "PhoneNumber"
    description = "A telephone number"
    pattern = _PHONE_RE
    what = "phone number"

    def sample(self, spec: FieldSpec) -> Any:
        return "+1 212 535 7710"
