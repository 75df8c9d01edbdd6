"""Build Trove's installer for the current OS: one PyInstaller folder, then the OS's package.

    python installers/build.py            # bundle + the package for this OS
    python installers/build.py --deb      # Linux: also a .deb (needs dpkg-deb)
    python installers/build.py --no-bundle  # package an existing dist/Trove again

Linux   -> dist/Trove/ + dist/trove-<version>-linux-<arch>.tar.gz (with install.sh, a .desktop entry
           and the icon); an AppImage when `appimagetool` is on PATH; a .deb with --deb.
Windows -> dist/Trove/ + dist/Trove-<version>-setup.exe through Inno Setup's ISCC
           (installers/windows/trove.iss: per-user, no admin, Start menu entry, uninstaller).
macOS   -> dist/Trove.app + dist/Trove-<version>.dmg (installers/macos/make_dmg.sh); signed and
           notarised first when TROVE_CODESIGN_IDENTITY (and the notary variables) are set.

Every step prints what it runs; see docs/installers.md for prerequisites and measured sizes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

__all__ = [
    "DIST",
    "ROOT",
    "app_version",
    "build_bundle",
    "bundle_dir",
    "executables",
    "main",
]

ROOT = Path(__file__).resolve().parent.parent
INSTALLERS = ROOT / "installers"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = INSTALLERS / "trove.spec"
ICONS = ROOT / "resources" / "icons"
DESKTOP_FILE = ROOT / "resources" / "linux" / "trove.desktop"
# System libraries the bundled Qt needs but PyInstaller deliberately leaves out (they must match
# the user's X server and GPU drivers): the .deb depends on them, the tarball's README lists them.
LINUX_SYSTEM_LIBS = [
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxkbcommon-x11-0",
    "libegl1",
    "libfontconfig1",
    "libdbus-1-3",
]

# The system's Tesseract, an optional add-on the frozen app uses when it is on PATH: it cannot be
# bundled on Linux (its libraries and tessdata belong to the distribution).
LINUX_OCR_SUGGESTS = ["tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-kor"]


def app_version() -> str:
    """Trove's version: the installed package's, else pyproject's (same source as the spec)."""
    sys.path.insert(0, str(ROOT))
    from desktop_app import __version__

    if "+src" not in __version__:
        return __version__
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def _run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    files = (f for f in path.rglob("*") if f.is_file() and not f.is_symlink())
    return sum(f.stat().st_size for f in files) / 1e6


def bundle_dir() -> Path:
    """The one-folder app the spec builds (inside the .app on macOS)."""
    return DIST / "Trove"


def executables(folder: Path | None = None) -> tuple[Path, Path]:
    """(GUI, CLI) executables in the built folder, named as the spec names them per OS."""
    folder = folder or bundle_dir()
    if sys.platform == "win32":
        return folder / "Trove.exe", folder / "trove-cli.exe"
    if sys.platform == "darwin":
        return folder / "Trove", folder / "trove-cli"
    return folder / "Trove", folder / "trove"


def build_bundle(clean: bool = False) -> Path:
    """Run PyInstaller on the spec; the folder it made."""
    started = time.monotonic()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    cmd += ["--distpath", str(DIST), "--workpath", str(WORK)]
    if clean:
        cmd.append("--clean")
    _run([*cmd, str(SPEC)], cwd=ROOT)
    folder = bundle_dir()
    print(f"Bundle: {folder} ({_size_mb(folder):.0f} MB) in {time.monotonic() - started:.0f} s")
    return folder


# ------------------------------------------------------------------------------------ Linux


def _linux_arch() -> str:
    return {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "aarch64"}.get(
        platform.machine().lower(), platform.machine().lower()
    )


