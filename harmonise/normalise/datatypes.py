"""Variable data types written in the many local ways -> the model's DataType.

"String(12)", "VARCHAR2(50)", "char", "an10", "Integer", "int4", "numeric 3.1", "Number",
"DATE (CCYY-MM-DD)", "datetime2", "Yes/No", "categorical" … The source's own spelling is
always kept on Variable.source_data_type; this rule only adds the model's type.
"""
from __future__ import annotations

import functools
import re

from harmonise.normalise import rule
from harmonise.normalise.base import ABSENT, Rejected
from harmonise.normalise.enums import lookup_table
from harmonise.normalise.text import fold, is_placeholder

# (pattern on the folded text, model type); first match wins, so specific before general
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), t)
    for p, t in [
        (r"^(date ?time|datetime\d*|timestamp|smalldatetime|date and time)\b", "datetime"),
        (r"^(time)( |$)", "time"),
        (r"\bdate\b|^date|^ccyy|^yyyy|^dd ?mm", "date"),
        (r"^(bool|boolean|bit|yes ?no|true ?false|logical|flag|y ?n)\b", "boolean"),
        # REDCap field types and validations (`slider` is 0-100, `calc` a computed number)
        (r"^(slider)\b", "integer"),
        (r"^(calc|calculated)\b", "decimal"),
        (r"^(dropdown|radio|checkbox|select|multiple choice|single choice|choice|notes|autocomplete|"
         r"email|phone|postal ?code|postcode|zip ?code|sql)\b", "string"),
        (r"^(int|integer|bigint|smallint|tinyint|long|short|int\d+|whole|count|n\d+$)", "integer"),
        (r"^(float|double|real)\b", "double"),
        (r"^(num|number|numeric|decimal|dec|money|continuous|quantity|measurement)\b", "decimal"),
        (r"^(url|uri|iri|anyuri|link)\b", "uri"),
        (r"^(duration|interval)\b", "duration"),
        (r"^(blob|binary|varbinary|bytes|image|file)\b", "binary"),
        (r"^(string|str|text|char|varchar\d*|nvarchar|nchar|character|an\d+|a\d+|alphanumeric|free ?text|"
         r"categorical|category|code|coded|enum|nominal|ordinal|identifier|id)\b", "string"),
    ]
]


#: What sources write where a variable has no declared type: no value, not an error.
_NO_TYPE = frozenset({"unspecified", "unspecified type", "unknown type", "not specified", "any", "mixed"})


@rule("data_type")
def data_type(value):
    """A local data type name -> the model's DataType value (string, integer, decimal, date …)."""
    if not isinstance(value, str):
        raise Rejected(f"expected a data type name, got {type(value).__name__}")
    found = _data_type(value)
    if found is None:
        raise Rejected(f"not a recognisable data type: {value!r}")
    return found


@functools.lru_cache(maxsize=1 << 12)
def _data_type(value: str):
    """Memoised: a dictionary names the same few types on every row. None when unrecognised."""
    text = value.strip()
    if not text or is_placeholder(text):
        return ABSENT
    folded = fold(text)
    if folded in _NO_TYPE:
        return ABSENT
    table = lookup_table("DataType")
    if folded in table:
        return table[folded]
    for pattern, model_type in _PATTERNS:
        if pattern.search(folded):
            return model_type
    return None
