"""The offline install bundle (scripts/bundle.py, deploy/): what its archive must hold for a server without
network, and how its install script refuses the wrong machine before touching anything. The full build and an
install with networking switched off run by hand (`make bundle`, `python scripts/bundle.py verify …`, see
docs/deployment.md): they download about 100 MB."""

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bundle():
    spec = importlib.util.spec_from_file_location("bundle", ROOT / "scripts" / "bundle.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_wheels_are_taken_for_every_c_library_level_up_to_kylin_and_uos():
    bundle = _bundle()
    tags = bundle.platform_tags("aarch64")
    assert tags[0] == "manylinux_2_28_aarch64" and "manylinux2014_aarch64" in tags
    assert not any("2_29" in t or "x86_64" in t for t in tags)
    assert "manylinux1_x86_64" in bundle.platform_tags("x86_64")


def test_a_dependency_an_older_python_or_the_other_architecture_needs_is_bundled_too():
    """Resolved on this machine's Python, redis leaves out async-timeout, which it needs below 3.11.3 — the Python
    of Debian 12 and of many ARM servers. The bundle adds what a marker asks for on any 3.11 or either platform."""
    items = [{"metadata": {"name": "redis", "version": "5.0.8", "requires_dist": [
        'async-timeout>=4.0.3; python_full_version < "3.11.3"',
        'hiredis>1.0.0; extra == "hiredis"',
        'arm-only>=1; platform_machine == "aarch64"',
        'windows-only; sys_platform == "win32"',
        'py312-only; python_version >= "3.12"',
        'present>=2; python_full_version < "3.11.3"']}},
        {"metadata": {"name": "present", "version": "2.1", "requires_dist": []}},
        {"metadata": {"name": "boto", "version": "1", "requires_dist": ['crt>=1; extra == "crt"']},
         "requested_extras": ["crt"]}]
    assert _bundle()._marker_gated(items) == ["async-timeout>=4.0.3", "arm-only>=1", "crt>=1"]


def test_the_manifest_names_the_c_library_the_wheels_need():
    bundle = _bundle()
    wheels = [Path("lxml-6.2.1-cp311-cp311-manylinux_2_26_aarch64.manylinux_2_28_aarch64.whl"),
              Path("cffi-2.1.1-cp311-cp311-manylinux2014_aarch64.manylinux_2_17_aarch64.whl"),
              Path("django-5.2.19-py3-none-any.whl")]
    assert bundle.glibc_needed(wheels) == "2.26"
    assert bundle.glibc_needed(wheels[2:]) == ""


def test_the_mysql_driver_and_the_object_store_client_are_optional_packages_of_the_bundle():
    assert _bundle().extra_packages() == {"mysqlclient", "django-storages", "boto3"}


def test_a_wheel_without_the_front_end_files_is_refused(tmp_path):
    wheel = tmp_path / "taizhang-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as z:
        z.writestr("taizhang/templates/base.html", "")
    with pytest.raises(SystemExit, match="echarts.min.js"):
        _bundle().check_wheel(wheel)


@pytest.fixture
def unpacked(tmp_path):
    """deploy/ laid out as in an archive, with a manifest for `platform`."""

    def make(platform: str) -> Path:
        target = tmp_path / "taizhang-0.1.0-bundle"
        shutil.copytree(ROOT / "deploy", target)
        (target / "wheels").mkdir()
        (target / "MANIFEST.json").write_text(json.dumps({"name": "taizhang", "version": "0.1.0",
                                                          "platform": platform}))
        return target

    return make


def _install(bundle_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", str(bundle_dir / "install.sh"), *args], capture_output=True, text=True, timeout=60)


def test_the_install_script_refuses_a_bundle_of_another_platform(unpacked, tmp_path):
    done = _install(unpacked("linux_riscv64"), "--prefix", str(tmp_path / "opt"), "--no-systemd")
    assert done.returncode == 1
    assert "本安装包适用于 linux_riscv64" in done.stderr
    assert not (tmp_path / "opt").exists()


def test_the_install_script_refuses_another_python(unpacked, tmp_path):
    import platform

    fake = tmp_path / "python3.9"
    fake.write_text("#!/bin/sh\necho 3.9\n")
    fake.chmod(0o755)
    done = _install(unpacked(f"linux_{platform.machine()}"), "--python", str(fake), "--prefix", str(tmp_path / "opt"),
                    "--no-systemd")
    assert done.returncode == 1 and "需要 Python 3.11" in done.stderr
    assert not (tmp_path / "opt").exists()


def test_the_install_script_names_an_unknown_option(unpacked):
    done = _install(unpacked("linux_x86_64"), "--with-oracle")
    assert done.returncode == 1 and "无法识别的选项「--with-oracle」" in done.stderr and "--with-mysql" in done.stderr


def test_the_install_script_and_units_are_well_formed():
    assert subprocess.run(["sh", "-n", str(ROOT / "deploy" / "install.sh")]).returncode == 0
    for unit in ("taizhang-web.service", "taizhang-worker.service"):
        text = (ROOT / "deploy" / "systemd" / unit).read_text("utf-8")
        assert "EnvironmentFile=@CONFIG_DIR@/taizhang.env" in text and "ExecStart=@PREFIX@/venv/bin/taizhang" in text
    env = (ROOT / "deploy" / "taizhang.env.example").read_text("utf-8")
    assert "TAIZHANG_DEBUG=false" in env and "TAIZHANG_SECURE_COOKIES=true" in env


def test_the_built_wheel_holds_templates_translations_and_front_end_files(tmp_path):
    """The wheel installed on a server without Node or the source tree serves its pages and assets."""
    if not (ROOT / "taizhang/static/vendor/echarts/echarts.min.js").exists():
        pytest.skip("front-end files not vendored (make assets)")
    wheel = _bundle().build_taizhang_wheel(sys.executable, tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "taizhang/static/vendor/bootstrap/bootstrap.bundle.min.js" in names
    assert any(n.startswith("taizhang/locale/") for n in names) or not (ROOT / "taizhang/locale").exists()
    assert "config/settings.py" in names


def test_the_shipped_production_configuration_passes_the_deploy_check(tmp_path):
    """taizhang.env.example as install.sh writes it (its own secret and audit key) is clean under
    `taizhang check --deploy`; only the database and Redis addresses are left for the site to fill in."""
    import os
    import secrets

    values = {}
    for line in (ROOT / "deploy" / "taizhang.env.example").read_text("utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    key_file = tmp_path / "audit.key"
    key_file.write_text(secrets.token_urlsafe(48))
    (tmp_path / "data").mkdir()  # a configured data directory must exist (config/settings.py)
    values.update({"TAIZHANG_SECRET_KEY": secrets.token_urlsafe(50), "TAIZHANG_AUDIT_KEY_FILE": str(key_file),
                   "TAIZHANG_DATA_DIR": str(tmp_path / "data")})
    for site_specific in ("TAIZHANG_DATABASE_URL", "TAIZHANG_REDIS_URL"):
        values.pop(site_specific)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **values})
    done = subprocess.run([sys.executable, "-m", "taizhang.cli", "check", "--deploy", "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    answer = json.loads(done.stdout)
    assert answer["ok"] is True and answer["issues"] == [], done.stdout + done.stderr
    assert done.returncode == 0
