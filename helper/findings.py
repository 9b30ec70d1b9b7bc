"""What a detector returns: a stable reason code and the evidence a person can read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    code: str
    evidence: dict[str, Any] = field(default_factory=dict)
    brand: str | None = None          # brand id the finding is about, when it is about one
    site: str | None = None           # key of the brand's site that is imitated (jp, us), when known
