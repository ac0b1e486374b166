#!/bin/sh
# 台账离线安装脚本：把本目录 wheels/ 中的安装包装入一个 Python 3.11 虚拟环境，全程不访问网络。
# 再次运行即升级（保留配置与数据）。用法见 README.txt，或运行 ./install.sh --help。
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=/opt/taizhang
DATA_DIR=/var/lib/taizhang
CONFIG_DIR=/etc/taizhang
PYTHON=python3.11
SYSTEMD=yes
MYSQL=no
S3=no
SERVICE_USER=taizhang

usage() {
  cat <<USAGE
用法：./install.sh [选项]
  --prefix 目录        安装目录（虚拟环境在 目录/venv），默认 /opt/taizhang
  --data-dir 目录      数据目录（SQLite、上传文件、密钥），默认 /var/lib/taizhang
  --config-dir 目录    配置目录（taizhang.env），默认 /etc/taizhang
  --python 命令        Python 3.11 解释器，默认 python3.11
  --with-mysql         同时安装 MariaDB/MySQL 驱动（需在本机编译：gcc、pkg-config、MariaDB 客户端开发包）
  --with-s3            同时安装对象存储客户端，附件存放在 S3 兼容的对象存储（MinIO 等）中
  --no-systemd         不安装 systemd 服务单元
  --user 用户名        运行服务的系统用户，默认 taizhang
USAGE
}

fail() { echo "安装失败：$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix 需要目录}; shift 2 ;;
    --data-dir) DATA_DIR=${2:?--data-dir 需要目录}; shift 2 ;;
    --config-dir) CONFIG_DIR=${2:?--config-dir 需要目录}; shift 2 ;;
    --python) PYTHON=${2:?--python 需要解释器}; shift 2 ;;
    --user) SERVICE_USER=${2:?--user 需要用户名}; shift 2 ;;
    --with-mysql) MYSQL=yes; shift ;;
    --with-s3) S3=yes; shift ;;
    --no-systemd) SYSTEMD=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; fail "无法识别的选项「$1」" ;;
  esac
done

# The bundle is for one platform and one Python: refuse the wrong machine before touching anything.
PLATFORM=$(sed -n 's/.*"platform": "\(linux_[a-z0-9_]*\)".*/\1/p' "$HERE/MANIFEST.json" | head -n 1)
MACHINE="linux_$(uname -m)"
[ "$PLATFORM" = "$MACHINE" ] || fail "本安装包适用于 $PLATFORM，本机为 $MACHINE，请使用对应平台的安装包"
command -v "$PYTHON" >/dev/null 2>&1 || fail "找不到 Python 解释器「$PYTHON」（需要 3.11，可用 --python 指定）"
PYVER=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
[ "$PYVER" = "3.11" ] || fail "需要 Python 3.11，「$PYTHON」是 $PYVER"
VERSION=$(sed -n 's/.*"version": "\([^"]*\)".*/\1/p' "$HERE/MANIFEST.json" | head -n 1)

# pip looks at nothing but the wheels of this bundle: no index, and no pip configuration or PIP_* variable of
# this machine.
for var in $(env | sed -n 's/^\(PIP_[A-Z0-9_]*\)=.*/\1/p'); do unset "$var"; done
export PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
FIND="--find-links $HERE/wheels"
[ -d "$HERE/sdist" ] && FIND="$FIND --find-links $HERE/sdist"

echo "== 安装台账 $VERSION 到 $PREFIX"
mkdir -p "$PREFIX"
[ -x "$PREFIX/venv/bin/python" ] || "$PYTHON" -m venv "$PREFIX/venv"
# shellcheck disable=SC2086
"$PREFIX/venv/bin/python" -m pip install --quiet --no-index $FIND --upgrade "taizhang==$VERSION"
if [ "$S3" = yes ]; then
  echo "== 安装对象存储（S3 兼容）客户端"
  # shellcheck disable=SC2086
  "$PREFIX/venv/bin/python" -m pip install --quiet --no-index $FIND "taizhang[s3]==$VERSION"
