"""The conversion time written into outputs; honours SOURCE_DATE_EPOCH for reproducible builds."""
from __future__ import annotations

import os
from datetime import datetime, timezone


def now_iso() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().lstrip("-").isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    else:
        moment = datetime.now(tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
