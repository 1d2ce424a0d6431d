#!/bin/sh
# Sets up ThinCert as the thin client's kiosk at boot (issue 9, docs/deploy.md):
#   /opt/thincert/ThinCert.AppImage            the app (0755)
#   /etc/systemd/system/thincert-kiosk.service the unit (0644), enabled
#   /usr/local/bin/thincert                    the CLI wrapper (0755)
#   /var/lib/thincert                          the store (0700, user thincert)
#   /usr/local/lib/thincert/refresh-rsyslog    writes /etc/rsyslog.d/60-thincert.conf (0755)
#   /etc/systemd/system/thincert-rsyslog.{service,path}
#                                              run it when the log server or its
#                                              certificates change (0644), path enabled
# and the unprivileged user thincert. Idempotent: running it again (e.g. with a
# new AppImage) leaves the same state. With --root DIR it installs into DIR
# (a scratch root or an image being prepared): no user is created and no
# ownership changed there, because the user belongs to the target system.
#
# usage: install.sh [--root DIR] [--appimage FILE]
#   FILE defaults to the one ThinCert-*.AppImage for this machine's
#   architecture found next to this script or in the current folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=/
appimage=

usage() {
  echo "usage: $0 [--root DIR] [--appimage FILE]" >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case "$1" in
    --root) [ $# -ge 2 ] || usage; root=$2; shift 2 ;;
    --root=*) root=${1#--root=}; shift ;;
    --appimage) [ $# -ge 2 ] || usage; appimage=$2; shift 2 ;;
    --appimage=*) appimage=${1#--appimage=}; shift ;;
    -h|--help) usage ;;
    *) echo "install.sh: unknown argument $1" >&2; usage ;;
  esac
done

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

# electron-builder names AppImages after the architecture: x86_64 (or x64) and arm64.
find_appimage() {
  case "$(uname -m)" in
    x86_64|amd64) patterns="*x86_64*.AppImage *x64*.AppImage" ;;
    aarch64|arm64) patterns="*arm64*.AppImage *aarch64*.AppImage" ;;
    *) fail "no ThinCert build for $(uname -m); pass --appimage FILE" ;;
  esac
  found=
  for dir in "$here" "$here/.." "$PWD"; do
    for pattern in $patterns; do
      for candidate in "$dir"/ThinCert-$pattern; do
        [ -f "$candidate" ] || continue
        candidate=$(readlink -f "$candidate")
        [ -z "$found" ] || [ "$found" = "$candidate" ] || fail "several AppImages found ($found, $candidate); pass --appimage FILE"
        found=$candidate
      done
    done
  done
  [ -n "$found" ] || fail "no ThinCert-*.AppImage for $(uname -m) next to install.sh or in $PWD; pass --appimage FILE"
  echo "$found"
}

[ -d "$root" ] || fail "--root $root is not a folder"
root=$(cd "$root" && pwd)
[ -n "$appimage" ] || appimage=$(find_appimage)
[ -f "$appimage" ] || fail "$appimage does not exist"
[ -f "$here/thincert-kiosk.service" ] || fail "thincert-kiosk.service is not next to install.sh"
[ -f "$here/thincert" ] || fail "the thincert wrapper is not next to install.sh"
for file in refresh-rsyslog thincert-rsyslog.service thincert-rsyslog.path; do
  [ -f "$here/$file" ] || fail "$file is not next to install.sh"
done

if [ "$root" = / ]; then
  [ "$(id -u)" -eq 0 ] || fail "run as root (sudo $0)"
  command -v cage >/dev/null 2>&1 || echo "install.sh: note: cage is not installed yet (apt-get install cage)" >&2
  if ! getent passwd thincert >/dev/null 2>&1; then
    # A system user with a home of its own (Electron keeps its browser state
    # under ~/.config), no password and no login shell: it only runs the kiosk.
    useradd --system --user-group --create-home --home-dir /home/thincert \
      --shell /usr/sbin/nologin --comment "ThinCert kiosk" thincert
  fi
fi

# install(1) replaces each file atomically enough for a re-run and sets the mode every time.
install -D -m 0755 "$appimage" "$root/opt/thincert/ThinCert.AppImage"
install -D -m 0644 "$here/thincert-kiosk.service" "$root/etc/systemd/system/thincert-kiosk.service"
install -D -m 0755 "$here/thincert" "$root/usr/local/bin/thincert"
install -D -m 0755 "$here/refresh-rsyslog" "$root/usr/local/lib/thincert/refresh-rsyslog"
install -D -m 0644 "$here/thincert-rsyslog.service" "$root/etc/systemd/system/thincert-rsyslog.service"
install -D -m 0644 "$here/thincert-rsyslog.path" "$root/etc/systemd/system/thincert-rsyslog.path"
install -d -m 0700 "$root/var/lib/thincert"
chmod 0700 "$root/var/lib/thincert"
if [ "$root" = / ]; then
  chown thincert:thincert /var/lib/thincert
fi

# `systemctl --root` only writes the [Install] symlinks, so it works on a
# scratch root and on a system that is not running systemd yet.
if [ "$root" = / ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable thincert-kiosk.service
  systemctl enable thincert-rsyslog.path
  # restart, not start: an update's new paths take effect now.
  systemctl restart thincert-rsyslog.path
  # Once now, for a store that already names a log server (an update). Its
  # failure is the unit's to report, not a reason to undo the install.
  systemctl start thincert-rsyslog.service ||
    echo "install.sh: note: the rsyslog snippet was not refreshed; see systemctl status thincert-rsyslog.service" >&2
else
  systemctl --root="$root" enable thincert-kiosk.service thincert-rsyslog.path
fi

echo "ThinCert installed into $root: the kiosk starts on tty1 at the next boot (or now: systemctl start thincert-kiosk)."
