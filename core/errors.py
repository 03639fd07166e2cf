"""The one error type for refusals that users see.

A service raises a ``PortalError`` (or an app's subclass) when a step cannot be taken for a reason the
user can act on; its message is Chinese and shown as is. Views never catch it themselves: they call
``core.views_helpers.run_step`` (or the job runner catches it and fails the job with the message).
"""


class PortalError(Exception):
    """A refusal with a Chinese message for the user."""

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}

    def __str__(self) -> str:
        return self.message