INSTALL_SH = """#!/bin/sh
# Install Trove for the current user (no root): ~/.local/opt/trove, the `trove` command in
# ~/.local/bin, and a menu entry. `./install.sh --uninstall` removes all three.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/trove"
bin="$HOME/.local/bin"
if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$opt" "$bin/trove" "$prefix/applications/trove.desktop" \\
        "$prefix/icons/hicolor/256x256/apps/trove.png"
    echo "Trove removed. Your index and settings stay in ~/.local/share/Trove and ~/.config/Trove."
    exit 0
fi
mkdir -p "$opt" "$bin" "$prefix/applications" "$prefix/icons/hicolor/256x256/apps"
rm -rf "$opt" && cp -a "$here/Trove" "$opt"
ln -sf "$opt/trove" "$bin/trove"
sed "s|^Exec=.*|Exec=$opt/Trove|" "$here/trove.desktop" > "$prefix/applications/trove.desktop"
cp "$here/trove.png" "$prefix/icons/hicolor/256x256/apps/trove.png"
if command -v update-desktop-database >/dev/null; then
    update-desktop-database "$prefix/applications" || true
fi
echo "Trove installed: run it from your applications menu, or \\`trove --help\\` in a terminal."
"""

README_LINUX = """Trove {version} for Linux ({arch})

Install for your user (no root needed):   ./install.sh
Uninstall:                                ./install.sh --uninstall
Or run it in place:                       ./Trove/Trove   (the app)   ./Trove/trove --help (CLI)

Qt needs these system libraries (Debian/Ubuntu names):
  sudo apt install {libs}
Check an install without a NIM:  ./Trove/trove selftest
Scanned pages and images are read offline by the bundled RapidOCR (English, Chinese). For
Korean, and better word spacing in English, add Tesseract; Trove uses it when it is on PATH:
  sudo apt install tesseract-ocr tesseract-ocr-kor
Licences of bundled software:    Trove/_internal/licenses/
"""


def package_linux(folder: Path, version: str, deb: bool) -> list[Path]:
    """Tarball (always), AppImage (if appimagetool is installed), .deb (if asked)."""
    arch = _linux_arch()
    name = f"trove-{version}-linux-{arch}"
    stage = ROOT / "build" / "linux" / name
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    shutil.copytree(folder, stage / "Trove", symlinks=True)
    shutil.copy2(DESKTOP_FILE, stage / "trove.desktop")
    shutil.copy2(ICONS / "trove.png", stage / "trove.png")
    (stage / "install.sh").write_text(INSTALL_SH)
    (stage / "install.sh").chmod(0o755)
    (stage / "README.txt").write_text(
        README_LINUX.format(version=version, arch=arch, libs=" ".join(LINUX_SYSTEM_LIBS))
    )
    outputs = []
    tarball = DIST / f"{name}.tar.gz"
    started = time.monotonic()
    print(f"+ tar czf {tarball}", flush=True)
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name)
    print(f"Tarball: {tarball} ({_size_mb(tarball):.0f} MB) in {time.monotonic() - started:.0f} s")
    outputs.append(tarball)
    appimage = _appimage(folder, version, arch)
    if appimage is not None:
        outputs.append(appimage)
    if deb:
        outputs.append(_deb(folder, version, arch))
    return outputs


def _appimage(folder: Path, version: str, arch: str) -> Path | None:
    """An AppImage through appimagetool, when it is installed (it is not downloaded here)."""
    tool = shutil.which("appimagetool")
    if tool is None:
        print("AppImage skipped: appimagetool is not on PATH (see docs/installers.md).")
        return None
    appdir = ROOT / "build" / "linux" / "Trove.AppDir"
    shutil.rmtree(appdir, ignore_errors=True)
    shutil.copytree(folder, appdir / "usr" / "lib" / "trove", symlinks=True)
    (appdir / "AppRun").symlink_to("usr/lib/trove/Trove")
    shutil.copy2(DESKTOP_FILE, appdir / "trove.desktop")
    shutil.copy2(ICONS / "trove.png", appdir / "trove.png")
    out = DIST / f"Trove-{version}-{arch}.AppImage"
    _run([tool, str(appdir), str(out)], env={**os.environ, "ARCH": arch})
    return out


