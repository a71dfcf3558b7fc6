from django.db import models


class AttemptCount(models.Model):
    """How often one client tried something in one window of a throttle
    (common/throttle.py). The client is a salted hash, never an address."""

    throttle = models.CharField(max_length=50)
    client = models.CharField(max_length=32)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    # Rows whose window ended are deleted when a new window starts (lazily).
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["throttle", "client", "window_start"], name="one_count_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.throttle} {self.client[:8]} {self.window_start:%H:%M}: {self.count}"