fi
if [ "$MYSQL" = yes ]; then
  echo "== 编译安装 MariaDB/MySQL 驱动"
  # shellcheck disable=SC2086
  "$PREFIX/venv/bin/python" -m pip install --quiet --no-index $FIND --upgrade setuptools wheel
  # shellcheck disable=SC2086
  "$PREFIX/venv/bin/python" -m pip install --quiet --no-index --no-build-isolation $FIND mysqlclient \
    || fail "mysqlclient 编译失败：请先安装 gcc、pkg-config 和 MariaDB 客户端开发包（如 mariadb-devel / libmariadb-dev）"
fi

echo "== 数据目录 $DATA_DIR，配置 $CONFIG_DIR/taizhang.env"
mkdir -p "$DATA_DIR" "$CONFIG_DIR"
if [ ! -f "$CONFIG_DIR/taizhang.env" ]; then
  SECRET=$("$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
  sed -e "s#^TAIZHANG_DATA_DIR=.*#TAIZHANG_DATA_DIR=$DATA_DIR#" \
      -e "s#^TAIZHANG_SECRET_KEY=.*#TAIZHANG_SECRET_KEY=$SECRET#" \
      -e "s#^TAIZHANG_AUDIT_KEY_FILE=.*#TAIZHANG_AUDIT_KEY_FILE=$CONFIG_DIR/audit.key#" \
      "$HERE/taizhang.env.example" > "$CONFIG_DIR/taizhang.env"
  chmod 600 "$CONFIG_DIR/taizhang.env"
  echo "   已生成配置文件（含随机密钥），请按实际环境修改数据库、Redis、域名等设置"
else
  echo "   保留已有配置文件"
fi
# The key of the audit chain lives outside the database; it is made once and never replaced.
if [ ! -f "$CONFIG_DIR/audit.key" ]; then
  (umask 077 && "$PREFIX/venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(48))' > "$CONFIG_DIR/audit.key")
  echo "   已生成操作留痕密钥 $CONFIG_DIR/audit.key（请与数据库分开备份）"
fi

if [ "$SYSTEMD" = yes ]; then
  [ "$(id -u)" = 0 ] || fail "安装 systemd 服务需要 root 权限（或使用 --no-systemd）"
  id "$SERVICE_USER" >/dev/null 2>&1 || useradd --system --home-dir "$DATA_DIR" --shell /usr/sbin/nologin "$SERVICE_USER"
  chown -R "$SERVICE_USER:" "$DATA_DIR"
  chown root:"$SERVICE_USER" "$CONFIG_DIR/taizhang.env" "$CONFIG_DIR/audit.key"
  chmod 640 "$CONFIG_DIR/taizhang.env" "$CONFIG_DIR/audit.key"
  for unit in taizhang-web.service taizhang-worker.service; do
    sed -e "s#@PREFIX@#$PREFIX#g" -e "s#@CONFIG_DIR@#$CONFIG_DIR#g" -e "s#@DATA_DIR@#$DATA_DIR#g" \
        -e "s#@USER@#$SERVICE_USER#g" "$HERE/systemd/$unit" > "/etc/systemd/system/$unit"
  done
  systemctl daemon-reload
  echo "== 已安装 systemd 服务 taizhang-web（及使用 Redis 时的 taizhang-worker）"
fi

cat <<DONE

安装完成。接下来：
  1. 编辑 $CONFIG_DIR/taizhang.env（数据库、Redis、域名、SMTP 等，说明见文件内注释）
  2. 初始化或升级数据库：
       set -a; . $CONFIG_DIR/taizhang.env; set +a; $PREFIX/venv/bin/taizhang migrate
  3. 检查生产配置：$PREFIX/venv/bin/taizhang check --deploy
  4. 启动服务：systemctl enable --now taizhang-web（配置了 Redis 时再启动 taizhang-worker）
  5. 前置 nginx：参照 nginx/taizhang.conf 配置 HTTPS 与反向代理
DONE
