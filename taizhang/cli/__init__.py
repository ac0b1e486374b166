"""The `taizhang` command: a thin wrapper over Django management (docs/design.md §7).

    taizhang demo --size small       taizhang audit verify --json
    taizhang serve --port 8000       taizhang migrate

Exit status: 0 success, 1 the work failed (message on stderr), 2 wrong usage.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        print("\n可用命令：taizhang help")
        sys.exit(0 if argv else 2)
    from django.core.management import execute_from_command_line

    from config.env import ConfigError

    try:
        execute_from_command_line(["taizhang", *argv])
    except ConfigError as exc:  # the settings refused to start: say why, without a traceback
        print(f"taizhang：无法启动：{exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