def _deb(folder: Path, version: str, arch: str) -> Path:
    """A .deb installing to /opt/trove with /usr/bin/trove and a menu entry."""
    deb_arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(arch, arch)
    root = ROOT / "build" / "linux" / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(folder, root / "opt" / "trove", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "trove").symlink_to("/opt/trove/trove")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    desktop = DESKTOP_FILE.read_text().replace("Exec=Trove", "Exec=/opt/trove/Trove")
    (apps / "trove.desktop").write_text(desktop)
    icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(ICONS / "trove.png", icons / "trove.png")
    (root / "DEBIAN").mkdir()
    installed_kb = int(_size_mb(root) * 1e6) // 1024  # dpkg counts KiB
    (root / "DEBIAN" / "control").write_text(
        f"Package: trove\nVersion: {version}\nArchitecture: {deb_arch}\n"
        "Maintainer: Trove maintainers <trove@invalid>\nSection: utils\nPriority: optional\n"
        f"Installed-Size: {installed_kb}\nDepends: {', '.join(LINUX_SYSTEM_LIBS)}\n"
        # The bundled RapidOCR reads English and Chinese; Tesseract adds Korean (and others).
        f"Suggests: {', '.join(LINUX_OCR_SUGGESTS)}\n"
        "Description: search and chat with your own files through NVIDIA NIM\n"
        " Trove indexes the folders you choose and answers questions about them.\n"
    )
    out = DIST / f"trove_{version}_{deb_arch}.deb"
    # gzip, not the default xz: several times faster to build, a little bigger.
    _run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(out)])
    return out


# ------------------------------------------------------------------------------------ Windows


def package_windows(folder: Path, version: str) -> list[Path]:
    """The Inno Setup installer; ISCC.exe must be installed (https://jrsoftware.org/isinfo.php)."""
    iscc = shutil.which("iscc") or shutil.which(r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe")
    if iscc is None:
        raise SystemExit("Inno Setup 6 (ISCC.exe) not found: install it or put it on PATH.")
    script = INSTALLERS / "windows" / "trove.iss"
    defines = [f"/DAppVersion={version}", f"/DSourceDir={folder}", f"/DOutputDir={DIST}"]
    _run([iscc, *defines, str(script)])
    return [DIST / f"Trove-{version}-setup.exe"]


# ------------------------------------------------------------------------------------ macOS


def package_macos(version: str) -> list[Path]:
    """Sign (optional) and wrap dist/Trove.app into a .dmg."""
    app = DIST / "Trove.app"
    if os.environ.get("TROVE_CODESIGN_IDENTITY"):
        _run(["sh", str(INSTALLERS / "macos" / "sign_and_notarize.sh"), str(app)])
    else:
        print("Not signing: TROVE_CODESIGN_IDENTITY is unset (see docs/installers.md).")
    dmg = DIST / f"Trove-{version}.dmg"
    _run(["sh", str(INSTALLERS / "macos" / "make_dmg.sh"), str(app), str(dmg)])
    if os.environ.get("TROVE_NOTARY_PROFILE") and os.environ.get("TROVE_CODESIGN_IDENTITY"):
        _run(["sh", str(INSTALLERS / "macos" / "sign_and_notarize.sh"), "--dmg", str(dmg)])
    return [dmg]


# ------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    """Build the bundle and this OS's package; print what was made."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-bundle", action="store_true", help="reuse the existing dist/Trove")
    parser.add_argument("--clean", action="store_true", help="clear PyInstaller's cache first")
    parser.add_argument("--no-package", action="store_true", help="only the one-folder bundle")
    parser.add_argument("--deb", action="store_true", help="Linux: also build a .deb")
    args = parser.parse_args(argv)
    version = app_version()
    folder = bundle_dir() if args.no_bundle else build_bundle(clean=args.clean)
    if not executables(folder)[1].exists():
        raise SystemExit(f"No bundle in {folder}: run without --no-bundle first.")
    if args.no_package:
        return 0
    if sys.platform == "win32":
        outputs = package_windows(folder, version)
    elif sys.platform == "darwin":
        outputs = package_macos(version)
    else:
        outputs = package_linux(folder, version, args.deb)
    for out in outputs:
        print(f"Made {out} ({_size_mb(out):.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
