"""Short labels and confirmations around a check: the upload field, the job's states
(the admin shows them) and what the page says after "wis"."""

from __future__ import annotations

UPLOAD_FIELD = "Kies een videoclip"

QUEUED = "In de wachtrij"
RUNNING = "Bezig"
DONE = "Klaar"
FAILED = "Mislukt"

DELETED = "Je resultaat is gewist. Er is niets meer van bewaard."
