"""The one exception the loaders raise for input they cannot use."""


class RejectedItem(Exception):
    """An input item (file, row, upload) that cannot become an article; ``str(exc)`` is the reason shown
    to the user.  Loaders raise it, the corpus loader records it in the report and moves on."""
