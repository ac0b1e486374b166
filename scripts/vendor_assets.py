"""Copy the front-end files taizhang serves from node_modules into taizhang/static/vendor.

Run by `make assets` after `npm ci`. The product never loads anything from a CDN.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
    "echarts/dist/echarts.min.js": "echarts/echarts.min.js",
}


def main() -> int:
    target = ROOT / "taizhang" / "static" / "vendor"
    missing = [src for src in FILES if not (ROOT / "node_modules" / src).exists()]
    if missing:
        print("缺少前端依赖文件，请先运行 npm ci：" + "，".join(missing), file=sys.stderr)
        return 1
    for src, dst in FILES.items():
        out = target / dst
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "node_modules" / src, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
