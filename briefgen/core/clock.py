"""The date a run treats as today: SOURCE_DATE_EPOCH when set (reproducible builds), else the
system date. The one place that reads SOURCE_DATE_EPOCH."""

from __future__ import annotations

import datetime as dt
import os

from briefgen.errors import ConfigError


def source_date() -> dt.date | None:
    """The date of SOURCE_DATE_EPOCH, None when it is unset; a ConfigError when it is not a date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise ConfigError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {epoch!r}") from None


def today() -> dt.date:
    """SOURCE_DATE_EPOCH's date when set, else today's date."""
    return source_date() or dt.date.today()
