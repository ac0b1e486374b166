"""Typed readers for environment variables.

Every setting of taizhang comes from the environment. A value that cannot be understood stops the
process at start-up with a message naming the variable, rather than running with a silent default.
"""

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised at start-up when an environment variable holds a value we cannot use."""


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"环境变量 {name} 的值「{raw}」无法识别为布尔值（应为 true/false、1/0、yes/no）")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"环境变量 {name} 的值「{raw}」不是整数") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"环境变量 {name} 的值 {value} 小于允许的最小值 {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default.resolve()
