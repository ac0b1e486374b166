"""Small text helpers for the Chinese a user reads."""

_INNER = str.maketrans({"「": "『", "」": "』"})


def quoted(text: str) -> str:
    """「text」, with corner brackets inside the text turned into the inner pair 『』, as Chinese typesetting nests
    quotations: 「关于问题『会议偏多』的督办」, never 「关于问题「会议偏多」的督办」."""
    return f"「{str(text).translate(_INNER)}」"
